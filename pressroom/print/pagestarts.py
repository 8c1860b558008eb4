"""Where each page of the print edition begins, as a place in the manuscript's text: the block
(its file and line) and how many of its words stand on earlier pages.

The EPUB carries the print edition's page numbers there (``pagebreaks``): a reader can cite the
printed page. The place is read from the layout itself, not estimated: the first line of running
text on each page (notes, running heads and folios aside). A word hyphenated across the page turn
counts as on the page it begins: the marker stands before the whole word.
"""

from __future__ import annotations

import re

from weasyprint.formatting_structure import boxes

from pressroom.book import Book
from pressroom.pagebreaks import PageStart
from pressroom.print.pages import walk

WORD = re.compile(r"\S+")
HYPHENS = ("\u2010", "-", "\u00ad")  # a line ending in one of these, with no space, runs its word on


def page_starts(book: Book, document) -> list[PageStart]:
    """One PageStart for each page whose first running text belongs to a chapter, in page order
    (pages of front matter the layout generates, blank pages and pages of images alone have none)."""
    layout = walk(book, document)
    titles = {(chapter.file, chapter.line) for chapter in book.chapters}
    counted: dict[int, int] = {}  # id(block) → words seen so far
    runs_on: dict[int, bool] = {}  # id(block) → its last line ended in a hyphen
    starts, seen_pages = [], set()
    for line in layout.lines:
        if not line.in_flow or line.block is None or line.block.chapter is None:
            continue
        text = line_text(line.box)
        words = len(WORD.findall(text))
        if not words:
            continue
        key = id(line.block)
        before = counted.get(key, 0)
        continuing = runs_on.get(key, False)
        if line.page not in seen_pages:
            seen_pages.add(line.page)
            file, number = layout.where(line.block)
            starts.append(
                PageStart(
                    layout.folios[line.page],
                    line.block.chapter.id,
                    file,
                    number,
                    before - 1 if continuing else before,
                    title=(file, number) in titles and line.block.element.tag == "h1",
                )
            )
        counted[key] = before + words - (1 if continuing else 0)
        runs_on[key] = text.rstrip() == text and text.endswith(HYPHENS)
    return starts


def line_text(line) -> str:
    """The text of a laid-out line, in order; what only print adds to the text (an external link's
    address, ``render.show_link_addresses``; the page after a section reference) left out, so the
    words counted are the ebook's too."""
    parts, stack = [], [line]
    while stack:
        box = stack.pop()
        if isinstance(box, boxes.TextBox):
            parts.append(box.text)
        elif isinstance(box, boxes.ParentBox) and not print_only(box):
            stack.extend(reversed(box.children))
    return "".join(parts)


PRINT_ONLY = {"link-address", "page-after"}


def print_only(box) -> bool:
    """An address's or a section reference's page words, and the folio CSS puts after the latter."""
    element = getattr(box, "element", None)
    if element is None:
        return False
    if (getattr(box, "element_tag", None) or "").endswith("::after"):
        return any("page-after" in (child.get("class") or "").split() for child in element)
    return bool(PRINT_ONLY & set((element.get("class") or "").split()))
