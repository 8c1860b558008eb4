"""The print edition as a reader (and a print-on-demand service) sees it."""

from __future__ import annotations

import re

import pdfplumber
import pypdf
from conftest import FIXTURES

from pressroom.build import build


def page_texts(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_trim_size_is_six_by_nine_inches(folder_book):
    for page in pypdf.PdfReader(folder_book["pdf"]).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (432.0, 648.0)


def test_every_font_is_embedded_and_the_book_face_is_used(folder_book):
    names = set()
    for page in pypdf.PdfReader(folder_book["pdf"]).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descriptor["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]
            names.add(str(font["/BaseFont"]).split("+")[-1])
    assert names == {"Gentium-Book-Plus", "Gentium-Book-Plus-Italic", "Gentium-Book-Plus-Bold"}


def test_contents_page_numbers_are_the_pages_where_the_chapters_stand(folder_book):
    texts = page_texts(folder_book["pdf"])
    contents = next(text for text in texts if lines(text)[:1] == ["contents"])  # set in small caps
    entries = re.findall(r"^(?:\w\s)?(.+?)[ .]*\s([ivxlc]+|\d+)$", contents, re.M)
    assert [title for title, _ in entries] == [
        "Preface",
        "The First Chapter",
        "The Second Chapter",
        "An Appendix",
        "Colophon",
    ]
    for title, folio in entries:
        opening = [text for text in texts if title in lines(text)[:3]]
        assert opening, title
        assert lines(opening[0])[-1] == folio, f"{title}: contents say {folio}"


def test_chapters_open_on_recto_pages(folder_book):
    texts = page_texts(folder_book["pdf"])
    for title in ("Preface", "The First Chapter", "The Second Chapter", "An Appendix", "Colophon"):
        index = next(i for i, text in enumerate(texts) if title in lines(text)[:3] and "contents" not in text)
        assert index % 2 == 0, f"{title} starts on page {index + 1}"


def test_body_numbering_starts_at_one_and_front_matter_is_roman(folder_book):
    texts = page_texts(folder_book["pdf"])
    first = next(i for i, text in enumerate(texts) if "The First Chapter" in lines(text)[:3] and "Preface" not in text)
    assert lines(texts[first])[-1] == "1"
    preface = next(i for i, text in enumerate(texts) if lines(text)[:1] == ["Preface"])
    assert lines(texts[preface])[-1] == "vii"


def test_running_heads_book_title_left_chapter_title_right_none_on_openings(folder_book):
    texts = page_texts(folder_book["pdf"])
    first = next(i for i, text in enumerate(texts) if "The First Chapter" in lines(text)[:3] and "Preface" not in text)
    assert lines(texts[first])[0] == "chapter 1"  # no running head on the opening page
    verso = lines(texts[first + 1])[0]
    assert verso.lower() == "2 a small test book"
    second = next(i for i, text in enumerate(texts) if lines(text)[1:2] == ["The Second Chapter"])
    recto = lines(texts[second + 2])[0]
    assert recto.lower() == "the second chapter 5"


def test_footnote_stands_on_the_page_of_its_reference(folder_book):
    texts = page_texts(folder_book["pdf"])
    page = next(text for text in texts if "The years 1927–1953 were long." in text)
    assert "The first note, with emphasis." in page


def test_blank_pages_carry_nothing(folder_book):
    texts = page_texts(folder_book["pdf"])
    assert texts[1].strip() == ""  # the verso of the half title


def test_pdf_metadata(folder_book):
    reader = pypdf.PdfReader(folder_book["pdf"])
    assert reader.metadata.title == "A Small Test Book: Being a Fixture"
    assert reader.metadata.author == "Ada Author"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[:3] == ["Contents", "Preface", "The First Chapter"]


def test_same_inputs_give_the_same_pdf(folder_book, tmp_path):
    (again,) = build(FIXTURES / "folder-book" / "manuscript", tmp_path, ("pdf",))
    assert again.read_bytes() == folder_book["pdf"].read_bytes()


def test_single_file_manuscript_builds_both_editions(single_file_book, epubcheck_reports):
    texts = page_texts(single_file_book["pdf"])
    assert any("Only Chapter" in lines(text)[:3] for text in texts)
    assert any("The note." in text for text in texts)


def test_the_title_page_is_centred(real_book):
    """The title stands centred like the rest of the title page (headings elsewhere are set left)."""
    with pdfplumber.open(real_book["pdf"]) as pdf:
        page = next(p for p in pdf.pages[:4] if "Impact and Legacy" in (p.extract_text() or ""))
        title = [w for w in page.extract_words() if w["text"].startswith("Stalin")][0]
        line = [w for w in page.extract_words() if abs(w["top"] - title["top"]) < 2]
        left, right = min(w["x0"] for w in line), max(w["x1"] for w in line)
        subtitle = [w for w in page.extract_words() if w["text"] in ("Impact", "Legacy")]
        centre = (min(w["x0"] for w in subtitle) + max(w["x1"] for w in subtitle)) / 2
    assert abs((left + right) / 2 - centre) < 3
