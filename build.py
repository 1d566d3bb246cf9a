"""Build the carousels: `python build.py [POST…]` (the same as the `carrousel` command)."""

import sys

from carrousel.cli import main

if __name__ == "__main__":
    sys.exit(main())
