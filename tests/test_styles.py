"""A book's own look: its styles/ folder, custom.css in every edition, mainfont, print.font-size."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from fontTools.ttLib import TTFont

from pressroom.build import build, build_timestamp, read
from pressroom.errors import BookError
from pressroom.print.layout import print_layout
from pressroom.resources import DEFAULT_THEME, styles_folder
from pressroom.styles import book_sheets

FAMILY = "Pressroom Test Serif"
CUSTOM = "p { color: rgb(1, 2, 3); }\n"


def single_file(folder: Path, metadata: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    book = folder / "book.md"
    book.write_text(f"---\ntitle: A Small Look\n{metadata}---\n\n# One\n\nSome text.\n\n# Two\n\nMore text.\n")
    return book


def renamed_font(target: Path, source: str = "Regular", family: str = FAMILY) -> Path:
    """A Gentium file of the theme under another family name (the name is inside the file)."""
    font = TTFont(DEFAULT_THEME / "fonts" / f"GentiumBookPlus-{source}.ttf")
    postscript = family.replace(" ", "") + "-" + source
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = family
        elif record.nameID in (4, 6):
            record.string = postscript if record.nameID == 6 else f"{family} {source}"
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target)
    return target


def epub_files(epub: Path) -> dict[str, str]:
    with zipfile.ZipFile(epub) as archive:
        return {name: archive.read(name).decode("utf-8", "replace") for name in archive.namelist()}


# The styles folder


@pytest.mark.parametrize(
    "layout, metadata, expected",
    [
        (["manuscript/book.yaml", "styles/"], "manuscript/book.yaml", "styles"),  # the project layout
        (["manuscript/book.yaml", "manuscript/styles/", "styles/"], "manuscript/book.yaml", "manuscript/styles"),
        (["book/book.yaml", "styles/"], "book/book.yaml", "book/styles"),  # never the folder above
        (["manuscript/x.md", "styles/"], "manuscript/x.md", "manuscript/styles"),  # a single file: beside it
    ],
)
def test_the_books_styles_folder(tmp_path, layout, metadata, expected):
    for name in layout:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).mkdir() if name.endswith("/") else (tmp_path / name).touch()
    path = tmp_path / metadata
    assert styles_folder(path, path.parent) == tmp_path / expected


# custom.css in every edition, after the theme


def test_custom_css_comes_after_the_theme_in_the_epub(tmp_path):
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "custom.css").write_text(CUSTOM)
    (epub,) = build(single_file(tmp_path), tmp_path / "out", ("epub",))
    files = epub_files(epub)
    assert files["EPUB/styles/custom.css"] == CUSTOM
    assert '<item href="styles/custom.css" id="custom-css" media-type="text/css"/>' in files["EPUB/content.opf"]
    pages = {name: text for name, text in files.items() if name.endswith(".xhtml") and "/nav" not in name}
    assert len(pages) >= 4  # title page, copyright, two chapters
    for text in pages.values():
        links = re.findall(r'<link rel="stylesheet"[^>]* href="\.\./styles/([^"]+)"', text)
        assert links[-2:] == ["epub.css", "custom.css"]


def test_custom_css_comes_after_the_theme_in_the_html_page(tmp_path):
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "custom.css").write_text(CUSTOM)
    (html,) = build(single_file(tmp_path), tmp_path / "out", ("html",))
    page = html.read_text()
    theme = (DEFAULT_THEME / "html.css").read_text().strip().splitlines()[-1]
    assert page.index(theme) < page.index(CUSTOM.strip())


def test_a_theme_file_of_the_same_name_still_replaces_the_theme_s(tmp_path):
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "epub.css").write_text("body { margin: 3em; }\n")
    (epub,) = build(single_file(tmp_path), tmp_path / "out", ("epub",))
    assert epub_files(epub)["EPUB/styles/epub.css"] == "body { margin: 3em; }\n"


def test_no_custom_css_and_no_mainfont_adds_nothing(tmp_path):
    book = read(single_file(tmp_path))
    assert book_sheets(book, "epub") == [] and book_sheets(book, "print") == []


# mainfont


def test_mainfont_is_embedded_in_the_epub_with_its_font_faces(tmp_path):
    fonts = tmp_path / "manuscript" / "styles" / "fonts"
    renamed_font(fonts / "TestSerif-Regular.ttf")
    renamed_font(fonts / "TestSerif-Italic.ttf", "Italic")
    (fonts / "notes.txt").write_text("not a font")
    manuscript = tmp_path / "manuscript"
    (manuscript / "book.yaml").write_text(f"title: A Small Look\nmainfont: {FAMILY}\ncontents: [one.md]\n")
    (manuscript / "one.md").write_text("# One\n\nSome *text*.\n")
    (epub,) = build(manuscript, tmp_path / "out", ("epub",))
    files = epub_files(epub)
    css = files["EPUB/styles/book.css"]
    # The weights are the files' own (OS/2): Gentium Book Plus is 500.
    assert f'@font-face {{ font-family: "{FAMILY}"; font-style: normal; font-weight: 500;' in css
    assert "src: url(fonts/TestSerif-Regular.ttf)" in css
    assert f'font-family: "{FAMILY}"; font-style: italic; font-weight: 500;' in css
    assert f'body {{ font-family: "{FAMILY}", serif; }}' in css
    assert "EPUB/styles/fonts/TestSerif-Regular.ttf" in files and "EPUB/styles/fonts/TestSerif-Italic.ttf" in files
    assert not any("Gentium" in name for name in files)  # the theme's face would go unused
    assert "font-size" not in css  # print.font-size is the print edition's
    chapter = next(text for name, text in files.items() if name.endswith("chapter-01.xhtml"))
    assert chapter.index("../styles/epub.css") < chapter.index("../styles/book.css")


def test_print_body_is_set_in_the_mainfont_at_the_font_size_with_custom_css(tmp_path):
    """The one layout and PDF of these tests: a tiny book."""
    renamed_font(tmp_path / "styles" / "fonts" / "TestSerif-Regular.ttf")
    (tmp_path / "styles" / "custom.css").write_text(CUSTOM)
    book = read(single_file(tmp_path, f"mainfont: {FAMILY}\nprint: {{font-size: 10pt}}\n"))
    layout = print_layout(book, build_timestamp(book))
    paragraph = next(box for box in boxes(layout.document) if box.element_tag == "p" and "Some text" in text(box))
    assert paragraph.style["font_size"] == pytest.approx(10 * 4 / 3)  # CSS px
    assert paragraph.style["line_height"].value == pytest.approx(10 * 14.5 / 11 * 4 / 3, abs=0.02)
    assert paragraph.style["font_family"] == (FAMILY, "serif")
    assert tuple(paragraph.style["color"])[:3] == pytest.approx((1 / 255, 2 / 255, 3 / 255))
    with pdfplumber.open(io.BytesIO(layout.document.write_pdf())) as pdf:
        fonts = {char["fontname"] for page in pdf.pages for char in page.chars if char["text"] == "S"}
    assert "Pressroom-Test-Serif-Medium" in {name.partition("+")[2] for name in fonts}  # WeasyPrint names it


def text(box) -> str:
    return "".join(getattr(child, "text", "") for child in walk(box))


def walk(box):
    yield box
    for child in getattr(box, "children", []):
        yield from walk(child)


def boxes(document):
    for page in document.pages:
        yield from walk(page._page_box)


def test_print_font_size_only_when_book_yaml_gives_one(tmp_path):
    sized = read(single_file(tmp_path / "a", "print: {font-size: 12.5pt}\n"))
    assert "html, body { font-size: 12.5pt; }" in book_sheets(sized, "print")[0].text
    assert "body { line-height: 16.48pt; }" in book_sheets(sized, "print")[0].text
    assert book_sheets(sized, "epub") == [] and book_sheets(sized, "html") == []


# errors, each at its line


def failure(manuscript: Path) -> str:
    with pytest.raises(BookError) as error:
        read(manuscript)
    return str(error.value)


def test_mainfont_without_files_is_an_error_at_its_line(tmp_path):
    manuscript = tmp_path / "manuscript"
    manuscript.mkdir()
    (manuscript / "book.yaml").write_text("title: A Small Look\nmainfont: Nonesuch Pro\ncontents: [one.md]\n")
    (manuscript / "one.md").write_text("# One\n\nText.\n")
    renamed_font(tmp_path / "styles" / "fonts" / "Other-Regular.ttf", family="Some Other Face")
    assert failure(manuscript).endswith("book.yaml:2: no font files for mainfont 'Nonesuch Pro' in styles/fonts/")


@pytest.mark.parametrize("size", ["16pt", "7.5pt", "11px", "big", "11"])
def test_print_font_size_is_a_length_in_pt_from_8_to_14(tmp_path, size):
    manuscript = tmp_path / "manuscript"
    manuscript.mkdir()
    (manuscript / "book.yaml").write_text(f"title: A Small Look\nprint:\n  trim: 6x9in\n  font-size: {size}\n")
    message = f"book.yaml:4: print font-size must be a length in pt from 8pt to 14pt, e.g. 10.5pt, not '{size}'"
    assert failure(manuscript).splitlines()[0].endswith(message)
