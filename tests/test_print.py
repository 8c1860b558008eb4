"""Print profiles: the PDF a print-on-demand service (or a print shop) accepts as it is."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from conftest import FIXTURES

from pressroom.build import build, build_timestamp, read
from pressroom.errors import BookError
from pressroom.findings import Diagnostics
from pressroom.metadata import Metadata
from pressroom.print import layout
from pressroom.print import profiles as print_profiles
from pressroom.print.checks import page_count

PT = 72  # points per inch

# Each variant of the folder fixture: its book.yaml print settings (and extra front matter).
VARIANTS = {
    "kdp-bleed": "print: {profile: kdp, trim: 6x9in, bleed: yes}",
    "ingramspark": "print: {profile: ingramspark, trim: 5.5x8.5in, paper: cream}",
    "offset": "print: {profile: offset, trim: a5, bleed: yes}",
    "proof": "print: {profile: proof}",
    "pdf-a": "print: {pdf: a-2b}",
}
DEDICATION = "# For Ada {.dedication}\n\nFor everyone who proofreads.\n"


def variant_copy(target: Path, settings: str) -> Path:
    shutil.copytree(FIXTURES / "folder-book", target)
    meta = target / "manuscript" / "book.yaml"
    text = meta.read_text(encoding="utf-8")
    assert "print:\n  trim: 6x9in" in text
    text = text.replace("print:\n  trim: 6x9in", settings)
    if "ingramspark" in settings:  # a dedication, to see it stand before the contents
        (target / "manuscript" / "00-dedication.md").write_text(DEDICATION, encoding="utf-8")
        text = text.replace("contents:\n", "contents:\n  - {file: 00-dedication.md, role: dedication}\n")
    meta.write_text(text, encoding="utf-8")
    return target / "manuscript"


@pytest.fixture(scope="session")
def variants(tmp_path_factory, source_date_epoch, folder_book):
    """Every profile variant built once: name → PDF path (kdp is the shared folder_book)."""
    built = {"kdp": folder_book["pdf"]}
    for name, settings in VARIANTS.items():
        root = tmp_path_factory.mktemp(name)
        (built[name],) = build(variant_copy(root / "book", settings), root / "out", ("pdf",))
    return built


def boxes(path: Path, index: int) -> dict[str, list[float]]:
    page = pypdf.PdfReader(path).pages[index]
    return {
        name: [round(float(value), 2) for value in getattr(page, name)] for name in ("mediabox", "trimbox", "bleedbox")
    }


A5 = (round(148 / 25.4 * PT, 2), round(210 / 25.4 * PT, 2))


@pytest.mark.parametrize(
    "name, size",
    [
        ("kdp", (432.0, 648.0)),  # 6 x 9 in, no bleed
        ("kdp-bleed", (441.0, 666.0)),  # + 0.125 in outside, + 0.25 in in height
        ("ingramspark", (396.0, 612.0)),  # 5.5 x 8.5 in
        ("offset", (A5[0] + 54, A5[1] + 54)),  # A5 + 0.125 in bleed + 0.25 in for marks, all round
    ],
)
def test_page_size_with_and_without_bleed(variants, name, size):
    for page in pypdf.PdfReader(variants[name]).pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == pytest.approx(
            size, abs=0.02
        )


def test_trim_and_bleed_boxes_without_bleed(variants):
    for index in (0, 1):
        assert boxes(variants["kdp"], index) == {name: [0, 0, 432, 648] for name in ("mediabox", "trimbox", "bleedbox")}


def test_bleed_on_top_foot_and_outer_edge_only(variants):
    recto, verso = boxes(variants["kdp-bleed"], 0), boxes(variants["kdp-bleed"], 1)
    assert recto["trimbox"] == verso["trimbox"] == [0, 0, 432, 648]
    assert recto["bleedbox"] == recto["mediabox"] == [0, -9, 441, 657]  # outer edge: the right
    assert verso["bleedbox"] == verso["mediabox"] == [-9, -9, 432, 657]  # outer edge: the left


def test_offset_profile_bleeds_all_round_with_crop_marks_outside(variants):
    width, height = A5
    page = boxes(variants["offset"], 0)
    assert page["trimbox"] == pytest.approx([0, 0, width, height], abs=0.02)
    assert page["bleedbox"] == pytest.approx([-9, -9, width + 9, height + 9], abs=0.02)
    assert page["mediabox"] == pytest.approx([-27, -27, width + 27, height + 27], abs=0.02)
    with pdfplumber.open(variants["offset"]) as document:
        marks = document.pages[0].lines
        assert len(marks) == 8  # two at each corner
        for line in marks:  # at the trim lines, beyond the bleed (pdfplumber's y starts at the media box)
            x0, x1, y0, y1 = line["x0"], line["x1"], line["y0"] - 27, line["y1"] - 27
            if x0 == x1:
                assert min(abs(x0), abs(x0 - width)) < 0.02 and (y1 <= -9 or y0 >= height + 9)
            else:
                assert min(abs(y0), abs(y0 - height)) < 0.02 and (x1 <= -9 or x0 >= width + 9)
    for name in ("kdp", "kdp-bleed", "ingramspark"):  # print-on-demand: no printer's marks
        with pdfplumber.open(variants[name]) as document:
            assert not document.pages[0].lines


def text_edges(path: Path, index: int) -> tuple[float, float]:
    """Leftmost and rightmost body-text character on a page, in points from the trim's left edge."""
    with pdfplumber.open(path) as document:
        page = document.pages[index]
        chars = [c for c in page.chars if abs(c["size"] - 11) < 0.5 and c["text"].strip()]
    return min(c["x0"] for c in chars), max(c["x1"] for c in chars)


def full_text_pages(path: Path) -> list[int]:
    with pdfplumber.open(path) as document:
        return [
            i
            for i, page in enumerate(document.pages)
            if len(re.findall(r"Paragraph \d+\.", page.extract_text() or "")) >= 3
        ]


@pytest.mark.parametrize(
    "name, width, inside, outside",
    [
        ("kdp", 6, 0.375 + 0.125, 0.7),  # up to 150 pages: 0.375 in; the design adds 0.125 in
        ("kdp-bleed", 6, 0.375 + 0.125, 0.7),
        ("ingramspark", 5.5, 0.5 + 0.125, 0.7),  # IngramSpark: never below 0.5 in
    ],
)
def test_gutter_is_inside_on_rectos_and_versos(variants, name, width, inside, outside):
    pages = full_text_pages(variants[name])
    assert {i % 2 for i in pages} == {0, 1}, "a recto and a verso of running text"
    for index in pages:
        left, right = text_edges(variants[name], index)
        if index % 2 == 0:  # recto (odd folio): the gutter is the left margin
            assert left == pytest.approx(inside * PT, abs=0.6)
            assert right == pytest.approx((width - outside) * PT, abs=0.6)
        else:  # verso: the gutter is the right margin
            assert left == pytest.approx(outside * PT, abs=0.6)
            assert right == pytest.approx((width - inside) * PT, abs=0.6)


def test_gutter_follows_the_final_page_count_in_a_second_pass(tmp_path, monkeypatch):
    """With a (shrunken) table whose first step ends at 10 pages, the first pass's count calls for
    the wider gutter, and the book is laid out again with it."""
    kdp = print_profiles.PROFILES["kdp"]
    monkeypatch.setitem(print_profiles.PROFILES, "kdp", dataclasses.replace(kdp, gutters=((10, 0.375), (None, 0.875))))
    book = read(variant_copy(tmp_path / "book", "print: {profile: kdp}"), Diagnostics())
    result = layout.print_layout(book, build_timestamp(book))
    assert result.passes == 2 and result.pages > 10
    assert result.geometry.gutter == 0.875
    (pdf,) = build(tmp_path / "book" / "manuscript", tmp_path / "out", ("pdf",))
    recto = next(i for i in full_text_pages(pdf) if i % 2 == 0)
    assert text_edges(pdf, recto)[0] == pytest.approx((0.875 + 0.125) * PT, abs=0.6)


def test_gutter_table_and_spine_rules():
    kdp = print_profiles.PROFILES["kdp"]
    assert [print_profiles.gutter(kdp, n) for n in (24, 150, 151, 300, 301, 500, 501, 700, 701, 828)] == [
        0.375,
        0.375,
        0.5,
        0.5,
        0.625,
        0.625,
        0.75,
        0.75,
        0.875,
        0.875,
    ]
    assert print_profiles.spine_width(kdp, "white", 300) == pytest.approx(0.6756)
    assert print_profiles.spine_width(kdp, "cream", 300) == pytest.approx(0.75)
    assert not print_profiles.spine_text_allowed(kdp, 79) and print_profiles.spine_text_allowed(kdp, 80)


def test_page_limits_by_printer_trim_and_paper():
    kdp, ingram = print_profiles.PROFILES["kdp"], print_profiles.PROFILES["ingramspark"]
    most = print_profiles.most_printed
    assert (most(kdp, (6.0, 9.0), "white"), most(kdp, (6.0, 9.0), "cream")) == (828, 776)
    assert (most(kdp, (8.5, 11.0), "white"), most(kdp, (8.5, 11.0), "cream")) == (590, 550)
    assert most(kdp, (210 / 25.4, 297 / 25.4), "white") == 780  # A4
    assert most(ingram, (6.0, 9.0), "cream") == 1200
    assert most(print_profiles.PROFILES["offset"], (6.0, 9.0), "white") is None


def page_count_warnings(pages: int, **settings) -> list[str]:
    meta = Metadata(title="Long", source=Path("book.yaml"), lines={"print": 7}, **settings)
    return [finding.location() + " [" + finding.code + "]" for finding in page_count(meta, pages)]


def test_too_many_pages_for_the_printer_is_a_warning_saying_what_helps():
    assert page_count_warnings(776, paper="cream") == []
    (cream,) = page_count_warnings(846, paper="cream")
    assert cream.startswith(
        "book.yaml:7: warning: 846 pages is more than Amazon KDP paperback binds on cream paper at 6 × 9 in (776 at most)"
    )
    assert "ingramspark" in cream and "print.font-size" in cream and "[l-too-many-pages-for-printer]" in cream
    (white,) = page_count_warnings(800, paper="cream")
    assert "white paper takes up to 828" in white
    (huge,) = page_count_warnings(2074, print_profile="ingramspark")
    assert "2,074 pages" in huge and "(1,200 at most)" in huge and "volumes" in huge
    assert page_count_warnings(2074, print_profile="offset") == []


def test_too_few_pages_for_the_printer():
    (short,) = page_count_warnings(12)
    assert short.startswith("book.yaml:7: warning: Amazon KDP paperback needs at least 24 pages; this book has 12")
    assert short.endswith("[l-page-count]") and page_count_warnings(24) == []


@pytest.mark.parametrize("name", ["kdp", "kdp-bleed", "ingramspark", "offset", "proof", "pdf-a"])
def test_page_count_is_padded_as_the_printer_wants(variants, name):
    reader = pypdf.PdfReader(variants[name])
    assert len(reader.pages) % 2 == 0
    if name == "offset":
        assert len(reader.pages) % 16 == 0  # whole signatures
    if name == "ingramspark":  # the last page blank, for the printer's own mark
        with pdfplumber.open(variants[name]) as document:
            assert not (document.pages[-1].extract_text() or "").strip()
            assert document.pages[-1].trimbox == document.pages[-3].trimbox


@pytest.mark.parametrize("name", ["kdp", "kdp-bleed", "ingramspark", "offset"])
def test_no_link_annotations_for_printers(variants, name):
    reader = pypdf.PdfReader(variants[name])
    assert not any("/Annots" in page for page in reader.pages)
    assert [item.title for item in reader.outline if not isinstance(item, list)][:2] == [
        "Contents",
        "Preface",
    ] or name == "ingramspark"  # bookmarks stay (the dedication has none)


def test_a_proof_keeps_its_links(variants):
    assert any("/Annots" in page for page in pypdf.PdfReader(variants["proof"]).pages)


def xmp(path: Path) -> str:
    return pypdf.PdfReader(path).trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


def test_pdf_ua_identification_language_title_and_structure(variants):
    reader = pypdf.PdfReader(variants["kdp"])
    root = reader.trailer["/Root"]
    metadata = xmp(variants["kdp"])
    assert 'pdfuaid:part="1"' in metadata
    assert "A Small Test Book: Being a Fixture" in metadata  # dc:title
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    tree = root["/StructTreeRoot"].get_object()
    assert tree["/K"], "a logical structure"
    assert all(
        "/StructParents" in page
        for page in reader.pages
        if page.get_contents() and page.get_contents().get_data().strip()
    )


def test_pdf_a_2b_for_archiving_is_tagged_too(variants):
    metadata = xmp(variants["pdf-a"])
    assert 'pdfaid:part="2"' in metadata and 'pdfaid:conformance="B"' in metadata
    root = pypdf.PdfReader(variants["pdf-a"]).trailer["/Root"]
    assert "/StructTreeRoot" in root and "/OutputIntents" in root


def test_dedication_stands_before_the_contents_on_a_recto(variants):
    with pdfplumber.open(variants["ingramspark"]) as document:
        texts = [page.extract_text() or "" for page in document.pages]
    order = [
        next(i for i, text in enumerate(texts) if marker in text)
        for marker in ("a small test book", "Being a Fixture", "All rights reserved", "For everyone", "contents")
    ]
    assert order == sorted(order)
    half_title, title_page, copyright_page, dedication, contents = order
    assert (half_title, title_page, copyright_page) == (0, 2, 3)  # recto, recto, verso
    assert dedication % 2 == 0 and contents % 2 == 0
    assert "For Ada" not in texts[contents]  # the dedication is not listed


def test_same_inputs_give_the_same_offset_pdf(variants, tmp_path):
    (again,) = build(variant_copy(tmp_path / "book", VARIANTS["offset"]), tmp_path / "out", ("pdf",))
    assert again.read_bytes() == variants["offset"].read_bytes()


def test_vector_art_stays_vector(variants):
    for page in pypdf.PdfReader(variants["kdp"]).pages:
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            assert xobject.get_object()["/Subtype"] != "/Image"


def test_print_settings_are_checked(tmp_path):
    for settings, message in (
        ("print: {profile: lulu}", "print profile must be one of kdp, ingramspark"),
        ("print: {paper: pink}", "print paper must be one of white, cream"),
        ("print: {pdf: x-4}", "print pdf must be one of ua, a-2b, a-3b, none"),
        ("print: {bleed: maybe}", "print bleed must be one of auto, yes, no"),
        ("print: {link-addresses: footnotes}", "print link-addresses must be one of inline, notes, none"),
    ):
        root = tmp_path / settings.split("{")[1].split(":")[0]
        with pytest.raises(BookError, match=message) as error:
            read(variant_copy(root, settings), Diagnostics())
        assert error.value.line == 20  # the print: line


@pytest.mark.parametrize("name, safe", [("kdp", 0.25), ("kdp-bleed", 0.375), ("ingramspark", 0.5), ("offset", 0.375)])
def test_everything_printed_keeps_the_printers_safe_margin(variants, name, safe):
    """Running heads and folios included: nothing within the printer's minimum of a trimmed edge."""
    with pdfplumber.open(variants[name]) as document:
        for index, page in enumerate(document.pages):
            left, top, right, bottom = page.trimbox
            for char in page.chars:
                assert char["x0"] >= left + safe * PT - 0.5 and char["x1"] <= right - safe * PT + 0.5, (
                    index,
                    char["text"],
                )
                assert char["top"] >= top + safe * PT - 0.5 and char["bottom"] <= bottom - safe * PT + 0.5, (
                    index,
                    char["text"],
                )
