"""The print edition's page numbers in the EPUB: a page-break marker where each printed page
begins (``print.pagestarts``), and the page-list that leads to them.

A marker is an empty ``<span epub:type="pagebreak" role="doc-pagebreak" id="page-47"
aria-label="47"/>``: readers announce the number from ``aria-label`` and list the pages from the
nav's page-list. It stands before the word the page begins with, counted in the block (file and
line) as the print layout counted it: the block's own text, without nested blocks, notes or the
TeX of math.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from pressroom.book import Chapter

WORD = re.compile(r"\S+")
SKIPPED_CLASSES = {"math", "footnote", "note"}
OPS = "http://www.idpf.org/2007/ops"
EPUB_TYPE = f"{{{OPS}}}type"


@dataclass(frozen=True)
class PageStart:
    """Page ``folio`` begins at word ``words`` (0: its start) of the block at ``file``:``line`` in
    chapter ``chapter_id``; ``title``: at the chapter's title."""

    folio: str
    chapter_id: str
    file: Path
    line: int
    words: int
    title: bool = False


@dataclass(frozen=True)
class PageBreak:
    """A marker placed: its page label and its id, in a chapter's file."""

    folio: str
    id: str


def marker_id(folio: str) -> str:
    return f"page-{folio}"


def place_page_breaks(chapter: Chapter, title, body, starts: list[PageStart], xhtml: bool) -> list[PageBreak]:
    """Put a marker in ``title`` or ``body`` (the chapter's element trees, before their ``data-``
    attributes go) for each page start in this chapter; the markers placed, in order."""
    placed = []
    for start in starts:
        if start.chapter_id != chapter.id:
            continue
        if start.title:  # an article's opening shows a title block, not the title: its text then
            target = body if chapter.untitled else title
        else:
            target = block_element(body, chapter, start)
        if target is None or start.title:  # not found (cannot be): the start of the chapter's text
            target, start = target if target is not None else body, dataclasses.replace(start, words=0)
        insert_marker(target, start.words, new_marker(target, start.folio, xhtml))
        placed.append(PageBreak(start.folio, marker_id(start.folio)))
    return placed


def block_element(body, chapter: Chapter, start: PageStart):
    """The element of the block the page starts in: its line, in its own file (a section continued
    from another file marks its blocks with ``data-source``)."""
    own_file = start.file.name == chapter.file.name
    for element in body.iter():
        if not isinstance(element.tag, str) or element.get("data-line") != str(start.line):
            continue
        source = element_source(element)
        if (source is None and own_file) or source == start.file.name:
            return element
    return None


def element_source(element) -> str | None:
    while element is not None:
        if element.get("data-source"):
            return element.get("data-source")
        element = element.getparent()
    return None


def new_marker(near, folio: str, xhtml: bool):
    marker = near.makeelement("span", {}, nsmap={"epub": OPS} if xhtml else None)
    if xhtml:
        marker.set(EPUB_TYPE, "pagebreak")
    marker.set("role", "doc-pagebreak")
    marker.set("id", marker_id(folio))
    marker.set("aria-label", folio)
    return marker


NO_TEXT_OF_THEIR_OWN = {
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "colgroup",
    "ul",
    "ol",
    "dl",
}  # a span is no child of these


def _tag(element) -> str:
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def insert_marker(block, words: int, marker) -> None:
    """Insert ``marker`` before word number ``words`` of the block's own text (at its start for
    word 0, at its end when the block has fewer words)."""
    if words == 0:
        if _tag(block) in NO_TEXT_OF_THEIR_OWN:
            block.addprevious(marker)  # a page that opens with a table or list: the marker before it
        else:
            place(block, "text", 0, marker)
        return
    seen, in_word = 0, False  # a word runs on across elements ("Canal</span>," is one word, as printed)
    for holder, field in text_slots(block):
        text = getattr(holder, field) or ""
        for match in WORD.finditer(text):
            if match.start() == 0 and in_word:
                continue
            if seen == words:
                place(holder, field, match.start(), marker)
                return
            seen += 1
        if text:
            in_word = not text[-1].isspace()
    if _tag(block) in NO_TEXT_OF_THEIR_OWN:
        block.addnext(marker)
    else:
        block.append(marker)


def text_slots(block):
    """The block's own text in document order, as (element, "text" or "tail"): nested blocks
    (their own ``data-line``), notes and math are passed over, and so is their text."""
    yield block, "text"
    for child in block:
        if not isinstance(child.tag, str):
            yield child, "tail"
            continue
        if not own_text(child):
            yield child, "tail"
            continue
        yield from text_slots(child)
        yield child, "tail"


def own_text(element) -> bool:
    if element.get("data-line"):
        return False
    return not SKIPPED_CLASSES & set((element.get("class") or "").split())


def place(holder, field: str, offset: int, marker) -> None:
    text = getattr(holder, field)
    text = text or ""
    setattr(holder, field, text[:offset] or None)
    marker.tail = text[offset:]
    if field == "text":
        holder.insert(0, marker)
    else:
        holder.addnext(marker)
