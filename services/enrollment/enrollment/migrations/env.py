from chassis.migrations import run_env
from enrollment.adapters.tables import metadata

run_env(metadata)
