from chassis.migrations import run_env
from incompany.adapters.tables import metadata

run_env(metadata)
