"""The pages around the text: title and half title, copyright page, contents (toc-depth, run-in
numeral chapters), lists of figures and tables (short captions), the index's letter headings."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest
import weasyprint
from lxml import html as lxml_html

from pressroom.build import read
from pressroom.contents import RunIn, book_contents
from pressroom.findings import BuildFailed, Diagnostics
from pressroom.markdown import to_html
from pressroom.phrases import em_width, phrased
from pressroom.resolve import first_sentence
from pressroom.resources import DEFAULT_THEME
from pressroom.templating import TITLE_FACE, environment
from pressroom.words import load_words

NBSP = "\u00a0"
ENGLISH_GLUE = ["of", "the", "in", "and", "its", "a"]


def small_book(root: Path, chapters: dict[str, str], metadata: str = "", contents: str = "") -> Path:
    """A manuscript of ``chapters`` (file name → Markdown), in that order (or as ``contents``
    lists them), with ``metadata``."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in chapters.items():
        (root / name).write_text(text, encoding="utf-8")
    listed = contents or ", ".join(chapters)
    (root / "book.yaml").write_text(f"title: Small\nlang: en\n{metadata}contents: [{listed}]\n", encoding="utf-8")
    return root


def render(book, template: str, **values) -> str:
    return environment(book).get_template(template).render(**values)


# Title: line breaks only at phrase boundaries.


def test_a_title_never_breaks_after_a_dash_or_a_short_word():
    title = phrased("Stalin’s Reign of Terror and its Victims in the Soviet Union, 1927–1953", ENGLISH_GLUE)
    assert '<span class="nowrap">1927–1953</span>' in title  # a number range is one piece
    assert f"Reign of{NBSP}Terror and{NBSP}its{NBSP}Victims in{NBSP}the{NBSP}Soviet Union," in title
    assert "Union, <span" in title  # a break after the comma stays possible


def test_what_follows_a_colon_is_a_line_of_its_own():
    title = phrased("Rust: A Guide to the Language", ENGLISH_GLUE)
    assert title == (
        f'<span class="title-line">Rust:</span> <span class="title-line">A{NBSP}Guide to the{NBSP}Language</span>'
    )


def title_lines(title: str, measure: float) -> list[str]:
    width = em_width(DEFAULT_THEME / TITLE_FACE)
    html = phrased(title, ENGLISH_GLUE, width, measure, bound_words=["of"])
    return [line.text_content().replace(NBSP, " ") for line in lxml_html.fragment_fromstring(html, "h1")]


def test_a_long_title_is_set_in_balanced_lines_that_keep_its_phrases():
    title = "Stalin’s Reign of Terror and its Victims in the Soviet Union, 1927–1953"
    assert title_lines(title, 12.9) == ["Stalin’s Reign of Terror", "and its Victims", "in the Soviet Union, 1927–1953"]
    # narrower: a line more rather than "Soviet / Union" or "Reign / of Terror"
    assert title_lines(title, 11) == [
        "Stalin’s Reign of Terror",
        "and its Victims",
        "in the Soviet Union,",
        "1927–1953",
    ]
    assert title_lines("The Winter Loaf", 12.9) == []  # one line: no line spans
    assert title_lines("Rust: A Guide to the Language", 12.9) == ["Rust:", "A Guide to the Language"]


def test_the_title_page_half_title_and_cover_words_come_from_the_language(tmp_path):
    book = read(small_book(tmp_path, {"01.md": "# One\n\nText.\n"}, "subtitle: Impact and Legacy\n"))
    book.meta.title = "Stalin’s Reign of Terror, 1927–1953"
    page = render(book, "partials/titlepage.html")
    assert (  # too long for one line: two, broken after the comma, not before "of"
        f'<h1 class="title"><span class="title-line">Stalin’s Reign of{NBSP}Terror,</span> '
        '<span class="title-line"><span class="nowrap">1927–1953</span></span></h1>'
    ) in page
    assert f"Impact and{NBSP}Legacy" in page
    assert '<span class="nowrap">1927–1953</span>' in render(book, "partials/halftitle.html")
    german = load_words(book.folders, "de")
    assert {"der", "und", "von"} <= set(german["no-break-after"])


def test_a_publisher_that_is_the_author_is_named_once_on_the_title_page(tmp_path):
    book = read(
        small_book(tmp_path, {"01.md": "# One\n\nText.\n"}, "author: Saltmere Books\npublisher: Saltmere Books\n")
    )
    assert render(book, "partials/titlepage.html").count("Saltmere Books") == 1
    book.meta.publisher = "Other House"
    assert '<p class="publisher">Other House</p>' in render(book, "partials/titlepage.html")


def test_running_heads_name_a_title_without_its_subtitle_unless_a_short_title_is_given(tmp_path):
    book = read(small_book(tmp_path, {"01.md": "# One\n\nText.\n"}))
    assert book.meta.short_title == "Small"
    (tmp_path / "book.yaml").write_text('title: "Ledgers of Ink: How Shops Kept Books"\ncontents: [01.md]\n')
    book = read(tmp_path)
    assert book.meta.short_title == "Ledgers of Ink"
    assert book.chapters[0].running_heads.verso == "Ledgers of Ink"


# Copyright page: real identifiers only.


@pytest.mark.parametrize(
    ("identifier", "printed"),
    [
        ("4f0f7a58-8e7a-5c3e-9a57-3c6b0f1d2a41", []),
        ("{epub: 978-0-00-000000-2}", ["ISBN 978-0-00-000000-2 (ebook)"]),
        (
            "{print: 9780000000019, epub: 9780000000002}",
            ["ISBN 9780000000019 (paperback)", "ISBN 9780000000002 (ebook)"],
        ),
    ],
)
def test_the_copyright_page_prints_isbns_and_never_a_uuid(tmp_path, identifier, printed):
    book = read(small_book(tmp_path, {"01.md": "# One\n\nText.\n"}, f"identifier: {identifier}\n"))
    page = render(book, "partials/copyright.html")
    assert re.findall(r"<p>(ISBN [^<]*)</p>", page) == printed
    assert "4f0f7a58" not in page and "identifier" not in page.lower().replace("{#", "")


# Contents.


def contents_tree(book, **values):
    page = render(book, "partials/contents.html", contents=book_contents(book), **values)
    return lxml_html.fromstring(page)


def test_an_appendix_line_has_the_chapters_number_column(tmp_path):
    chapters = {"01.md": "# One\n\nText.\n", "90.md": "# Data\n\nText.\n"}
    book = read(small_book(tmp_path, chapters, contents="01.md, {file: 90.md, role: appendix}"))
    lines = contents_tree(book, page_of={"one": "1", "data": "7"}).xpath("//li")
    shapes = [[(child.tag, child.get("class")) for child in li.find("a")] for li in lines]
    assert shapes == [[("span", "number"), ("span", "title")]] * 2
    assert [li.find("a").get("data-page") for li in lines] == ["1", "7"]
    assert [li.findtext("a/span[@class='number']") for li in lines] == ["1", "A"]


def test_toc_depth_lists_sections_in_every_edition(tmp_path):
    text = "# One\n\n## First Section\n\nText.\n\n### Deeper\n\nText.\n\n## Second Section\n\nText.\n"
    shallow = read(small_book(tmp_path / "a", {"01.md": text}))
    assert [li.findtext("a/span[@class='title']") for li in contents_tree(shallow).xpath("//li")] == ["One"]
    deep = read(small_book(tmp_path / "b", {"01.md": text}, "toc-depth: 2\n"))
    print_titles = [li.findtext("a/span[@class='title']") for li in contents_tree(deep).xpath("//li")]
    assert print_titles == ["One", "First Section", "Second Section"]
    nav = render(deep, "epub/nav.xhtml", href=lambda c: f"text/{c.slug}.xhtml", pages=[], page_list=[],
                 contents=book_contents(deep, run_in=False), stylesheets=[])  # fmt: skip
    assert re.search(r'<li class="section"><a href="[\w-]+\.xhtml#first-section">First Section</a>', nav)
    deepest = read(small_book(tmp_path / "c", {"01.md": text}, "toc-depth: 3\n"))
    assert "Deeper" in [e.title for e in book_contents(deepest)[0].children[0].children]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "toc-depth: 7",
            "book.yaml:3: 'toc-depth' is 1 (chapters), 2 (and their sections) or 3 (and subsections), not '7'",
        ),
        ("toc-dept: 2", "book.yaml:3: unknown metadata key 'toc-dept' (did you mean 'toc-depth'?)"),
    ],
)
def test_toc_depth_is_checked_at_its_line(tmp_path, line, message):
    manuscript = small_book(tmp_path, {"01.md": "# One\n\nText.\n"}, line + "\n")
    with pytest.raises(BuildFailed) as failed:
        read(manuscript, Diagnostics())
    assert [finding.location().split("/")[-1] for finding in failed.value.findings] == [message]


def test_chapters_titled_only_with_a_number_run_in(tmp_path):
    chapters = "".join(f"## {numeral}\n\nText.\n\n" for numeral in ("I", "II", "III"))
    book = read(small_book(tmp_path, {"p1.md": "# Part One\n\n" + chapters}, "top-level-division: part\n"))
    (part,) = book_contents(book)
    (run,) = part.children
    assert isinstance(run, RunIn) and [e.title for e in run.entries] == ["I", "II", "III"]
    (line,) = contents_tree(book).xpath("//li[@class='run-in']")
    assert line.text_content() == f"I{NBSP}· II{NBSP}· III"
    assert len(book_contents(book, run_in=False)[0].children) == 3  # the EPUB's nav lists each


# Lists of figures and tables: short captions.


def test_a_short_caption_is_given_or_the_captions_first_sentence(tmp_path):
    html = to_html('![A long caption. It goes on.](x.png){#fig:x fig-scap="Short"}\n', "en")[0]
    assert 'data-short-caption="Short"' in html
    abbreviations = load_words(read(small_book(tmp_path, {"01.md": "# One\n\nText.\n"})).folders, "en")["abbreviations"]
    assert first_sentence("Arrests, e.g. in 1937. Data: J. Arch Getty.", abbreviations) == "Arrests, e.g. in 1937"
    assert first_sentence("Prices rose 1.5 times. Then fell.", abbreviations) == "Prices rose 1.5 times"
    assert first_sentence("No full stop", abbreviations) == "No full stop"


def test_the_lists_give_short_captions(tmp_path):
    text = (
        "# One\n\n![Deaths, 1930–1953. Data from the archives.](x.svg){#fig:a}\n\n"
        '![Arrests. More.](x.svg){#fig:b fig-scap="Arrests by year"}\n\n'
        '| a |\n|---|\n| 1 |\n\n: Counts by U.S. agencies. Second sentence. {#tbl:c tbl-scap="Counts"}\n'
    )
    manuscript = small_book(tmp_path / "manuscript", {"01.md": text}, "lists: [figures, tables]\n")
    (tmp_path / "images").mkdir()
    (manuscript / "x.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    book = read(manuscript)
    page = render(book, "partials/lists.html", href=lambda target: f"#{target.id}")
    titles = re.findall(r'<span class="title">([^<]*)</span>', page)
    assert titles == ["Deaths, 1930–1953", "Arrests by year", "Counts"]
    assert "data-short-caption" not in lxml_html.tostring(book.chapters[0].body, encoding="unicode")


# The print layout (the session's PDFs).


@pytest.fixture(scope="module")
def real_pdf(real_book):
    """The real book's PDF opened once (pdfplumber takes two seconds to open it)."""
    with pdfplumber.open(real_book["pdf"]) as pdf:
        yield pdf


def bookmarked_pages(pdf) -> dict[str, int]:
    """The page index of each top-level PDF bookmark."""
    index = {page.page_obj.pageid: number for number, page in enumerate(pdf.pages)}
    return {title: index[dest[0].objid] for level, title, dest, *_ in pdf.doc.get_outlines() if level == 1}


def line_words(page) -> list[list[dict]]:
    """The words of a page grouped into lines (by their top)."""
    lines: dict[int, list[dict]] = {}
    for word in page.extract_words():
        lines.setdefault(round(word["top"]), []).append(word)
    return [sorted(words, key=lambda w: w["x0"]) for _, words in sorted(lines.items())]


def test_contents_page_numbers_stand_right_aligned_on_their_titles_lines(real_pdf):
    lines = line_words(real_pdf.pages[bookmarked_pages(real_pdf)["Contents"]])[1:-1]  # less heading and folio
    folio = re.compile(r"\d+|[ivxlc]+")
    ends = [round(words[-1]["x1"], 1) for words in lines]
    assert len(lines) >= 12 and len(set(ends)) == 1  # every number ends at the same x
    for words in lines:
        assert folio.fullmatch(words[-1]["text"]) and len(words) > 1  # never alone on a line
    titles_x = max(words[0]["x0"] for words in lines)  # where an unnumbered line's title starts
    numbers = [words[0] for words in lines if words[0]["x0"] < titles_x]
    assert [w["text"] for w in numbers] == ["1", "2", "3", "4", "5", "6", "A", "B"]
    assert len({round(w["x0"], 1) for w in numbers}) == 1  # appendix letters in the chapters' number column
    assert {round(words[1]["x0"], 1) for words in lines if words[0] in numbers} == {round(titles_x, 1)}


def test_index_letter_headings_are_bold_and_never_end_a_column(real_pdf):
    bookmarks = bookmarked_pages(real_pdf)
    headings = 0
    for page in real_pdf.pages[bookmarks["Index"] : bookmarks["Colophon"]]:  # the index runs up to the colophon
        middle, foot = page.width / 2, page.height - 60  # the columns, without running head and folio
        for column in (page.crop((0, 60, middle, foot)), page.crop((middle, 60, page.width, foot))):
            lines = line_words(column)
            for number, words in enumerate(lines):
                if len(words) == 1 and re.fullmatch(r"[A-Z]", words[0]["text"]):
                    top = words[0]["top"]
                    (char,) = [c for c in column.chars if c["text"] == words[0]["text"] and abs(c["top"] - top) < 1]
                    assert "Bold" in char["fontname"]
                    assert number < len(lines) - 1, f"letter {words[0]['text']} ends a column"
                    headings += 1
    assert headings >= 15  # the letter groups (A–Z less those no entry begins with) are found


def test_a_title_without_a_number_stands_where_a_numbered_chapters_title_does():
    sections = (
        '<section class="chapter-like"><header><p class="chapter-number">Chapter 1</p><h1>One</h1></header>'
        '<p>Text.</p></section><section class="chapter-like"><header><h1>Preface</h1></header><p>Text.</p></section>'
    )
    sheets = [weasyprint.CSS(filename=str(DEFAULT_THEME / name)) for name in ("base.css", "print.css")]
    pdf = weasyprint.HTML(string=f'<html lang="en"><body>{sections}</body></html>').write_pdf(stylesheets=sheets)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        words = [word for page in document.pages for word in page.extract_words() if word["text"] in ("One", "Preface")]
    assert abs(words[0]["top"] - words[1]["top"]) < 1
