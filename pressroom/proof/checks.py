"""Run every check on a manuscript, apply silencing, sort; format the findings for people or tools.

Silencing (docs/checks.md):
- for the whole book, in book.yaml: ``check: {ignore: [c-name-variant, …]}``;
- on one spot, a marker in a comment: ``<!-- check-ignore: t-range-hyphen -->`` at the end of the
  line silences those codes on that line; alone on a line, it silences them on the next line too.
  (``# check-ignore: …`` or ``% check-ignore: …`` in YAML and BibTeX files.)

Layout checks (overflowing lines, widows, short pages) need the print layout; with ``layout=True``
the book is built in memory and handed to ``pressroom.print.checks.check_layout(book, context)`` when that
module exists.
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

from pressroom.build import build_timestamp
from pressroom.context import BuildContext
from pressroom.errors import BookError, display_path
from pressroom.findings import Finding
from pressroom.manuscript import load_book
from pressroom.proof import consistency, figures, references, spelling, structure, typography
from pressroom.proof.source import Manuscript, build_error, read_manuscript

FAMILIES: list[Callable[[Manuscript], Iterable[Finding]]] = [
    typography.check, spelling.check, consistency.check, references.check, figures.check, structure.check,
]
MARKER = re.compile(r"check-ignore:\s*([a-z]-[a-z-]*[a-z](?:[\s,]+[a-z]-[a-z-]*[a-z])*)")
HTML_COMMENT_ONLY = re.compile(r"^\s*(?:<!--.*?-->\s*)*$")
COMMENT_ONLY = re.compile(r"^\s*(?:#|%|//)")  # YAML, BibTeX
MARKDOWN = {".md", ".markdown", ".txt"}
LAYOUT_MODULE = "pressroom.print.checks"


def run_checks(manuscript: Path | str, layout: bool = False) -> list[Finding]:
    """Every finding for the manuscript (folder, book.yaml or single file), silenced and sorted.

    A manuscript whose metadata cannot be read raises BookError, as a build would."""
    book = read_manuscript(Path(manuscript))
    findings = list(book.problems)
    for check in FAMILIES:
        findings.extend(check(book))
    findings.extend(build_problems(Path(manuscript), findings, layout))
    return silence(findings, book)


def build_problems(manuscript: Path, findings: list[Finding], layout: bool) -> list[Finding]:
    """What reading the book as a build does stops at (not already found), and layout findings."""
    errors = {(Path(f.file).resolve(), f.line) for f in findings if f.severity == "error"}
    try:
        book = load_book(manuscript)
        if layout:
            from pressroom.resolve import resolve

            book = resolve(book)
    except BookError as error:
        problem = build_error(error)
        return [] if (Path(problem.file).resolve(), problem.line) in errors else [problem]
    if not layout or not layout_available():
        return []
    context = BuildContext(manuscript, build_timestamp(book))  # out_dir unused: nothing is written
    return list(importlib.import_module(LAYOUT_MODULE).check_layout(book, context))


def layout_available() -> bool:
    """Whether the layout checks (pressroom/print/checks.py) are there to run."""
    if LAYOUT_MODULE in sys.modules:
        return True
    try:
        return importlib.util.find_spec(LAYOUT_MODULE) is not None
    except (ImportError, ValueError):
        return False


def silence(findings: Iterable[Finding], book: Manuscript) -> list[Finding]:
    ignored = set(getattr(book.meta, "check_ignore", None) or [])
    markers: dict[Path, dict[int, set[str]]] = {}
    kept = []
    for item in dict.fromkeys(findings):
        if item.code in ignored:
            continue
        path = Path(item.file)
        if path not in markers:
            markers[path] = read_markers(path)
        if item.code in markers[path].get(item.line, ()):
            continue
        kept.append(item)
    return sorted(with_context(item) for item in kept)


def with_context(item: Finding, width: int = 100) -> Finding:
    """The finding with ``context``: the stretch of its source line around the column."""
    if item.context or Path(item.file).suffix not in MARKDOWN | {".yaml", ".yml", ".bib"}:
        return item
    try:
        lines = Path(item.file).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return item
    if not 0 < item.line <= len(lines):
        return item
    line = lines[item.line - 1]
    start = max(0, min(item.column - 1 - width // 2, len(line) - width))
    return dataclasses.replace(item, context=line[start:start + width].strip())


def read_markers(path: Path) -> dict[int, set[str]]:
    """Line number → codes silenced there by ``check-ignore:`` markers."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return {}
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
    data = {"file": display_path(str(item.file)), "line": item.line, "column": item.column,
            "code": item.code, "severity": item.severity, "message": item.message}
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
