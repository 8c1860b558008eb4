"""Run every check on the Book, apply silencing, sort; format the findings for people or tools.

The manuscript is read once (``manuscript.load_book``) and resolved (``resolve.resolve``); what
they report goes to the diagnostics and is part of the findings (unknown keys and labels, broken
links, missing images …). Then every check family reads the same Book (``units.BookText``) and,
when asked, the layout checks read its print layout. ``check_book`` serves ``proof`` and
``serve``, which have read the Book already.

Silencing (docs/checks.md, pressroom/proof/sources.py): ``check: {ignore: […]}`` in book.yaml,
``check-ignore:`` markers on a line; ``check: {severity: {code: warning}}`` changes a code's
severity. ``select`` keeps the codes of ``--only`` and drops those of ``--ignore``. How findings are
printed (text with a summary per code, JSON, SARIF) is pressroom/proof/formats.py.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import importlib
import importlib.util
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from pressroom.book import Book
from pressroom.context import BuildContext, build_timestamp
from pressroom.findings import Diagnostics, Finding
from pressroom.manuscript import load_book
from pressroom.metadata import did_you_mean
from pressroom.proof import CODES, consistency, figures, finding, references, spelling, structure, typography
from pressroom.proof.formats import as_dict, format_findings, summary  # noqa: F401 (the CLI's, serve's)
from pressroom.proof.sources import TEXT_FILES, SourceLines
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
LAYOUT_MODULE = "pressroom.print.checks"
QUOTED = re.compile(r"'([^'\s]+)'")
TAG = re.compile(r"(<[a-zA-Z][\w:-]*)>")


def run_checks(manuscript: Path | str, layout: bool = False) -> list[Finding]:
    """Every finding for the manuscript (folder, book.yaml or single file), silenced and sorted.

    A manuscript that cannot be read at all (no book.yaml, metadata that is no YAML mapping)
    raises BookError, as a build would: there is no Book to check."""
    diagnostics = Diagnostics()
    book = load_book(Path(manuscript), diagnostics)
    layout = layout and layout_available()
    resolve(book, diagnostics, format_citations=layout)  # the checks read no citation's text; a layout does
    context = None
    if layout and not diagnostics.errors:  # a build would stop before layout
        context = BuildContext(book.folders.manuscript_dir, build_timestamp(book), diagnostics)
    return check_book(book, diagnostics, context)


def check_book(book: Book, diagnostics: Diagnostics, layout_context: BuildContext | None = None) -> list[Finding]:
    """The checks on a read and resolved Book: what reading and resolving reported (in
    ``diagnostics``), every family's findings, and the layout checks on ``layout_context``'s print
    layout when given; silenced and sorted. The families' findings are reported to ``diagnostics``."""
    text = BookText.of(book)
    found: list[Finding] = []
    for check in FAMILIES:
        found.extend(check(text))
    if layout_context is not None:
        found.extend(importlib.import_module(LAYOUT_MODULE).check_layout(book, layout_context))
    found.extend(unknown_codes(book))
    for item in found:
        diagnostics.report(item)
    return silence(diagnostics.findings, book, text.lines)


def unknown_codes(book: Book) -> list[Finding]:
    """Codes in book.yaml's ``check:`` that no check has: at their key's line, with the code meant."""
    meta = book.meta
    named = [*meta.check_ignore, *meta.check_severity]
    return [
        finding(
            "x-metadata",
            meta.source,
            meta.line_of("check"),
            1,
            f"unknown check code '{code}' in 'check' ({did_you_mean(code, CODES)})",
        )
        for code in named
        if code not in CODES and not code.startswith("l-")
    ]


def layout_available() -> bool:
    """Whether the layout checks (pressroom/print/checks.py) are there to run."""
    if LAYOUT_MODULE in sys.modules:
        return True
    try:
        return importlib.util.find_spec(LAYOUT_MODULE) is not None
    except (ImportError, ValueError):
        return False


def silence(findings: Iterable[Finding], book: Book, lines: SourceLines | None = None) -> list[Finding]:
    """Without the codes book.yaml ignores and those markers silence on their line; each with the
    severity book.yaml gives its code; sorted."""
    ignored = set(book.meta.check_ignore or [])
    severity = book.meta.check_severity or {}
    lines = lines or SourceLines(book)
    kept = []
    for item in dict.fromkeys(findings):
        item = with_column(item, lines)
        if item.code in ignored or lines.silenced(Path(item.file), item.line, item.code):
            continue
        if item.code in severity and item.severity != severity[item.code]:
            item = dataclasses.replace(item, severity=severity[item.code])
        kept.append(item)
    return sorted(with_context(item, lines) for item in kept)


def select(findings: list[Finding], only: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Finding]:
    """The findings whose code ``--only`` names (all when it names none) and ``--ignore`` does
    not. A pattern is a code (``t-range-hyphen``), a family (``s-`` or ``s``) or a glob (``t-*``)."""
    only, ignore = list(only), list(ignore)
    return [
        item
        for item in findings
        if (not only or any(matches(item.code, p) for p in only)) and not any(matches(item.code, p) for p in ignore)
    ]


def matches(code: str, pattern: str) -> bool:
    pattern = pattern.strip()
    if len(pattern) == 1:
        pattern += "-"
    return fnmatch.fnmatchcase(code, pattern + "*" if pattern.endswith("-") else pattern)


def with_column(item: Finding, lines: SourceLines) -> Finding:
    """A finding of the reader or resolve at column 1 gets the column of what its message names
    ('@key', a path or link after the colon, an HTML ``<tag>``) when that stands on its line; raw
    HTML inside a paragraph is reported at the paragraph's first line, so a tag is looked for on
    the paragraph's lines after it too."""
    if item.column != 1 or Path(item.file).suffix not in TEXT_FILES:
        return item
    source = lines.of(Path(item.file))
    if not 0 < item.line <= len(source):
        return item
    tag = TAG.search(item.message)
    if tag:
        return tag_place(item, source, tag[1])
    line = source[item.line - 1]
    named = QUOTED.search(item.message)
    needle = named[1] if named else item.message.rpartition(": ")[2].strip()
    column = line.find(needle) if needle else -1
    return dataclasses.replace(item, column=column + 1) if column > 0 else item


def tag_place(item: Finding, source: list[str], tag: str) -> Finding:
    """The first line of the paragraph at or after the finding's line with the tag on it."""
    pattern = re.compile(re.escape(tag) + r"(?![\w:-])", re.IGNORECASE)
    for number in range(item.line, len(source) + 1):
        text = source[number - 1]
        if number > item.line and not text.strip():
            break
        found = pattern.search(text)
        if found:
            return dataclasses.replace(item, line=number, column=found.start() + 1)
    return item


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


def exit_status(findings: list[Finding]) -> int:
    """1 when any finding is an error (warnings and notes never fail a run)."""
    return 1 if any(f.severity == "error" for f in findings) else 0
