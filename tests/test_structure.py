"""How files divide into parts, chapters and sections (headings.py, manuscript.py), and how the
editions show parts, articles and chapters that open on any page."""

from __future__ import annotations

import textwrap
import zipfile
from pathlib import Path

import pypdf
import pytest
from lxml import html as lxml_html

from pressroom.build import build, build_timestamp, read
from pressroom.errors import BookError
from pressroom.findings import Diagnostics
from pressroom.headings import HeadingPlan, relevel
from pressroom.print.layout import print_layout
from pressroom.proof.checks import run_checks


def levels(markup: str, plan: HeadingPlan) -> list[str]:
    root = lxml_html.fragment_fromstring(markup, create_parent="div")
    relevel(root, plan)
    return [f"{h.tag}{'.part' if 'part' in h.get('class', '') else ''}" for h in root if h.tag[0] == "h"]


HEADINGS = "<h1>A</h1><p>x</p><h2>B</h2><h3>C</h3><h2>D</h2>"


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        (HeadingPlan(), ["h1", "h2", "h3", "h2"]),
        (HeadingPlan(shift=-1), ["h1", "h1", "h2", "h1"]),
        (HeadingPlan(shift=1), ["h2", "h3", "h4", "h3"]),
        (HeadingPlan(parts=True), ["h1.part", "h1", "h2", "h1"]),
        (HeadingPlan(one_chapter=True), ["h1", "h2", "h3", "h2"]),
        (HeadingPlan(article=True), ["h2", "h3", "h4", "h3"]),
    ],
)
def test_headings_take_the_level_the_structure_gives_them(plan, expected):
    assert levels(HEADINGS, plan) == expected


def test_one_chapter_per_file_starts_at_its_first_heading_whatever_its_level():
    markup = "<h2>Variables</h2><h3>Shadowing</h3><h1>Stray</h1><h2>Constants</h2>"
    assert levels(markup, HeadingPlan(one_chapter=True)) == ["h1", "h2", "h2", "h2"]


def test_headings_inside_blockquotes_stay_as_written():
    markup = "<h2>A</h2><blockquote><h1>Quoted</h1></blockquote>"
    root = lxml_html.fragment_fromstring(markup, create_parent="div")
    relevel(root, HeadingPlan(shift=-1))
    assert [e.tag for e in root.iter() if e.tag[0] == "h"] == ["h1", "h1"]


def manuscript(folder: Path, metadata: str, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "book.yaml").write_text(textwrap.dedent(metadata), encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


NOVEL = {
    "book.yaml": """\
        title: Three Winters
        author: A. Writer
        lang: en-GB
        chapters-open: any
        contents:
          - prologue.md
          - {file: part-1.md, role: part}
          - {file: part-2.md, role: part}
          - {file: notes.md, role: afterword}
        """,
    "prologue.md": "# Prologue\n\nBefore it all began.\n",
    "part-1.md": """\
        # Part One: Flour

        > Bread is patient.
        {.epigraph}

        ## I

        The bus left her at the harbour wall.

        {LONG}

        ## The Starter

        It was older than both of them.

        ### A section

        Kept as a section.
        """,
    "part-2.md": """\
        # Salt

        ## Morning

        The sea had come in overnight.

        ## Appendix: Recipes {.appendix}

        Flour, water, salt.
        """,
    "notes.md": "# Afterword\n\nThanks.\n",
}


# Chapter I runs over a few pages: its running heads show from the second on.
LONG = "\n\n        ".join(["The wind came off the water as if it had waited for her in particular. " * 9] * 10)


@pytest.fixture(scope="module")
def novel(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("novel") / "manuscript"
    files = dict(NOVEL, **{"part-1.md": NOVEL["part-1.md"].replace("{LONG}", LONG)})
    return manuscript(folder, files.pop("book.yaml"), files)


def test_a_part_file_holds_its_part_page_and_its_chapters(novel):
    book = read(novel, Diagnostics())
    shape = [(c.role, c.title_text, c.number, c.part.title_text if c.part else None) for c in book.chapters]
    assert shape == [
        ("chapter", "Prologue", "1", None),
        ("part", "Part One: Flour", "", None),  # the title already says "Part"
        ("chapter", "I", "", "Part One: Flour"),  # a chapter titled with its numeral is not numbered again
        ("chapter", "The Starter", "3", "Part One: Flour"),
        ("part", "Salt", "II", None),
        ("chapter", "Morning", "4", "Salt"),
        ("appendix", "Appendix: Recipes", "A", "Salt"),  # back matter inside a part stays in it
        ("afterword", "Afterword", "", None),  # a back-matter file closes the parts
    ]
    part_one = book.chapters[1]
    assert part_one.body.find("blockquote").get("class") == "epigraph"
    assert [h.tag for h in book.chapters[3].body if h.tag[0] == "h"] == ["h2"]


def test_the_contents_nest_chapters_under_their_parts(novel, tmp_path):
    epub = build(novel, tmp_path, ("epub",))[0]
    with zipfile.ZipFile(epub) as archive:
        nav = lxml_html.fromstring(archive.read("EPUB/text/nav.xhtml"))
        ncx = archive.read("EPUB/toc.ncx").decode()
    toc = nav.get_element_by_id("toc")
    top = [li.find("a").text_content() for li in toc.find("ol").findall("li")]
    assert top == ["1. Prologue", "Part One: Flour", "II. Salt", "Afterword"]
    inner = toc.find("ol").findall("li")[2].find("ol")
    assert [a.text_content() for a in inner.iter("a")] == ["4. Morning", "A. Appendix: Recipes"]
    assert ncx.count("<navPoint") == 8


def page_texts(book) -> list[str]:
    layout = print_layout(book, build_timestamp(book))
    return [" ".join(box_text(page._page_box).split()) for page in layout.document.pages]


def box_text(box) -> str:
    if hasattr(box, "text"):
        return box.text
    return " ".join(box_text(child) for child in getattr(box, "children", []))


def test_part_pages_stand_on_a_recto_and_chapters_open_on_any_page(novel):
    pages = page_texts(read(novel, Diagnostics()))
    prologue = next(i for i, text in enumerate(pages) if text.lower().startswith("chapter 1 prologue"))
    assert prologue % 2 == 0 and pages[prologue - 1] == ""  # the body opens on a recto, after a blank verso
    first = next(i for i, text in enumerate(pages) if text.startswith("Part One: Flour"))
    assert first % 2 == 0  # a recto (page indexes from 0: 0 is the first recto)
    assert pages[first + 1] == ""  # its verso blank: no running head, no folio
    assert pages[first + 2].startswith("I The bus left her")
    assert "three winters" not in pages[first + 2].lower()  # no running head on an opening page
    # Chapter "I" is a bare number: the recto names its part, the verso the book.
    assert pages[first + 3].lower().endswith("three winters")
    assert pages[first + 4].lower().endswith("part one: flour 7")
    starter = next(i for i, text in enumerate(pages) if text.lower().startswith("chapter 3 the starter"))
    assert "" not in pages[first + 2 : starter + 1]  # chapters-open: any: the next page, never a blank one


def running_heads(book) -> dict[str, tuple[str, str]]:
    return {c.title_text: (c.running_heads.verso, c.running_heads.recto) for c in book.chapters}


def test_running_heads_name_the_part_or_the_book_over_chapters_titled_by_number(novel, tmp_path):
    heads = running_heads(read(novel, Diagnostics()))
    assert heads["I"] == ("Three Winters", "Part One: Flour")
    assert heads["The Starter"] == ("Three Winters", "The Starter")
    files = {"one.md": "# 1\n\nText.\n\n# Chapter 2\n\nMore.\n", "two.md": "# Coda\n\nEnd.\n"}
    plain = manuscript(tmp_path / "m", "title: Three Winters\nauthor: A. Writer\ncontents: [one.md, two.md]\n", files)
    heads = running_heads(read(plain, Diagnostics()))  # without parts: the book on rectos, the author on versos
    assert heads == {
        "1": ("A. Writer", "Three Winters"),
        "Chapter 2": ("A. Writer", "Three Winters"),
        "Coda": ("A. Writer", "Coda"),
    }


ARTICLE = """\
    ---
    title: "Ledgers of Ink"
    author: M. Ellison
    date: 2023-10-14
    abstract: |
      Printers kept *records*.
    keywords: [printing, bookkeeping]
    ---

    Nobody keeps a handbill.

    ## Three shops

    The records come from three shops.

    ## Counting

    The table summarizes the sample.
    """


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("article") / "article.md"
    path.write_text(textwrap.dedent(ARTICLE), encoding="utf-8")
    return path


def test_one_file_without_chapters_is_an_article_of_one_text(article):
    book = read(article, Diagnostics())
    assert book.meta.layout == "article"
    assert [(c.title_text, c.untitled) for c in book.chapters] == [("Ledgers of Ink", True)]
    assert [h.tag for h in book.chapters[0].body if h.tag[0] == "h"] == ["h2", "h2"]
    assert "<em>records</em>" in book.abstract
    assert running_heads(book) == {"Ledgers of Ink": ("M. Ellison", "Ledgers of Ink")}  # as journals: author, title


def test_an_article_prints_a_title_block_and_runs_on(article):
    pages = page_texts(read(article, Diagnostics()))
    assert len(pages) == 1  # no half title, title page, contents or blank versos
    first = pages[0].lower().replace(" .", ".")
    assert first.startswith("ledgers of ink m. ellison 2023-10-14 abstract printers kept records.")
    assert "keywords: printing, bookkeeping nobody keeps a handbill." in first


def test_an_article_ebook_opens_with_its_title_block(article, tmp_path):
    epub = build(article, tmp_path, ("epub",))[0]
    with zipfile.ZipFile(epub) as archive:
        names = archive.namelist()
        opf = archive.read("EPUB/content.opf").decode()
        text = archive.read("EPUB/text/ledgers-of-ink.xhtml").decode()
    assert "EPUB/text/titlepage.xhtml" not in names
    assert opf.index('idref="ledgers-of-ink"') < opf.index('idref="copyright"')
    assert '<header class="title-block">' in text and "Keywords:" in text


def test_layout_book_keeps_a_single_file_a_book(tmp_path):
    path = tmp_path / "essay.md"
    path.write_text("---\ntitle: Essay\nlayout: book\n---\n\nText.\n\n## Part\n\nMore.\n", encoding="utf-8")
    book = read(path, Diagnostics())
    assert book.meta.layout == "book" and book.chapters[0].title_text == "Essay"


def test_shift_heading_level_makes_second_level_headings_chapters(tmp_path):
    folder = manuscript(
        tmp_path / "m",
        "title: Guide\nshift-heading-level-by: -1\ncontents: [a.md, b.md]\n",
        {"a.md": "## Getting started\n\nText.\n\n### Install\n\nMore.\n", "b.md": "## Reference\n\nText.\n"},
    )
    book = read(folder, Diagnostics())
    assert [c.title_text for c in book.chapters] == ["Getting started", "Reference"]
    assert book.chapters[0].body.find("h2").text == "Install"


def test_split_file_makes_each_file_one_chapter(tmp_path):
    folder = manuscript(
        tmp_path / "m",
        "title: Guide\nsplit: file\ncontents: [a.md, b.md]\n",
        {"a.md": "# Start\n\nText.\n\n# Also start\n\nMore.\n", "b.md": "## Next\n\nText.\n"},
    )
    book = read(folder, Diagnostics())
    assert [c.title_text for c in book.chapters] == ["Start", "Next"]


def test_top_level_division_part_in_one_file(tmp_path):
    path = tmp_path / "book.md"
    path.write_text(
        "---\ntitle: Parts\ntop-level-division: part\n---\n\n# Early\n\n## One\n\nA.\n\n# Late\n\n## Two\n\nB.\n",
        encoding="utf-8",
    )
    book = read(path, Diagnostics())
    assert [(c.role, c.title_text, c.number) for c in book.chapters] == [
        ("part", "Early", "I"),
        ("chapter", "One", "1"),
        ("part", "Late", "II"),
        ("chapter", "Two", "2"),
    ]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("layout: essay", "book.yaml:2: 'layout' must be one of book, article, not 'essay'"),
        ("chapters-open: left", "book.yaml:2: 'chapters-open' must be one of right, any, not 'left'"),
        ("shift-heading-level-by: one", "book.yaml:2: 'shift-heading-level-by' is a whole number from -5 to 5"),
    ],
)
def test_structure_settings_are_checked(tmp_path, setting, message):
    folder = manuscript(tmp_path / "m", f"title: T\n{setting}\ncontents: [a.md]\n", {"a.md": "# A\n\nText.\n"})
    with pytest.raises(BookError) as raised:
        read(folder, Diagnostics())
    assert message in str(raised.value)


def test_a_section_in_a_file_of_its_own_is_checked_at_its_own_file_and_line(tmp_path):
    folder = manuscript(
        tmp_path / "m",
        "title: Guide\ncontents: [a.md, b.md]\n",
        {
            "a.md": "# Getting started\n\nText.\n",
            "b.md": "<!--\n  Section 1.1: reviewed by\n  the series editor.\n-->\n\n## Install\n\nRun the the installer.\n",
        },
    )
    findings = [f for f in run_checks(folder) if f.code == "c-repeated-word"]
    assert [(Path(f.file).name, f.line) for f in findings] == [("b.md", 8)]


def test_a_failed_build_lists_reading_and_resolving_errors_together(tmp_path):
    folder = manuscript(
        tmp_path / "m",
        "title: Guide\ncontents: [a.md]\n",
        {"a.md": "# Start\n\nA note.[^missing]\n\nSee @fig:nowhere.\n"},
    )
    with pytest.raises(BookError) as raised:
        read(folder, Diagnostics())
    lines = str(raised.value).splitlines()
    assert any("a.md:3:" in line and "[^missing]" in line for line in lines)
    assert any("a.md:5:" in line and "fig:nowhere" in line for line in lines)


def test_the_pdf_outline_nests_chapters_under_their_parts(novel, tmp_path):
    pdf = build(novel, tmp_path, ("pdf",))[0]

    def entries(items, depth=1):
        for item in items:
            yield from entries(item, depth + 1) if isinstance(item, list) else [(depth, item.title)]

    outline = list(entries(pypdf.PdfReader(pdf).outline))
    start = outline.index((1, "Part One: Flour"))
    assert outline[start + 1 : start + 4] == [(2, "I"), (2, "The Starter"), (3, "A section")]
    assert outline[-1] == (1, "Afterword")
