import sys

from enrollment.service import DEFINITION
from chassis.cli import main as run


def main() -> int:
    return run(DEFINITION)


if __name__ == "__main__":
    sys.exit(main())
