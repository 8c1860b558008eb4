"""The command line: ``make-book [COMMAND] [OPTIONS]`` (``python make_book.py`` in a checkout).

One argparse subcommand per job, each with only its own options; each handler is a few lines that
call the library, so everything the command does can be done from Python too.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from pressroom.context import default_jobs
from pressroom.errors import BookError
from pressroom.findings import Diagnostics, Finding
from pressroom.lock import output_lock
from pressroom.output import exit_status, signal_name, signals_as_interrupts

DESCRIPTION = """\
Build a book from a Markdown manuscript.

commands:
  all    the EPUB 3 ebook and the print PDF (the default when no command is given)
  epub   the EPUB 3 ebook only: OUT/<slug>.epub
  pdf    the print-ready PDF only: OUT/<slug>.pdf
  html   the whole book as one HTML page for reading in a browser: OUT/<slug>.html
  cover  the print cover, back + spine + front as one PDF sized for the laid-out interior
         (trim, bleed, page count, paper; book.yaml print: and back-cover): OUT/<slug>-cover.pdf
  check  proofread the manuscript: FILE:LINE:COL: CODE message for each finding (codes:
         docs/checks.md) and a summary per code, --format json or sarif for tools, --only and
         --ignore CODE; --accept WORD … and --accept-all learn words into dictionary.txt;
         exit status 1 when any error remains (warnings and notes do not count)
  proof  the print layout as a proof in OUT/proof/: <slug>-proof.pdf (PROOF stamp, version and
         date, line numbers, each finding's code beside its line, change bars), report.html and
         report.json (every finding with file:line and proof page and line), changes.html (what
         changed since the previous proof, kept in OUT/proof/previous/, word by word)
  serve  a live preview on http://127.0.0.1:PORT/ (--port, default 8000; 0: any free port): the
         book as one page with each block's file:line and the findings marked in place, rebuilt
         when the manuscript, images/ or styles/ change and reloaded in the browser; also
         writes OUT/<slug>.html
  init   a new book in DIR (default: the current folder) that builds at once: manuscript/
         (book.yaml, two chapters with a note, a citation and a figure, references.bib) and images/

Each command has its own options: make-book COMMAND --help. The building commands take
--manuscript/-m PATH (default: manuscript), --out/-o DIR (default: build), --quiet/-q and
--jobs/-j N (default: the number of CPUs).

The manuscript is a folder with book.yaml (metadata and the ordered list of Markdown files)
or a single Markdown file that starts with a YAML metadata block. The default theme (CSS,
templates, fonts, generated wording) is part of Pressroom; the book's styles/ folder
(inside the manuscript folder, or beside a folder named manuscript, or beside a single file)
overrides any of its files, and its custom.css adds rules after the theme's.
Problems in the manuscript are reported as FILE:LINE: MESSAGE with exit status 2; outputs
from earlier builds are left untouched when a build fails or is stopped (Ctrl-C: exit status
130, SIGTERM: 143). One build at a time writes to an OUT folder; another stops with status 2.
Set SOURCE_DATE_EPOCH to fix the build date (otherwise: the newest manuscript file's date)."""

BUILDS = {  # command: (editions, description); None: build.EDITIONS
    "all": (None, "Build the EPUB 3 ebook and the print PDF: OUT/<slug>.epub, OUT/<slug>.pdf."),
    "epub": (("epub",), "Build the EPUB 3 ebook only: OUT/<slug>.epub."),
    "pdf": (("pdf",), "Build the print-ready PDF only: OUT/<slug>.pdf."),
    "html": (("html",), "Write the whole book as one HTML page for reading in a browser: OUT/<slug>.html."),
    "cover": (
        ("cover",),
        "Write the print cover (back + spine + front, sized for the laid-out interior): OUT/<slug>-cover.pdf.",
    ),
}
TOP_LEVEL = {"-h", "--help", "--version"}


def package_version() -> str:
    try:
        return version("pressroom")
    except PackageNotFoundError:  # a checkout that was never installed
        return "unknown (not installed)"


def parser() -> argparse.ArgumentParser:
    """``make-book`` and its subcommands, each with only its own options."""
    manuscript = argparse.ArgumentParser(add_help=False)
    manuscript.add_argument(
        "--manuscript",
        "-m",
        type=Path,
        default=Path("manuscript"),
        metavar="PATH",
        help="manuscript folder (with book.yaml) or single Markdown file (default: manuscript)",
    )
    out = argparse.ArgumentParser(add_help=False)
    out.add_argument(
        "--out", "-o", type=Path, default=Path("build"), metavar="DIR", help="output folder (default: build)"
    )
    quiet = argparse.ArgumentParser(add_help=False)
    quiet.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors and warnings")
    jobs = argparse.ArgumentParser(add_help=False)
    jobs.add_argument(
        "--jobs",
        "-j",
        type=positive,
        default=default_jobs(),
        metavar="N",
        help="processes a build may use (default: the number of CPUs, here %(default)s); the print layout "
        "runs in one process for now, so it has no effect yet",
    )
    report_format = argparse.ArgumentParser(add_help=False)
    report_format.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="warnings and errors as FILE:LINE: lines on stderr (default), or one JSON document on stdout "
        "with the files written and every finding (code, severity, file, line, column, message)",
    )
    building = [manuscript, out, quiet, jobs]

    top = argparse.ArgumentParser(description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    top.add_argument("--version", action="version", version=f"make-book {package_version()}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", help="one of the commands above (default: all)")

    def command(name: str, description: str, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, description=description, parents=parents)
        sub.set_defaults(parser=sub)  # so that an option of another command is refused by this one
        return sub

    for name, (_, description) in BUILDS.items():
        command(name, description, [*building, report_format])
    check = command(
        "check",
        "Proofread the manuscript: FILE:LINE:COL: CODE message for each finding "
        "(codes: docs/checks.md), then a summary per code; exit status 1 when any error remains "
        "(warnings and notes do not count; book.yaml's check: severity sets a code's).",
        [manuscript, quiet],
    )
    check.add_argument(
        "--format",
        choices=["text", "json", "sarif"],
        default="text",
        help="findings as FILE:LINE:COL: CODE message lines and a summary per code (default), JSON, "
        "or SARIF 2.1.0 (for CI systems and editors)",
    )
    check.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="CODES",
        help="report only these codes: comma-separated codes, families (s-) or globs (t-*); may be repeated",
    )
    check.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="CODES",
        help="leave out these codes (as --only); book.yaml's check: ignore does so for good",
    )
    check.add_argument(
        "--accept",
        nargs="+",
        default=[],
        metavar="WORD",
        help="add these words to dictionary.txt beside book.yaml (sorted, each once), then check",
    )
    check.add_argument(
        "--accept-all",
        action="store_true",
        help="add every word the spelling checks report (s-misspelling, s-unknown-name) to dictionary.txt",
    )
    check.add_argument(
        "--layout", action="store_true", help="also lay out the print edition and check it (the l- checks)"
    )
    command(
        "proof",
        "Lay out the print edition as a proof in OUT/proof/: the proof PDF, report.html, report.json and changes.html.",
        building,
    )
    serve = command(
        "serve",
        "A live preview on http://127.0.0.1:PORT/, rebuilt and reloaded when the manuscript, "
        "images/ or styles/ change; also writes OUT/<slug>.html.",
        [manuscript, out],
    )
    serve.add_argument("--port", type=int, default=8000, help="the port on 127.0.0.1 (default: 8000; 0: any free port)")
    init = command(
        "init",
        "Write a new book that builds at once: DIR/manuscript/ (book.yaml, chapters, "
        "references.bib) and DIR/images/. An existing manuscript is never overwritten.",
        [quiet],
    )
    init.add_argument(
        "dir",
        nargs="?",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the book's folder (default: the current folder)",
    )
    return top


def positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {text}")
    return number


def print_warning(finding: Finding, quiet: bool = False) -> None:
    """A problem the build survives (an uncited entry, …): ``file:line: warning: message``, and
    notes (an EPUB without print page numbers) unless quiet. Errors are not printed here: the
    build stops and raises BuildFailed, which lists them."""
    if finding.severity == "warning" or (finding.severity == "note" and not quiet):
        print(finding.location(), file=sys.stderr)


@contextlib.contextmanager
def progress(args, label: str) -> Iterator[Callable[[str], None]]:
    """A spinner naming the current step on a terminal; nothing when quiet or redirected."""
    if args.quiet or not sys.stderr.isatty():
        yield lambda step: None
        return
    from rich.console import Console

    with Console(stderr=True).status(label) as status:
        yield lambda step: status.update(step)


def wrote(args, paths: list[Path]) -> int:
    """The build summary: each file written, with its size (``wrote build/x.epub (1.2 MB)``)."""
    if not args.quiet:
        for path in paths:
            print(f"wrote {path} ({human_size(path.stat().st_size)})" if path.is_file() else f"wrote {path}")
    return 0


def human_size(size: int) -> str:
    """A file's size as people read it, in decimal units: 812 bytes, 94 kB, 1.2 MB."""
    if size < 1000:
        return f"{size} bytes"
    if size < 999_500:
        return f"{size / 1000:.0f} kB"
    return f"{size / 1_000_000:.1f} MB"


def run_build(args) -> int:
    """``all``, ``epub``, ``pdf``, ``html``, ``cover``: the editions into OUT/."""
    from pressroom.build import EDITIONS, build

    editions = BUILDS[args.command][0] or EDITIONS
    if args.format == "json":
        return build_as_json(args, editions)
    diagnostics = Diagnostics(on_report=lambda finding: print_warning(finding, args.quiet))
    with progress(args, "building") as step:
        outputs = build(args.manuscript, args.out, editions, progress=step, diagnostics=diagnostics, jobs=args.jobs)
    return wrote(args, outputs)


def build_as_json(args, editions: tuple[str, ...]) -> int:
    """``--format json``: one document on stdout, for CI and editors: what was written and every
    warning and error of every stage; exit status 2 when the build stopped."""
    from pressroom.build import build
    from pressroom.proof.checks import as_dict

    diagnostics, outputs, status = Diagnostics(), [], 0
    try:
        outputs = build(args.manuscript, args.out, editions, diagnostics=diagnostics, jobs=args.jobs)
    except BookError as error:
        diagnostics.problem(error)
        status = 2
    document = {
        "outputs": [str(path) for path in outputs],
        "sizes": {str(path): path.stat().st_size for path in outputs if path.is_file()},  # bytes
        "findings": [as_dict(f) for f in diagnostics.findings],
    }
    print(json.dumps(document, ensure_ascii=False, indent=2))
    return status


def check(args) -> int:
    """``check``: every finding, sorted; 1 if any is an error, 2 if the manuscript cannot be read."""
    from pressroom.proof.checks import exit_status, format_findings, layout_available, run_checks, select, summary

    if args.layout and not layout_available():
        print("layout checks are not available: skipped", file=sys.stderr)
    if args.accept:
        learn(args, args.accept)
    findings = select(run_checks(args.manuscript, layout=args.layout), codes(args.only), codes(args.ignore))
    if args.accept_all:  # the words listed: --ignore s-unknown-name learns only the misspellings
        findings = learn(args, [], findings)
    if output := format_findings(findings, args.format, totals=not args.quiet):
        print(output)
    if not args.quiet:
        print(summary(findings), file=sys.stderr)
    return exit_status(findings)


def codes(options: list[str]) -> list[str]:
    return [code.strip() for option in options for code in option.split(",") if code.strip()]


def learn(args, words: list[str], findings: list[Finding] | None = None) -> list[Finding]:
    """``--accept``: the words into dictionary.txt; ``--accept-all``: every word the spelling
    checks found, and the findings without theirs."""
    from pressroom.proof.accept import accept, dictionary_path, unknown_words

    words = words or unknown_words(findings or [])
    path = dictionary_path(args.manuscript)
    added = accept(path, words)
    if not args.quiet:
        print(f"{path}: {len(added)} word{'' if len(added) == 1 else 's'} added", file=sys.stderr)
    return [f for f in findings or [] if f.code not in ("s-misspelling", "s-unknown-name")]


def proof(args) -> int:
    """``proof``: OUT/proof/; the last file written is the snapshot kept for the next proof."""
    from pressroom.proof.build import build_proof

    with progress(args, "proofing") as step:
        # TODO(proof/build.py): pass jobs=args.jobs once build_proof() takes it.
        outputs = build_proof(args.manuscript, args.out, progress=step)
    return wrote(args, outputs[:-1])


def serve(args) -> int:
    """``serve``: until interrupted (Ctrl-C)."""
    from pressroom.serve import serve

    return serve(args.manuscript, args.out, args.port)


def init(args) -> int:
    """``init``: the starter book into DIR."""
    from pressroom.starter import init_book

    written = init_book(args.dir)
    if not args.quiet:
        print(f"wrote a new book: {len(written)} files in {args.dir / 'manuscript'} and {args.dir / 'images'}")
        print(f"build it with: make-book all -m {args.dir / 'manuscript'} -o {args.dir / 'build'}")
    return 0


HANDLERS = {**dict.fromkeys(BUILDS, run_build), "check": check, "proof": proof, "serve": serve, "init": init}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in TOP_LEVEL):
        argv.insert(0, "all")  # `make-book`, `make-book -m book/manuscript`: build everything
    args, unknown = parser().parse_known_args(argv)
    if unknown:
        args.parser.error(f"unrecognized arguments: {' '.join(unknown)}")  # exit 2
    with signals_as_interrupts():  # SIGTERM ends a build as Ctrl-C does: temporary files removed
        try:
            if args.command == "proof":  # the builds lock OUT themselves (build.build)
                with output_lock(args.out):
                    return HANDLERS[args.command](args)
            return HANDLERS[args.command](args)
        except BookError as error:  # BuildFailed lists every finding, one file:line: message each
            print(str(error), file=sys.stderr)
            return 2
        except KeyboardInterrupt as interrupt:  # Ctrl-C, SIGTERM, SIGHUP: one line, no traceback
            print(f"make-book: stopped by {signal_name(interrupt)}; earlier outputs left as they were", file=sys.stderr)
            return exit_status(interrupt)
