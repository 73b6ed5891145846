"""Run the command line with ``python -m ocrfix``."""

import sys

from ocrfix.cli import main

if __name__ == "__main__":
    sys.exit(main())
