"""The print edition's page numbers in the EPUB (pressroom/pagebreaks.py, print/pagestarts.py): a
marker where each printed page begins, taken from the layout, and a page-list leading to them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES
from lxml import etree
from lxml import html as lxml_html

from pressroom.build import build, build_timestamp, read, write_editions
from pressroom.context import BuildContext
from pressroom.findings import Diagnostics
from pressroom.pagebreaks import insert_marker
from pressroom.print.layout import laid_out
from pressroom.print.pages import walk
from pressroom.print.pagestarts import line_text, page_starts

XHTML = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}


@pytest.fixture(scope="module")
def mdbook(tmp_path_factory, source_date_epoch):
    """The mdBook-shaped fixture built with both editions, and the first words of its pages."""
    out = tmp_path_factory.mktemp("pagebreaks")
    manuscript = FIXTURES / "mdbook" / "manuscript"
    book = read(manuscript, Diagnostics())
    context = BuildContext(out, build_timestamp(book))
    epub, _ = write_editions(book, context, ("epub", "pdf"))
    document = laid_out(book, context).document  # the layout the build made, kept in its context
    layout = walk(book, document)
    first_words = {}
    for line in layout.lines:
        words = line_text(line.box).split()
        if line.in_flow and line.block is not None and words and line.page not in first_words:
            first_words[line.page] = (layout.folios[line.page], words[0])
    return {"epub": epub, "book": book, "starts": page_starts(book, document), "first": first_words}


def markers(epub: Path) -> dict[str, str]:
    """Each marker's label and the first word of the text after it, from the EPUB's pages."""
    found = {}
    with zipfile.ZipFile(epub) as archive:
        for name in sorted(n for n in archive.namelist() if n.startswith("EPUB/text/")):
            root = etree.fromstring(archive.read(name))
            for marker in root.iterfind(".//x:span[@role='doc-pagebreak']", XHTML):
                following = "".join(marker.xpath("following::text()")[:40])
                found[marker.get("aria-label")] = following.split()[0] if following.split() else ""
    return found


def test_every_page_of_running_text_has_a_marker_before_its_first_word(mdbook):
    placed = markers(mdbook["epub"])
    assert len(placed) == len(mdbook["starts"]) > 20
    for folio, word in mdbook["first"].values():
        after = placed[folio]
        # A word hyphenated across the page turn: the marker stands before the whole word.
        assert after == word or after.endswith(word.rstrip("‐-")) or word.rstrip("‐-") in after, (folio, word, after)


def test_the_page_list_leads_to_each_marker_in_page_order(mdbook):
    with zipfile.ZipFile(mdbook["epub"]) as archive:
        nav = etree.fromstring(archive.read("EPUB/text/nav.xhtml"))
        ids = {
            (name.rsplit("/", 1)[1], element.get("id"))
            for name in archive.namelist()
            if name.startswith("EPUB/text/")
            for element in etree.fromstring(archive.read(name)).iter()
            if element.get("id", "").startswith("page-")
        }
    page_list = nav.find(".//x:nav[@epub:type='page-list']", XHTML)
    links = [(a.get("href"), a.text) for a in page_list.iterfind(".//x:a", XHTML)]
    assert [label for _, label in links] == [start.folio for start in mdbook["starts"]]
    assert all(tuple(href.split("#")) in ids for href, _ in links)
    assert re.fullmatch(r"\d+", links[-1][1])


def test_the_package_claims_print_page_numbers_and_names_their_source(mdbook):
    """(EPUBCheck and DAISY Ace check the sample book's EPUB, which has a page-list too:
    tests/test_book.py, tests/test_accessibility.py.)"""
    with zipfile.ZipFile(mdbook["epub"]) as archive:
        opf = archive.read("EPUB/content.opf").decode()
    assert ">printPageNumbers<" in opf and ">pageNavigation<" in opf
    assert re.search(r"<meta property=\"pageBreakSource\">The tally Book, print edition<", opf), opf


def test_an_epub_built_alone_has_no_page_list_and_says_why(tmp_path, source_date_epoch):
    diagnostics = Diagnostics()
    (epub,) = build(FIXTURES / "mdbook" / "manuscript", tmp_path, ("epub",), diagnostics=diagnostics)
    assert markers(epub) == {}
    assert [f.code for f in diagnostics.findings if f.severity == "note"] == ["x-no-page-list"]


def test_a_word_running_on_across_elements_counts_once_as_in_print():
    """The words "Canal</span>," are one word on the printed line, so the marker after four words stands
    before "built", not one word early."""
    block = lxml_html.fragment_fromstring('<p>The <span class="index">White Sea–Baltic Canal</span>, built by it</p>')
    insert_marker(block, 4, lxml_html.Element("span", {"id": "page-9"}))
    assert lxml_html.tostring(block, encoding="unicode").endswith(
        'Canal</span>, <span id="page-9"></span>built by it</p>'
    )


def test_a_page_that_opens_with_a_table_has_its_marker_before_the_table():
    """A span is not allowed directly in a table (EPUBCheck RSC-005)."""
    block = lxml_html.fragment_fromstring("<div><table><tr><td>1930</td></tr></table></div>")
    table = block.find("table")
    insert_marker(table, 0, lxml_html.Element("span", {"id": "page-9"}))
    assert lxml_html.tostring(block, encoding="unicode").startswith('<div><span id="page-9"></span><table>')
