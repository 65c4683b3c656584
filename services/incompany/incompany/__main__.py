import sys

from chassis.cli import main as run
from incompany.service import DEFINITION


def main() -> int:
    return run(DEFINITION)


if __name__ == "__main__":
    sys.exit(main())
