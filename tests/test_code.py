"""Code blocks as a programming book needs them (markdown/listings.py, the theme's code CSS):
every character kept, lines numbered on request, listings captioned, numbered and referred to, and
in print a long line wrapped inside the text block. Small conversions and small HTML→PDF renders
with the theme's stylesheets; no whole book is built."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pdfplumber
import pytest
import weasyprint
from lxml import html as lxml_html

from pressroom.build import read
from pressroom.findings import Diagnostics
from pressroom.manuscript import load_book
from pressroom.markdown import ReferenceRegistry, convert
from pressroom.render import unhighlight_before_last_tab
from pressroom.resolve import resolve
from pressroom.resources import DEFAULT_THEME

PRINT_SHEETS = ("fonts.css", "base.css", "print.css")
MAKEFILE = "```makefile\nall:\n\tcargo build\n\n    indented after a blank line\n```\n"
QUOTED = """```python\nre.sub("[^a-z]", "", s)  # it's -- 'quoted'\n```\n"""
LONG = "```python\nvalue = " + " + ".join(f"item_{n:02d}" for n in range(12)) + "  # " + "x" * 20 + "\n```\n"
TEXT = "A paragraph of running text, long enough to fill its first line from edge to edge of the measure."


def html_of(markdown: str) -> str:
    return convert(textwrap.dedent(markdown), "en", ReferenceRegistry()).html


def code_text(markdown: str) -> str:
    """The text of the converted code, as a reader selecting it would copy it."""
    root = lxml_html.fragment_fromstring(html_of(markdown), create_parent="div")
    return "".join(code.text_content() for code in root.iter("code"))


def render(markdown: str, extra_css: str = "", prepare=lambda html: html) -> pdfplumber.PDF:
    """The Markdown laid out by WeasyPrint with the print edition's theme stylesheets."""
    page = f"<html><body><div class='text'><p>{TEXT}</p>{prepare(html_of(markdown))}</div></body></html>"
    sheets = [weasyprint.CSS(filename=str(DEFAULT_THEME / name)) for name in PRINT_SHEETS]
    sheets.append(weasyprint.CSS(string="@page { size: 5in 4in; margin: 0.5in } " + extra_css))
    data = weasyprint.HTML(string=page, base_url=str(DEFAULT_THEME) + "/").write_pdf(stylesheets=sheets)
    return pdfplumber.open(io.BytesIO(data))


def rows(pdf: pdfplumber.PDF) -> list[list[dict]]:
    """The characters of the first page, row by row, each row from left to right."""
    by_baseline: dict[float, list[dict]] = {}
    for char in pdf.pages[0].chars:
        by_baseline.setdefault(-round(char["matrix"][5], 1), []).append(char)
    return [sorted(chars, key=lambda c: c["x0"]) for _, chars in sorted(by_baseline.items())]


def row_text(row: list[dict]) -> str:
    return "".join(char["text"] for char in row).strip()


def mono(row: list[dict]) -> list[dict]:
    return [char for char in row if "Mono" in char["fontname"] and char["text"].strip()]


@pytest.fixture(scope="module")
def makefile_rows():
    return [mono(row) for row in rows(render(MAKEFILE)) if mono(row)]


# Every character kept


def test_tabs_and_indentation_reach_the_html_as_typed():
    assert code_text(MAKEFILE) == "all:\n\tcargo build\n\n    indented after a blank line\n"


def test_a_tab_stops_at_the_css_tab_size_in_print(makefile_rows):
    start, step = makefile_rows[0][0]["x0"], makefile_rows[0][1]["x0"] - makefile_rows[0][0]["x0"]
    assert row_text(makefile_rows[1]) == "cargobuild"
    assert makefile_rows[1][0]["x0"] == pytest.approx(start + 4 * step, abs=0.15 * step)  # tab-size: 4


def test_the_book_sets_the_tab_size_with_a_custom_property():
    lines = [mono(row) for row in rows(render(MAKEFILE, "html { --code-tab-size: 8 }")) if mono(row)]
    step = lines[0][1]["x0"] - lines[0][0]["x0"]
    assert lines[1][0]["x0"] == pytest.approx(lines[0][0]["x0"] + 8 * step, abs=0.15 * step)


def test_indentation_after_a_blank_line_is_kept_in_print(makefile_rows):
    start, step = makefile_rows[0][0]["x0"], makefile_rows[0][1]["x0"] - makefile_rows[0][0]["x0"]
    assert row_text(makefile_rows[2]).startswith("indented")
    assert makefile_rows[2][0]["x0"] == pytest.approx(start + 4 * step, abs=0.15 * step)
    gaps = [b[0]["top"] - a[0]["top"] for a, b in zip(makefile_rows, makefile_rows[1:], strict=False)]
    assert gaps[1] == pytest.approx(2 * gaps[0], abs=0.5)  # the blank line keeps its height


def test_quotes_and_dashes_in_code_stay_as_typed():
    assert code_text(QUOTED) == """re.sub("[^a-z]", "", s)  # it's -- 'quoted'\n"""
    assert code_text("""Run `re.sub("[^a-z]", "", s)` -- 'or' `it's`.\n""") == """re.sub("[^a-z]", "", s)it's"""
    text = "".join(row_text(row) for row in rows(render(QUOTED)))
    assert """re.sub("[^a-z]","",s)#it's--'quoted'""" in text.replace(" ", "")


def test_indented_code_has_its_lines_too():
    root = lxml_html.fragment_fromstring(html_of("Text.\n\n    a = 1\n\n    b = 2\n"), create_parent="div")
    assert [line.text_content() for line in root.find_class("line")] == ["a = 1\n", "\n", "b = 2\n"]


# Print: highlighting in greys, long lines inside the text block


def test_a_long_line_wraps_inside_the_text_block_with_a_hanging_indent():
    page = rows(render(LONG))
    measure = max(char["x1"] for char in page[0])  # the justified first line of the paragraph
    code = [mono(row) for row in page if mono(row)]
    assert len(code) >= 2 and row_text(code[0]).startswith("value=")
    assert all(char["x1"] <= measure + 0.5 for row in code for char in row)
    step = code[0][1]["x0"] - code[0][0]["x0"]
    assert code[1][0]["x0"] == pytest.approx(code[0][0]["x0"] + 2 * step, abs=0.5)  # --code-hang: 2ch
    assert "↪" not in "".join(row_text(row) for row in code)  # the continuation mark is no text


def test_print_highlighting_is_grey_and_keywords_bold():
    pdf = render("```python\ndef f():  # note\n    return 'x'\n```\n")
    chars = [char for row in rows(pdf) for char in mono(row)]
    keyword = [char for char in chars if char["text"] in "def"][0]
    comment = [char for char in chars if char["text"] == "#"][0]
    assert "Bold" in keyword["fontname"] and "Oblique" in comment["fontname"]
    for char in chars:
        colour = char["non_stroking_color"] or (0,)
        assert len(set(colour)) == 1 or len(colour) == 1, f"{char['text']} printed in colour {colour}"


# Line numbers


def test_line_numbers_on_request_are_generated_not_copied():
    markdown = '```{.python linenums="9"}\nx = 1\ny = 2\n```\n'
    root = lxml_html.fragment_fromstring(html_of(markdown), create_parent="div")
    block = root.find_class("highlight")[0]
    assert "numbered" in block.get("class").split() and "code-line 8" in block.get("style")
    assert code_text(markdown) == "x = 1\ny = 2\n"  # no number in the text an ebook reader copies
    assert [row_text(row) for row in rows(render(markdown))][-2:] == ["9x=1", "10y=2"]


def test_no_line_numbers_unless_asked():
    assert "numbered" not in html_of("```python\nx = 1\n```\n")


# Listings: caption, label, number, reference


def book_of(tmp_path: Path, text: str, meta: str = "") -> Path:
    path = tmp_path / "book.md"
    path.write_text(f"---\ntitle: Code\n{meta}---\n\n" + textwrap.dedent(text), encoding="utf-8")
    return path


CHAPTERS = """\
    # One

    Text.

    # Two

    As @lst:hello shows ([-@lst:hello]), and @lst:other too.

    ```{#lst:hello .python caption="Hello, *world*"}
    print("Hello")
    ```

    Listing: The other one {#lst:other}

    ```c
    int main(void) { return 0; }
    ```
    """


def test_listings_are_captioned_numbered_and_referred_to(tmp_path):
    book = read(book_of(tmp_path, CHAPTERS, "numbering: {figures: chapter}\n"), Diagnostics())
    body = book.chapters[1].body
    listings = body.find_class("listing")
    assert [listing.get("id") for listing in listings] == ["lst-hello", "lst-other"]
    captions = [listing.find("p").text_content() for listing in listings]
    assert captions == ["Listing\u00a02.1. Hello, world", "Listing\u00a02.2. The other one"]
    assert listings[0].find(".//em").text == "world"  # the caption is Markdown
    assert listings[0].find_class("highlight") and "Listing:" not in body.text_content()
    assert [link.text for link in body.find_class("xref")] == ["Listing\u00a02.1", "2.1", "Listing\u00a02.2"]
    assert [(t.id, t.number, t.title) for t in book.listings] == [
        ("lst-hello", "2.1", "Hello, world"),
        ("lst-other", "2.2", "The other one"),
    ]


def test_listings_number_through_the_book_and_in_the_books_language(tmp_path):
    book = read(book_of(tmp_path, CHAPTERS, "lang: de\n"), Diagnostics())
    assert [t.number for t in book.listings] == ["1", "2"]
    assert book.chapters[1].body.find_class("xref")[0].text == "Listing\u00a01"


def test_an_unknown_listing_label_is_an_error_at_its_line(tmp_path):
    diagnostics = Diagnostics()
    resolve(load_book(book_of(tmp_path, "# One\n\nSee @lst:missing.\n"), diagnostics), diagnostics)
    assert [(f.code, f.line, f.message) for f in diagnostics.errors] == [
        ("r-unknown-label", 7, "unknown cross-reference label '@lst:missing'")
    ]


def test_inline_code_in_print_never_stretches_or_breaks_and_keeps_the_leading():
    words = " ".join(f"word{n} `tally --flag-{n}`" if n % 5 == 0 else f"word{n}" for n in range(80))
    body = [row for row in rows(render(words + "\n")) if "word" in row_text(row)]
    baselines = [row[0]["matrix"][5] for row in body]
    assert {round(a - b, 1) for a, b in zip(baselines, baselines[1:], strict=False)} == {14.5}  # print.css leading
    texts = [row_text(row) for row in body]
    assert all(not text.endswith(("tally", "-")) and not text.startswith(("--", "flag")) for text in texts)
    for row in body:
        code = [char for char in row if "Mono" in char["fontname"] and char["text"].strip()]
        for at in [n for n in range(len(code) - 5) if "".join(c["text"] for c in code[n : n + 6]) == "tally-"]:
            advance = code[at + 1]["x0"] - code[at]["x0"]
            assert code[at + 5]["x0"] - code[at + 4]["x0"] == pytest.approx(2 * advance, abs=0.1)  # "y -"


def test_an_mdbook_file_name_paragraph_is_a_label_over_its_code_not_an_indented_line():
    pdf = render('<span class="filename">Filename: Makefile</span>\n\n' + MAKEFILE)
    label = next(row for row in rows(pdf) if row_text(row).startswith("Filename"))
    code = next(row for row in rows(pdf) if row_text(row) == "all:")
    assert label[0]["x0"] == pytest.approx(code[0]["x0"], abs=0.5)  # flush with the code, no indent
    assert label[0]["size"] < 10  # set small, as a caption


def test_inline_code_in_an_indented_paragraph_takes_no_indent_of_its_own():
    pdf = render("Before.\n\nFirst, `flush=True`. When the output is a pipe the flush matters a great deal to all.\n")
    row = next(row for row in rows(pdf) if row_text(row).startswith("First"))
    comma = next(char for char in row if char["text"] == ",")
    code = next(char for char in row if char["text"] == "f" and "Mono" in char["fontname"])
    assert code["x0"] - comma["x1"] < 8  # a word space, not a space and an em


def test_mdbook_listings_keep_their_number_caption_and_file_name(tmp_path):
    text = """\
    # One

    <Listing number="2-1" file-name="src/pipeline.rs" caption="The four steps">

    ```rust,ignore
    fn main() {}
    ```

    </Listing>
    """
    book = read(book_of(tmp_path, text), Diagnostics())
    caption = book.chapters[0].body.find_class("listing-caption")[0]
    assert caption.text_content() == "Listing\u00a02-1. The four stepssrc/pipeline.rs"
    assert caption.find_class("filename")[0].text == "src/pipeline.rs"
    assert [(t.number, t.title) for t in book.listings] == [("2-1", "The four steps")]
    assert "Listing" not in "".join(book.chapters[0].body.itertext()).replace("Listing\u00a02-1.", "")


def test_a_tab_after_text_that_ends_on_a_tab_stop_goes_to_the_next_stop():
    """WeasyPrint sets tab stops on whole pixels: at 8 pt "GET" ended a hair before its stop and the
    tab after it vanished ("GET200"); print.css's code size puts the stops on the columns."""
    lines = [mono(row) for row in rows(render('```text\n 40122  "GET\t200\n  7903  "POST\t200\n```\n')) if mono(row)]
    for row in lines:
        quote = next(char for char in row if char["text"] == '"')
        step = row[row.index(quote) + 1]["x0"] - quote["x0"]
        assert row[-3]["x0"] - quote["x0"] == pytest.approx(8 * step, abs=0.15 * step)  # column 8 → 16


def for_print(html: str) -> str:
    """What the print policy does to code lines (render.chapter_markup with tabs_from_line_start)."""
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    for line in root.xpath("//pre//span[contains(concat(' ', @class, ' '), ' line ')]"):
        unhighlight_before_last_tab(line)
    return "".join(lxml_html.tostring(child, encoding="unicode") for child in root)


def test_a_tab_after_a_highlighted_token_stops_at_the_column_in_print():
    """WeasyPrint measures a tab from the start of its inline box: "CC<tab>=" set "=" at column 6.
    In print a line's text up to its last tab is one box from the line's start."""
    markdown = "```makefile\nCC\t= gcc\nCFLAGS\t= -O2\n\tcargo build\n```\n"
    lines = [row for row in (mono(row) for row in rows(render(markdown, prepare=for_print))) if row]
    start = lines[0][0]["x0"]
    step = lines[0][1]["x0"] - start
    equals = [next(char for char in row if char["text"] == "=")["x0"] for row in lines[:2]]
    assert equals[0] == pytest.approx(start + 4 * step, abs=0.15 * step)
    assert equals[1] == pytest.approx(start + 8 * step, abs=0.15 * step)
    assert lines[2][0]["x0"] == pytest.approx(start + 4 * step, abs=0.15 * step)  # a leading tab as before
    assert '<span class="o">=</span>' in for_print(html_of(markdown))  # highlighting goes on after the tab
