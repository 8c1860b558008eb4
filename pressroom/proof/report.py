"""The proof report: every finding with its sentence, file:line and proof page and line.

``report.json`` for tools and ``report.html`` (``styles/templates/proof/report.html`` with
``styles/proof-report.css`` inlined) for people: a summary on top (errors, warnings, pages, date,
version), the count of each code, then the findings grouped by chapter (the chapter titles from
the Book; files that are no chapter, such as book.yaml or the bibliography, after them).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from pressroom.book import Book, Chapter
from pressroom.errors import display_path
from pressroom.findings import Finding
from pressroom.proof import CODES
from pressroom.proof.lines import ProofLayout, Row
from pressroom.templating import environment

SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]*_]*\s+")
NOTE_LABEL = re.compile(r"\[\^[^\]]+\]:\s*")
LONGEST = 320  # characters of a sentence shown around the problem


@dataclass
class Located:
    """A finding and where the proof sets it."""

    finding: Finding
    row: Row | None  # None when the finding's file is not laid out (book.yaml, .bib, images)
    chapter: Chapter | None


def locate(findings: list[Finding], proof: ProofLayout, book: Book) -> list[Located]:
    located = []
    for item in findings:
        page = item.page - 1 if item.page else None
        row = proof.locate(Path(item.file), item.line, item.column, page)
        located.append(Located(item, row, chapter_of(book, Path(item.file), item.line)))
    return located


def chapter_of(book: Book, file: Path, line: int) -> Chapter | None:
    """The chapter the file's line is in: the last of the file's chapters starting at or before it."""
    try:
        file = file.resolve()
    except OSError:
        return None
    chapters = [c for c in book.chapters if c.file.resolve() == file]
    before = [c for c in chapters if c.line <= line]
    return before[-1] if before else (chapters[0] if chapters else None)


def report_data(
    book: Book, proof: ProofLayout, located: list[Located], version: str, date: str, pdf_name: str, pages: int
) -> dict:
    """Everything both reports show, as plain data (what report.json holds)."""
    order = {id(chapter): index for index, chapter in enumerate(book.chapters)}
    rows = sorted(
        located,
        key=lambda item: (
            order.get(id(item.chapter), len(order)),
            "" if item.chapter else display_name(book, item.finding.file),
            item.finding.line,
            item.finding.column,
            item.finding.code,
        ),
    )
    groups: list[dict] = []
    findings = []
    for item in rows:
        entry = finding_data(book, proof, item)
        findings.append(entry)
        title = item.chapter.title_text if item.chapter else entry["file"]
        key = ("chapter", id(item.chapter)) if item.chapter else ("file", entry["file"])
        if not groups or groups[-1]["key"] != key:
            chapter = item.chapter
            groups.append(
                {
                    "key": key,
                    "title": title,
                    "file": entry["file"],
                    "number": chapter.number if chapter else "",
                    "role": chapter.role if chapter else "file",
                    "findings": [],
                }
            )
        groups[-1]["findings"].append(entry)
    errors = sum(1 for f in findings if f["severity"] == "error")
    counts: dict[str, dict] = {}
    for entry in findings:
        count = counts.setdefault(
            entry["code"],
            {
                "code": entry["code"],
                "severity": entry["severity"],
                "count": 0,
                "what": CODES.get(entry["code"], ("", ""))[1],
            },
        )
        count["count"] += 1
    return {
        "title": book.meta.title,
        "version": version,
        "date": date,
        "pages": pages,
        "proof": pdf_name,
        "summary": {"findings": len(findings), "errors": errors, "warnings": len(findings) - errors},
        "counts": sorted(counts.values(), key=lambda c: (-c["count"], c["code"])),
        "chapters": [
            {
                "title": g["title"],
                "file": g["file"],
                "number": g["number"],
                "role": g["role"],
                "errors": sum(1 for f in g["findings"] if f["severity"] == "error"),
                "warnings": sum(1 for f in g["findings"] if f["severity"] != "error"),
                "findings": g["findings"],
            }
            for g in groups
        ],
    }


def finding_data(book: Book, proof: ProofLayout, item: Located) -> dict:
    f, row = item.finding, item.row
    before, spot, after = sentence(f)
    return {
        "code": f.code,
        "severity": f.severity,
        "message": f.message,
        "sentence": f"{before}{spot}{after}",
        "spot": [len(before), len(before) + len(spot)],
        "file": display_name(book, f.file),
        "path": str(Path(f.file).resolve()),
        "line": f.line,
        "column": f.column,
        "chapter": item.chapter.title_text if item.chapter else None,
        "page": row.page + 1 if row else f.page,
        "folio": proof.folio(row.page) if row else (proof.folio(f.page - 1) if f.page else None),
        "proof_line": row.number if row else None,
    }


def display_name(book: Book, file) -> str:
    """A file as the report names it: relative to the manuscript folder when inside it."""
    path = Path(file)
    try:
        return path.resolve().relative_to(book.folders.manuscript_dir).as_posix()
    except (ValueError, OSError):
        return display_path(str(path))


def sentence(f: Finding) -> tuple[str, str, str]:
    """The sentence a finding is in, from its source paragraph: (before, the word at the column,
    after). Falls back to the finding's context when the source cannot be read."""
    try:
        lines = Path(f.file).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return "", f.context, ""
    if not 0 < f.line <= len(lines) or Path(f.file).suffix not in {".md", ".markdown", ".txt"}:
        return "", f.context or (lines[f.line - 1].strip() if 0 < f.line <= len(lines) else ""), ""
    start = end = f.line - 1
    while start > 0 and lines[start - 1].strip():
        start -= 1
    while end + 1 < len(lines) and lines[end + 1].strip():
        end += 1
    paragraph = " ".join(line.strip() for line in lines[start : end + 1])
    offset = sum(len(line.strip()) + 1 for line in lines[start : f.line - 1])
    current = lines[f.line - 1]
    indent = len(current) - len(current.lstrip())
    offset += min(max(f.column - 1 - indent, 0), len(current.strip()))
    label = NOTE_LABEL.match(paragraph)  # a footnote's "[^label]: " is not part of its text
    if label and offset >= label.end():
        paragraph, offset = paragraph[label.end() :], offset - label.end()
    bounds = [0, *(m.end() for m in SENTENCE_END.finditer(paragraph)), len(paragraph)]
    first = max(b for b in bounds if b <= offset) if offset < len(paragraph) else bounds[-2]
    last = min((b for b in bounds if b > offset), default=len(paragraph))
    text = paragraph[first:last].rstrip()
    at = offset - first
    word = re.match(r"\S*", text[at:])[0] if at < len(text) else ""
    if re.search(r"\w", word):  # the word, not the punctuation after it
        word = word[: len(word) - len(re.search(r"[.,;:!?)\]”’\"']*$", word)[0])] or word
    if not word and at < len(text):  # a problem at a space (double spaces): show the spaces
        word = re.match(r"\s*", text[at:])[0]
    before, after = text[:at], text[at + len(word) :]
    if len(text) > LONGEST:
        before = ("…" + before[-(LONGEST // 2) :].lstrip()) if len(before) > LONGEST // 2 else before
        after = (after[: LONGEST // 2].rstrip() + "…") if len(after) > LONGEST // 2 else after
    return before, word, after


def report_json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def report_html(book: Book, data: dict) -> str:
    css = book.folders.theme_file("proof-report.css").read_text(encoding="utf-8")
    return (
        environment(book)
        .get_template("proof/report.html")
        .render(report=data, css=Markup(css), href=lambda entry: Path(entry["path"]).as_uri())
    )
