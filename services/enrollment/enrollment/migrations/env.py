from chassis.migrations import run_env
from enrollment.models import metadata

run_env(metadata)
