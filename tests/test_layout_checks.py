"""Layout checks: each fires on the fixture built to trigger it, and none on the books."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from conftest import FIXTURES

from pressroom import pdf as print_writer
from pressroom.build import build_timestamp, read
from pressroom.layout_checks import check_layout

TROUBLE = FIXTURES / "print" / "layout-book" / "manuscript"
ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def trouble(source_date_epoch):
    """The trouble book laid out once as a first pass would (no fixes) and once finished."""
    book = read(TROUBLE)
    timestamp = build_timestamp(book)
    first = print_writer.render(book, print_writer.print_html(book, timestamp))
    final = print_writer.print_layout(book, timestamp)
    return {"book": book, "first": first, "final": final,
            "first findings": check_layout(book, first), "final findings": check_layout(book, final.document)}


def page_lines(document, page: int) -> list[str]:
    """The text lines of a page (1-based) of a laid-out document, as the PDF has them."""
    with pdfplumber.open(io.BytesIO(document.write_pdf())) as pdf:
        return [line.strip() for line in (pdf.pages[page - 1].extract_text() or "").splitlines() if line.strip()]


def only(findings, code):
    found = [f for f in findings if f.code == code]
    assert len(found) == 1, [str(f) for f in findings]
    return found[0]


EXPECTED = {  # code: (file, line, severity, a line on the page it names)
    "l-overflow": ("01-overflow.md", 3, "error", "A line that cannot break:"),
    "l-orphan": ("02-orphan.md", 15, "warning", "Its first line stands at the foot,"),
    "l-widow": ("03-widow.md", 13, "warning", "and its last line turns over."),
    "l-short-last-page": ("04-short.md", 17, "warning", "The one line left for the last page."),
    "l-low-resolution": ("05-images.md", 5, "warning", "Coarse."),
    "l-figure-far": ("06-far.md", 45, "warning", "A figure far from its reference."),
    "l-missing-text": ("07-missing.md", 3, "error", "This sentence is set, and it goes on."),
}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_check_fires_on_its_trigger_with_file_line_and_page(trouble, code):
    file, line, severity, on_page = EXPECTED[code]
    finding = only(trouble["first findings"], code)
    assert (Path(finding.file).name, finding.line, finding.severity) == (file, line, severity)
    assert any(on_page in text for text in page_lines(trouble["first"], finding.page))
    assert f"(page {finding.page} (folio " in finding.message
    assert str(finding).startswith(f"{TROUBLE / file}:{line}:1: {code} ")


def test_findings_name_the_printed_folio(trouble):
    """Arabic folios count from the first chapter's page; the page number is the physical one."""
    first = trouble["book"].chapters[0].id
    start = next(i for i, page in enumerate(trouble["first"].pages) if first in page.anchors)
    for finding in trouble["first findings"]:
        assert finding.message.endswith(f"(page {finding.page} (folio {finding.page - start}))")


def test_messages_say_what_is_wrong(trouble):
    messages = {f.code: f.message for f in trouble["first findings"]}
    assert "pt past the text block" in messages["l-overflow"]
    assert "coarse.png prints at 60 dpi" in messages["l-low-resolution"]
    assert "300 dpi needs 300 × 200 px" in messages["l-low-resolution"]
    assert "figure 3 stands 2 pages after its first reference" in messages["l-figure-far"]
    assert "“these dropped words are not”" in messages["l-missing-text"]
    assert "chapter “Short” ends with a page of 1 line" in messages["l-short-last-page"]


def test_a_fine_raster_and_a_near_figure_pass(trouble):
    assert not [f for f in trouble["first findings"] if f.code == "l-low-resolution" and f.line == 7]
    assert not [f for f in trouble["first findings"] if f.code == "l-figure-far" and "05-images" in str(f.file)]


def test_the_layout_carries_lines_over_rather_than_end_a_chapter_short(trouble):
    assert trouble["final"].passes > 1
    codes = {f.code for f in trouble["final findings"]}
    assert "l-short-last-page" not in codes
    assert codes == set(EXPECTED) - {"l-short-last-page"}


def test_low_resolution_images_are_reported_by_the_build(tmp_path, source_date_epoch):
    book = read(TROUBLE)
    print_writer.write_pdf(book, tmp_path, build_timestamp(book))
    low = [f for f in book.warnings if f.code == "l-low-resolution"]
    assert [(Path(f.file).name, f.line, f.severity) for f in low] == [("05-images.md", 5, "warning")]


def test_silent_on_the_fixture_book(folder_book):
    book = read(FIXTURES / "folder-book" / "manuscript")
    assert check_layout(book) == []


def test_silent_on_the_book(source_date_epoch):
    book = read(ROOT / "manuscript")
    findings = check_layout(book)
    # Every check the print issue asks for is silent. l-footnote-away reports the few notes that
    # WeasyPrint still sets a page after their reference (see pdf.footnote_fixes).
    assert [str(f) for f in findings if f.code != "l-footnote-away"] == []
    assert len(findings) <= 5
