"""Notes on the page of their reference (issue #13): a note too long for the space under its
reference continues at the foot of the next page, and WeasyPrint's own faults that moved notes a
page late are patched (print/weasyprint_patches.py)."""

from __future__ import annotations

import pytest
from conftest import FIXTURES
from lxml import html as lxml_html
from weasyprint.formatting_structure import boxes

from pressroom.build import build_timestamp, read
from pressroom.findings import Diagnostics
from pressroom.print import layout
from pressroom.print.pages import notes_away, walk
from pressroom.print.textpoints import insert_at, keep_before, keep_from, running_text, solid, wrap_word_at

NOTES_BOOK = FIXTURES / "print" / "notes-book" / "manuscript"


def fragment(markup: str):
    return lxml_html.fragment_fromstring(markup)


def test_running_text_counts_letters_not_spaces_notes_or_math():
    block = fragment(
        '<p>One <em>two</em> three<span class="footnote">a note</span> four <span class="math">x</span>.</p>'
    )
    assert running_text(block) == "Onetwothreefour."


def test_a_note_cut_keeps_every_word_once_and_its_emphasis_on_both_sides():
    markup = '<span class="footnote" id="n"><span class="footnote-para">See <i>the long title here</i> and more.</span></span>'
    head, rest = fragment(markup), fragment(markup)
    cut = len("Seethelong")
    keep_before(head, cut)
    keep_from(rest, cut)
    assert " ".join(head.text_content().split()) == "See the long"
    assert " ".join(rest.text_content().split()) == "title here and more."
    assert rest.find(".//i").text.strip() == "title here"


def test_an_element_goes_in_before_a_letter_and_a_word_is_wrapped_whole():
    block = fragment("<p>alpha beta <b>gamma</b> delta</p>")
    assert insert_at(block, len("alphabeta"), lxml_html.Element("span", {"class": "mark"}))
    assert (
        lxml_html.tostring(block, encoding="unicode")
        == '<p>alpha beta <b><span class="mark"></span>gamma</b> delta</p>'
    )
    assert wrap_word_at(block, len("alphabetagammade"), lxml_html.Element("span", {"class": "whole-word"}))
    assert block.find_class("whole-word")[0].text == "delta"


@pytest.fixture(scope="module")
def notes_book(source_date_epoch):
    book = read(NOTES_BOOK, Diagnostics())
    laid = layout.print_layout(book, build_timestamp(book))
    return book, laid, walk(book, laid.document)


def foot_texts(page) -> list[tuple[str, str]]:
    """(class of the note, its text) for each note at the foot of a page."""
    area = next((child for child in page._page_box.children if isinstance(child, boxes.FootnoteAreaBox)), None)
    found = []
    for note in area.children if area is not None else ():
        text = []
        stack = [note]
        while stack:
            box = stack.pop()
            if isinstance(box, boxes.TextBox):
                text.append(box.text)
            elif isinstance(box, boxes.ParentBox):
                stack.extend(reversed(box.children))
        found.append((note.element.get("class"), " ".join("".join(text).split())))
    return found


def test_a_long_note_starts_under_its_reference_and_goes_on_at_the_next_foot(notes_book):
    book, laid, walked = notes_book
    note = book.chapters[0].notes[0]
    page, _ = walked.note_calls[note.id]
    assert walked.note_pages[note.id] == page and notes_away(walked) == []
    head = foot_texts(laid.document.pages[page])
    rest = foot_texts(laid.document.pages[page + 1])
    assert [kind for kind, _ in head] == ["footnote justify-last"]
    assert [kind for kind, _ in rest] == ["footnote footnote-continued"]
    assert head[0][1].startswith("1. The ledgers survive")  # the number opens the note, not its rest
    assert not rest[0][1][0].isdigit()
    whole = solid("".join(block.text_content() for block in note.body))
    laid_out = solid(head[0][1][len("1.") :] + rest[0][1]).replace(
        "\u2010", ""
    )  # less the number and the hyphens the layout adds
    assert laid_out == whole


def test_the_page_under_the_note_is_full_and_its_text_runs_on(notes_book):
    _, laid, walked = notes_book
    flow = [line for line in walked.lines if line.in_flow and line.block is not None and line.block.chapter]
    pages = sorted({line.page for line in flow})
    for page in pages[:-1]:  # every page but the chapter's last reaches the foot (less a line)
        box = laid.document.pages[page]._page_box
        area = walked.footnote_areas.get(page)
        floor = area.position_y if area is not None else box.content_box_y() + box.height
        bottom = max(line.box.position_y + line.box.height for line in flow if line.page == page)
        assert floor - bottom < 0.15 * box.height, page


def test_an_opening_paragraph_sets_only_its_first_line_in_small_caps(notes_book):
    _, laid, walked = notes_book
    first = next(line for line in walked.lines if line.in_flow and line.block and line.block.element.tag.endswith("p"))
    paragraph = [line for line in walked.lines if line.in_flow and line.paragraph is first.paragraph]
    assert paragraph[-1].page > paragraph[0].page  # the test needs it to turn the page

    def caps(line):
        stack = [line.box]
        while stack:
            box = stack.pop()
            if isinstance(box, boxes.TextBox) and box.text.strip():
                return box.style["font_variant_caps"]
            if isinstance(box, boxes.ParentBox):
                stack.extend(box.children)

    assert caps(paragraph[0]) == "small-caps"
    assert {caps(line) for line in paragraph if line.page > paragraph[0].page} == {"normal"}


def test_a_table_that_turns_the_page_takes_its_caption_along(source_date_epoch):
    """A table at a page's foot breaks between rows; its caption stays with its first rows, never
    alone at the foot of the page before."""
    book = read(NOTES_BOOK, Diagnostics())
    rows = "".join(f"<tr><td>{year}</td><td>{year * 3}</td></tr>" for year in range(1930, 1954))
    filler = "".join(f"<p>Line {n} of the text before the table.</p>" for n in range(40))
    html = f"<html><body>{filler}<table><caption>Table 8. Prisoners</caption>{rows}</table></body></html>"
    document = layout.render(book, html)

    def page_text(page) -> str:
        text, stack = [], [page._page_box]
        while stack:
            box = stack.pop()
            if isinstance(box, boxes.TextBox):
                text.append(box.text)
            elif isinstance(box, boxes.ParentBox):
                stack.extend(box.children)
        return " ".join(text)

    caption_page = next(i for i, page in enumerate(document.pages) if "Prisoners" in page_text(page))
    assert "1930" in page_text(document.pages[caption_page])
    assert "1953" not in page_text(document.pages[caption_page])  # the table did turn the page


def paragraph_pages(document, marker: str) -> set[int]:
    """The pages holding lines of the paragraph whose text starts with ``marker``."""
    found = set()
    for index, page in enumerate(document.pages):
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if (
                isinstance(box, boxes.LineBox)
                and box.element is not None
                and (box.element.text or "").startswith(marker)
            ):
                found.add(index)
            elif isinstance(box, boxes.ParentBox):
                stack.extend(box.children)
    return found


def test_a_paragraph_whose_note_goes_over_still_starts_at_the_foot_of_the_page(source_date_epoch):
    """A note too long for the page moves to the next; its paragraph still starts where it stands
    (WeasyPrint kept the emptied note area's margins off the page, and the whole paragraph
    followed the note)."""
    book = read(NOTES_BOOK, Diagnostics())
    note = "A note much too long for the space left on the page. " * 30
    filler = "".join(f"<p>Line {n} of the text before it.</p>" for n in range(48))  # the call's line last on the page
    words = " ".join(f"word{n}" for n in range(120))
    html = (
        "<html><body>"
        f"{filler}<p>Here it starts, {words[:150]} <span class='footnote'>{note}</span> {words}</p>"
        "</body></html>"
    )
    document = layout.render(book, html)
    assert min(paragraph_pages(document, "Here it starts")) == 0
