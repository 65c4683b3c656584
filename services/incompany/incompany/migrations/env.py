from chassis.migrations import run_env
from incompany.models import metadata

run_env(metadata)
