"""Run every check on the Book, apply silencing, sort; format the findings for people or tools.

The manuscript is read once (``manuscript.load_book``) and resolved (``resolve.resolve``); what
they report goes to the diagnostics and is part of the findings (unknown keys and labels, broken
links, missing images …). Then every check family reads the same Book (``units.BookText``) and,
when asked, the layout checks read its print layout. ``check_book`` serves ``proof`` and
``serve``, which have read the Book already.

Silencing (docs/checks.md):
- for the whole book, in book.yaml: ``check: {ignore: [c-name-variant, …]}``;
- on one spot, a marker in a comment: ``<!-- check-ignore: t-range-hyphen -->`` at the end of the
  line silences those codes on that line; alone on a line, it silences them on the next line too.
  (``# check-ignore: …`` or ``% check-ignore: …`` in YAML and BibTeX files.)
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import json
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from pressroom.book import Book
from pressroom.build import build_timestamp
from pressroom.context import BuildContext
from pressroom.errors import display_path
from pressroom.findings import Diagnostics, Finding
from pressroom.manuscript import load_book
from pressroom.proof import consistency, figures, references, spelling, structure, typography
from pressroom.proof.units import BookText
from pressroom.resolve import resolve

FAMILIES: list[Callable[[BookText], Iterable[Finding]]] = [
    typography.check,
    spelling.check,
    consistency.check,
    references.check,
    figures.check,
    structure.check,
]
MARKER = re.compile(r"check-ignore:\s*([a-z]-[a-z-]*[a-z](?:[\s,]+[a-z]-[a-z-]*[a-z])*)")
HTML_COMMENT_ONLY = re.compile(r"^\s*(?:<!--.*?-->\s*)*$")
COMMENT_ONLY = re.compile(r"^\s*(?:#|%|//)")  # YAML, BibTeX
MARKDOWN = {".md", ".markdown", ".txt"}
LAYOUT_MODULE = "pressroom.print.checks"
QUOTED = re.compile(r"'([^'\s]+)'")


def run_checks(manuscript: Path | str, layout: bool = False) -> list[Finding]:
    """Every finding for the manuscript (folder, book.yaml or single file), silenced and sorted.

    A manuscript that cannot be read at all (no book.yaml, metadata that is no YAML mapping)
    raises BookError, as a build would: there is no Book to check."""
    diagnostics = Diagnostics()
    book = load_book(Path(manuscript), diagnostics)
    resolve(book, diagnostics)
    context = None
    if layout and layout_available() and not diagnostics.errors:  # a build would stop before layout
        context = BuildContext(book.folders.manuscript_dir, build_timestamp(book), diagnostics)
    return check_book(book, diagnostics, context)


def check_book(book: Book, diagnostics: Diagnostics, layout_context: BuildContext | None = None) -> list[Finding]:
    """The checks on a read and resolved Book: what reading and resolving reported (in
    ``diagnostics``), every family's findings, and the layout checks on ``layout_context``'s print
    layout when given; silenced and sorted. The families' findings are reported to ``diagnostics``."""
    text = BookText.of(book)
    for check in FAMILIES:
        for item in check(text):
            diagnostics.report(item)
    if layout_context is not None:
        for item in importlib.import_module(LAYOUT_MODULE).check_layout(book, layout_context):
            diagnostics.report(item)
    return silence(diagnostics.findings, book)


def layout_available() -> bool:
    """Whether the layout checks (pressroom/print/checks.py) are there to run."""
    if LAYOUT_MODULE in sys.modules:
        return True
    try:
        return importlib.util.find_spec(LAYOUT_MODULE) is not None
    except (ImportError, ValueError):
        return False


def silence(findings: Iterable[Finding], book: Book) -> list[Finding]:
    ignored = set(book.meta.check_ignore or [])
    lines = SourceLines(book)
    kept = []
    for item in dict.fromkeys(findings):
        if item.code in ignored or item.code in lines.markers(Path(item.file)).get(item.line, ()):
            continue
        kept.append(item)
    return sorted(with_context(with_column(item, lines), lines) for item in kept)


class SourceLines:
    """The lines of the files findings point at: the Book's Markdown files as read, and the
    metadata and bibliography files read as text (never parsed here)."""

    def __init__(self, book: Book):
        self.lines: dict[Path, list[str]] = {source.path.resolve(): source.lines for source in book.sources}
        self._markers: dict[Path, dict[int, set[str]]] = {}

    def of(self, path: Path) -> list[str]:
        path = Path(path).resolve()
        if path not in self.lines:
            try:
                self.lines[path] = path.read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                self.lines[path] = []
        return self.lines[path]

    def markers(self, path: Path) -> dict[int, set[str]]:
        path = Path(path).resolve()
        if path not in self._markers:
            self._markers[path] = read_markers(path, self.of(path)) if path.suffix in TEXT_FILES else {}
        return self._markers[path]


TEXT_FILES = MARKDOWN | {".yaml", ".yml", ".bib", ".json"}


def with_column(item: Finding, lines: SourceLines) -> Finding:
    """A finding of the reader or resolve at column 1 gets the column of what its message names
    ('@key', a path or link after the colon) when that stands on its line."""
    if item.column != 1 or Path(item.file).suffix not in TEXT_FILES:
        return item
    source = lines.of(Path(item.file))
    if not 0 < item.line <= len(source):
        return item
    line = source[item.line - 1]
    named = QUOTED.search(item.message)
    needle = named[1] if named else item.message.rpartition(": ")[2].strip()
    column = line.find(needle) if needle else -1
    return dataclasses.replace(item, column=column + 1) if column > 0 else item


def with_context(item: Finding, lines: SourceLines, width: int = 100) -> Finding:
    """The finding with ``context``: the stretch of its source line around the column."""
    if item.context or Path(item.file).suffix not in TEXT_FILES:
        return item
    lines = lines.of(Path(item.file))
    if not 0 < item.line <= len(lines):
        return item
    line = lines[item.line - 1]
    start = max(0, min(item.column - 1 - width // 2, len(line) - width))
    return dataclasses.replace(item, context=line[start : start + width].strip())


def read_markers(path: Path, lines: list[str]) -> dict[int, set[str]]:
    """Line number → codes silenced there by ``check-ignore:`` markers."""
    silenced: dict[int, set[str]] = {}
    for number, line in enumerate(lines, start=1):
        for match in MARKER.finditer(line):
            codes = set(re.split(r"[\s,]+", match[1].strip()))
            silenced.setdefault(number, set()).update(codes)
            alone = HTML_COMMENT_ONLY.match(line) or (path.suffix not in MARKDOWN and COMMENT_ONLY.match(line))
            if alone:
                silenced.setdefault(number + 1, set()).update(codes)
    return silenced


def as_dict(item: Finding) -> dict:
    data = {
        "file": display_path(str(item.file)),
        "line": item.line,
        "column": item.column,
        "code": item.code,
        "severity": item.severity,
        "message": item.message,
    }
    if item.page is not None:
        data["page"] = item.page
    return data


def format_findings(findings: list[Finding], form: str = "text") -> str:
    """``file:line:col: CODE message`` lines, sorted (so grouped by file), or a JSON list."""
    if form == "json":
        return json.dumps([as_dict(item) for item in findings], ensure_ascii=False, indent=2)
    return "\n".join(f"{display_path(str(f.file))}:{f.line}:{f.column}: {f.code} {f.message}" for f in findings)


def summary(findings: list[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    files = len({f.file for f in findings})
    plural = lambda n, word: f"{n} {word}{'' if n == 1 else 's'}"  # noqa: E731
    if not findings:
        return "no problems found"
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(files, 'file')}"


def exit_status(findings: list[Finding]) -> int:
    return 1 if any(f.severity == "error" for f in findings) else 0
