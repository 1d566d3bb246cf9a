"""Build the carousels: `python build.py [POST…]` (the same as the `carrousel` command)."""

from carrousel.cli import entry

if __name__ == "__main__":
    entry()
