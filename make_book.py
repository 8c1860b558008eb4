#!/usr/bin/env python3
"""Build the book: see ``python make_book.py --help`` (installed: ``make-book --help``). The command line lives
in pressroom/cli.py."""

import sys

from pressroom.cli import main

if __name__ == "__main__":
    sys.exit(main())
