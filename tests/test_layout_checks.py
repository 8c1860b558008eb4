"""Layout checks: each fires on the fixture built to trigger it, and none on the books."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from conftest import FIXTURES

from pressroom.build import build_timestamp, read
from pressroom.context import BuildContext
from pressroom.findings import Diagnostics
from pressroom.print import layout
from pressroom.print.checks import check_document, check_layout
from pressroom.print.cover import write_cover
from pressroom.print.segments import book_segments
from pressroom.print.writer import write_pdf

TROUBLE = FIXTURES / "print" / "layout-book" / "manuscript"
ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def trouble(source_date_epoch):
    """The trouble book laid out once as a first pass would (no fixes) and once finished."""
    book = read(TROUBLE, Diagnostics())
    timestamp = build_timestamp(book)
    first = layout.render(book, layout.print_html(book, timestamp))
    final = layout.print_layout(book, timestamp)
    return {
        "book": book,
        "first": first,
        "final": final,
        "first findings": check_document(book, first),
        "final findings": check_document(book, final.document),
    }


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
    "l-loose-line": ("01-overflow.md", 3, "warning", "A line that cannot break:"),
    "l-hyphen-ladder": ("08-hyphens.md", 5, "warning", "Three ends in a row:"),
    "l-hyphen-end": ("08-hyphens.md", 7, "warning", "The last word"),
    "l-hyphen-page-turn": ("08-hyphens.md", 23, "warning", "At the foot of the page, a line"),
    "l-short-page": ("09-code.md", 9, "warning", "A code block that will not break"),
    "l-footnote-away": ("10-note.md", 15, "warning", "The foot of the page calls a note."),
}
MENDED = {
    "l-short-last-page",
    "l-hyphen-ladder",
    "l-hyphen-end",
    "l-hyphen-page-turn",
    "l-footnote-away",
}  # by the layout's fixes


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


def test_the_layout_mends_short_endings_and_misplaced_hyphens(trouble):
    """A chapter's short last page takes lines from the page before; a word hyphenated across a
    page turn, a third in a row or a paragraph's last word is kept whole. The rest stays."""
    final = trouble["final"]
    assert final.segment_layouts > len(book_segments(trouble["book"]))  # a chapter laid out again with a fix
    codes = {f.code for f in trouble["final findings"]}
    assert codes == set(EXPECTED) - MENDED


def context_for(book, out_dir) -> BuildContext:
    return BuildContext(out_dir, build_timestamp(book))


def test_low_resolution_images_are_reported_by_the_build(tmp_path, source_date_epoch):
    book = read(TROUBLE, Diagnostics())
    context = context_for(book, tmp_path)
    write_pdf(book, context)
    low = [f for f in context.diagnostics.findings if f.code == "l-low-resolution"]
    assert [(Path(f.file).name, f.line, f.severity) for f in low] == [("05-images.md", 5, "warning")]


def test_silent_on_the_fixture_book(folder_book, tmp_path):
    book = read(FIXTURES / "folder-book" / "manuscript", Diagnostics())
    assert check_layout(book, context_for(book, tmp_path)) == []


def test_one_layout_serves_the_whole_build(tmp_path, source_date_epoch):
    """The PDF, the cover and the layout checks of one build share the layout in its context; another
    build (context) or other geometry lays the book out again."""
    book = read(FIXTURES / "folder-book" / "manuscript", Diagnostics())
    steps = []
    context = BuildContext(tmp_path, build_timestamp(book), progress=steps.append)
    pdf, cover = write_pdf(book, context), write_cover(book, context)
    assert pdf.is_file() and cover.is_file()
    check_layout(book, context)
    assert len(context.layouts) == 1 and steps.count("laying out the print edition") == 1
    again = BuildContext(tmp_path, context.timestamp)
    assert layout.laid_out(book, again) is not layout.laid_out(book, context)
    book.meta.trim = (5.0, 8.0)
    assert layout.laid_out(book, context).document.pages[0].width != again.layouts.popitem()[1].document.pages[0].width


def test_silent_on_the_book(real_book):
    findings = real_book["layout findings"]  # check_layout on the layout the build made
    # Every check is silent but l-loose-line: WeasyPrint breaks lines one at a time (no total-fit
    # breaking), and tighter spacing in a loose line's paragraph (print.fixes) mends only some.
    assert [text for text, code in findings if code != "l-loose-line"] == []
