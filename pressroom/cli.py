"""The command line: ``python make_book.py [all|epub|pdf|html|cover|check|proof|serve] [--manuscript PATH] [--out DIR]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pressroom.build import EDITIONS, build
from pressroom.errors import BookError, display_path

DESCRIPTION = """\
Build a book from a Markdown manuscript.

  all    the EPUB 3 ebook and the print PDF (the default)
  epub   the EPUB 3 ebook only: OUT/<slug>.epub
  pdf    the print-ready PDF only: OUT/<slug>.pdf
  html   the whole book as one HTML page for reading in a browser: OUT/<slug>.html
  cover  the print cover, back + spine + front as one PDF sized for the laid-out interior
         (trim, bleed, page count, paper; book.yaml print: and back-cover): OUT/<slug>-cover.pdf
  check  proofread the manuscript: FILE:LINE:COL: CODE message for each finding (codes:
         docs/checks.md), --format json for tools; exit status 1 when any error remains
  proof  the print layout as a proof in OUT/proof/: <slug>-proof.pdf (PROOF stamp, version and
         date, line numbers, each finding's code beside its line, change bars), report.html and
         report.json (every finding with file:line and proof page and line), changes.html (what
         changed since the previous proof, kept in OUT/proof/previous/, word by word)
  serve  a live preview on http://127.0.0.1:PORT/ (--port, default 8000; 0: any free port): the
         book as one page with each block's file:line and the findings marked in place, rebuilt
         when the manuscript, images/ or styles/ change and reloaded in the browser; also
         writes OUT/<slug>.html

The manuscript is a folder with book.yaml (metadata and the ordered list of Markdown files)
or a single Markdown file that starts with a YAML metadata block.
Problems in the manuscript are reported as FILE:LINE: MESSAGE with exit status 2; outputs
from earlier builds are left untouched when a build fails.
Set SOURCE_DATE_EPOCH to fix the build date (otherwise: the newest manuscript file's date)."""


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="make_book.py", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="all", choices=["all", "epub", "pdf", "html", "cover", "check", "proof", "serve"],
                        help="what to build (default: all)")
    parser.add_argument("--manuscript", "-m", type=Path, default=Path("manuscript"), metavar="PATH",
                        help="manuscript folder (with book.yaml) or single Markdown file (default: manuscript)")
    parser.add_argument("--out", "-o", type=Path, default=Path("build"), metavar="DIR",
                        help="output folder (default: build)")
    parser.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors and warnings")
    parser.add_argument("--format", choices=["text", "json"], default="text",
                        help="check: findings as FILE:LINE:COL: CODE message lines (default) or JSON")
    parser.add_argument("--layout", action="store_true",
                        help="check: also lay out the print edition and check it (pressroom/layout_checks.py)")
    parser.add_argument("--port", type=int, default=8000,
                        help="serve: the port on 127.0.0.1 (default: 8000; 0: any free port)")
    return parser


def check(args) -> int:
    """``check``: every finding, sorted; 1 if any is an error, 2 if the manuscript cannot be read."""
    from pressroom.proof.checks import exit_status, format_findings, layout_available, run_checks, summary

    if args.layout and not layout_available():
        print("layout checks are not available (pressroom/layout_checks.py): skipped", file=sys.stderr)
    try:
        findings = run_checks(args.manuscript, layout=args.layout)
    except BookError as error:
        print(str(error), file=sys.stderr)
        return 2
    output = format_findings(findings, args.format)
    if output:
        print(output)
    if not args.quiet:
        print(summary(findings), file=sys.stderr)
    return exit_status(findings)


def proof(args) -> int:
    """``proof``: OUT/proof/ (pressroom/proof/build.py); 2 if the manuscript cannot be built."""
    from pressroom.proof.build import build_proof

    try:
        if not args.quiet and sys.stderr.isatty():
            from rich.console import Console

            with Console(stderr=True).status("proofing") as status:
                outputs = build_proof(args.manuscript, args.out, progress=lambda step: status.update(step))
        else:
            outputs = build_proof(args.manuscript, args.out)
    except BookError as error:
        print(str(error), file=sys.stderr)
        return 2
    if not args.quiet:
        for path in outputs[:-1]:  # the last is the snapshot kept for the next proof
            print(f"wrote {path}")
    return 0


def warn(finding) -> None:
    """A problem the build survives (an uncited entry, …): ``file:line: warning: message``."""
    print(f"{display_path(str(finding.file))}:{finding.line}: warning: {finding.message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "check":
        return check(args)
    if args.command == "proof":
        return proof(args)
    if args.command == "serve":
        from pressroom.serve import serve

        return serve(args.manuscript, args.out, args.port)
    editions = EDITIONS if args.command == "all" else (args.command,)
    show = not args.quiet and sys.stderr.isatty()
    try:
        if show:
            from rich.console import Console

            console = Console(stderr=True)
            with console.status("building") as status:
                outputs = build(args.manuscript, args.out, editions, progress=lambda step: status.update(step),
                                warn=warn)
        else:
            outputs = build(args.manuscript, args.out, editions, warn=warn)
    except BookError as error:
        print(str(error), file=sys.stderr)
        return 2
    if not args.quiet:
        for path in outputs:
            print(f"wrote {path}")
    return 0
