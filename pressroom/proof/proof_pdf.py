"""The proof PDF: the print edition's pages with proof marks drawn over them.

The print edition is laid out as ``make_book.py pdf`` lays it out (``pressroom.print.layout``), so the
proof's pages are the book's pages. A second, transparent document has one page per print page,
the same size and bleed, carrying the marks (``styles/templates/proof/marks.html`` styled by
``styles/proof.css``): the PROOF stamp with the version and date, the line numbers of
``pressroom.proof.lines`` in the outer margin, each finding's code beside its line, and change
bars. pypdf lays each marks page over its print page.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import pypdf
from markupsafe import Markup
from pypdf.generic import NameObject
from weasyprint.formatting_structure import boxes

from pressroom.book import Book
from pressroom.findings import Finding
from pressroom.print.layout import PrintLayout, render
from pressroom.print.writer import pdf_bytes
from pressroom.proof.lines import ProofLayout, Row
from pressroom.templating import environment

STYLESHEETS = ("fonts.css", "proof.css")


@dataclass
class Marks:
    """What the proof marks beside its rows, keyed by (physical page index, row number)."""

    findings: dict[tuple[int, int], list[Finding]] = field(default_factory=dict)
    changed: set[tuple[int, int]] = field(default_factory=set)

    def add_finding(self, row: Row, finding: Finding) -> None:
        self.findings.setdefault((row.page, row.number), []).append(finding)

    def add_change(self, row: Row) -> None:
        self.changed.add((row.page, row.number))


def proof_pdf(book: Book, result: PrintLayout, proof: ProofLayout, marks: Marks, version: str, date: str) -> bytes:
    """The print PDF (as the book's print profile wants it) with the marks laid over each page."""
    printed = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_bytes(book, result)))
    overlay = pypdf.PdfReader(io.BytesIO(marks_pdf(book, result, proof, marks, version, date)))
    seen = set()
    for page in printed.pages:  # blank pages share their content: each gets its own first
        number = getattr(page.get("/Contents"), "idnum", None)
        if number is not None and number in seen:
            content = page.get_contents()
            del page[NameObject("/Contents")]
            page.replace_contents(content)
        seen.add(number)
    for page, mark in zip(printed.pages, overlay.pages):
        page.merge_page(mark)
    stream = io.BytesIO()
    printed.write(stream)
    return stream.getvalue()


def marks_pdf(book: Book, result: PrintLayout, proof: ProofLayout, marks: Marks, version: str, date: str) -> bytes:
    """The marks, one page per print page. Codes of neighbouring lines that would overlap once
    wrapped are moved down (their sizes known from a first layout) and the marks set again."""
    document = render_marks(book, marks_html(book, result, proof, marks, version, date))
    shifts = code_shifts(document)
    if shifts:
        document = render_marks(book, marks_html(book, result, proof, marks, version, date, shifts))
    return document.write_pdf()


def render_marks(book: Book, html: str):
    return render(book, html, STYLESHEETS)


GAP = 1.0  # CSS px between the codes of two lines


def code_shifts(document) -> dict[tuple[int, int], float]:
    """(page, row) → how far down its codes must move to clear the codes above them."""
    shifts = {}
    for index, page in enumerate(document.pages):
        found = []
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            if (
                isinstance(box, boxes.BlockContainerBox)
                and element is not None
                and element.get("data-row")
                and "finding-codes" in (element.get("class") or "")
            ):
                found.append((box.position_y, box.margin_height(), int(element.get("data-row"))))
                continue
            if isinstance(box, boxes.ParentBox):
                stack.extend(box.all_children())
        bottom = None
        for top, height, row in sorted(found):
            if bottom is not None and top < bottom + GAP:
                shifts[(index, row)] = bottom + GAP - top
                top = bottom + GAP
            bottom = top + height
    return shifts


def code_pieces(code: str) -> list[str]:
    """Where a code may wrap: after each hyphen but the family's ("t-range-", "hyphen")."""
    pieces = re.findall(r"[^-]+-?|-", code)
    return [pieces[0] + pieces[1], *pieces[2:]] if len(pieces) > 1 and len(pieces[0]) <= 2 else pieces


def marks_html(
    book: Book,
    result: PrintLayout,
    proof: ProofLayout,
    marks: Marks,
    version: str,
    date: str,
    shifts: dict[tuple[int, int], float] | None = None,
) -> str:
    shifts = shifts or {}
    like = proof.pages[-1]
    pages = []
    for index in range(result.pages):  # the padding pages the profile adds get the stamp too
        page = proof.pages[index] if index < len(proof.pages) else None
        side = page.side if page else ("right" if index % 2 == 0 else "left")
        left, right = (page.text_left, page.text_right) if page else (like.text_left, like.text_right)
        rows = page.rows if page else []
        codes = []
        for row in rows:
            found = marks.findings.get((index, row.number), [])
            if found:
                codes.append(
                    {
                        "row": row.number,
                        "top": f"{row.baseline + shifts.get((index, row.number), 0):.2f}",
                        "codes": [code_pieces(code) for code in dict.fromkeys(f.code for f in found)],
                        "severity": severity(found),
                    }
                )
        margin = (right, like.width - right) if side == "right" else (0.0, left)
        pages.append(
            {
                "number": index + 1,
                "side": side,
                "height": f"{like.height:.2f}",
                "margin_left": f"{margin[0]:.2f}",
                "margin_width": f"{margin[1]:.2f}",
                "numbers": number_runs(index, rows, marks),
                "codes": codes,
                "bars": change_bars(index, rows, marks),
            }
        )
    return (
        environment(book)
        .get_template("proof/marks.html")
        .render(pages=pages, version=version, date=date, page_css=Markup(result.geometry.css()))
    )


def severity(found: list[Finding]) -> str:
    return "error" if any(f.severity == "error" for f in found) else "warning"


def number_runs(index: int, rows: list[Row], marks: Marks) -> list[dict]:
    """The line numbers as runs of evenly spaced lines (one element a run, set line under line
    at that spacing: far fewer boxes to lay out than one a line); a marked line is a run of its own."""
    runs: list[dict] = []
    for row in rows:
        found = marks.findings.get((index, row.number), [])
        last = runs[-1] if runs else None
        if (
            last
            and not found
            and not last["severity"]
            and (
                last["spacing"] is None
                and len(last["numbers"]) == 1
                or last["spacing"] is not None
                and abs(row.baseline - last["end"] - last["spacing"]) < 0.01
            )
        ):
            last["spacing"] = last["spacing"] if last["spacing"] is not None else row.baseline - last["end"]
            last["numbers"].append(row.number)
            last["end"] = row.baseline
            continue
        runs.append(
            {
                "top": row.baseline,
                "end": row.baseline,
                "spacing": None,
                "numbers": [row.number],
                "severity": severity(found) if found else "",
            }
        )
    return [
        {
            "top": f"{run['top']:.2f}",
            "spacing": f"{run['spacing'] or 10:.4f}",
            "text": "\n".join(str(n) for n in run["numbers"]),
            "severity": run["severity"],
        }
        for run in runs
    ]


def change_bars(index: int, rows: list[Row], marks: Marks) -> list[dict]:
    """One bar for each stretch of changed lines that touch."""
    bars: list[list[float]] = []
    for row in rows:
        if (index, row.number) not in marks.changed:
            continue
        if bars and row.top - bars[-1][1] < 1:
            bars[-1][1] = max(bars[-1][1], row.bottom)
        else:
            bars.append([row.top, row.bottom])
    return [{"top": f"{top:.2f}", "height": f"{bottom - top:.2f}"} for top, bottom in bars]
