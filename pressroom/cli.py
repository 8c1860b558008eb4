"""The command line: ``python make_book.py [all|epub|pdf|html] [--manuscript PATH] [--out DIR]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pressroom.build import EDITIONS, build
from pressroom.errors import BookError

DESCRIPTION = """\
Build a book from a Markdown manuscript.

  all    the EPUB 3 ebook and the print PDF (the default)
  epub   the EPUB 3 ebook only: OUT/<slug>.epub
  pdf    the print-ready PDF only: OUT/<slug>.pdf
  html   the whole book as one HTML page for reading in a browser: OUT/<slug>.html

The manuscript is a folder with book.yaml (metadata and the ordered list of Markdown files)
or a single Markdown file that starts with a YAML metadata block.
Problems in the manuscript are reported as FILE:LINE: MESSAGE with exit status 2; outputs
from earlier builds are left untouched when a build fails.
Set SOURCE_DATE_EPOCH to fix the build date (otherwise: the newest manuscript file's date)."""


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="make_book.py", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="all", choices=["all", "epub", "pdf", "html"],
                        help="what to build (default: all)")
    parser.add_argument("--manuscript", "-m", type=Path, default=Path("manuscript"), metavar="PATH",
                        help="manuscript folder (with book.yaml) or single Markdown file (default: manuscript)")
    parser.add_argument("--out", "-o", type=Path, default=Path("build"), metavar="DIR",
                        help="output folder (default: build)")
    parser.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    editions = EDITIONS if args.command == "all" else (args.command,)
    show = not args.quiet and sys.stderr.isatty()
    try:
        if show:
            from rich.console import Console

            console = Console(stderr=True)
            with console.status("building") as status:
                outputs = build(args.manuscript, args.out, editions, progress=lambda step: status.update(step))
        else:
            outputs = build(args.manuscript, args.out, editions)
    except BookError as error:
        print(str(error), file=sys.stderr)
        return 2
    if not args.quiet:
        for path in outputs:
            print(f"wrote {path}")
    return 0
