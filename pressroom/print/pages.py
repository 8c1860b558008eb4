"""One walk over laid-out pages: every line, image, text and reference, with its page and the
manuscript block it came from.

The print HTML keeps ``data-line`` on every block and ``data-source`` (the file name) on each
chapter's section; each WeasyPrint box keeps its element, so one walk over the element tree maps
every element to its chapter and nearest ``data-line`` block, and one walk over the boxes attributes
lines, images and text to them.

The layout passes (``layout.print_layout``: short chapter endings, notes set a page late), the
layout checks (``checks``) and the proof's lines (``proof/lines.py``) all read this walk; it imports
nothing else of the print package, so none of them imports another to get it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from weasyprint.formatting_structure import boxes

from pressroom.book import Book, Chapter

SHORT_PAGE = 2  # a chapter's last page with this many lines or fewer is short
TOLERANCE = 1.0  # CSS px a line may pass the text block by (rounding)


@dataclass
class Block:
    """An element with ``data-line``: where a manuscript block (or note) stands."""

    element: object
    chapter: Chapter | None
    line: int
    file: Path | None = None  # its manuscript file, when not its chapter's (a continuing file's section)
    text: str = ""  # its own text in the HTML (nested blocks excluded)
    laid_out: list[str] = field(default_factory=list)  # its text as laid out, in order
    pages: list[int] = field(default_factory=list)


@dataclass
class Line:
    page: int
    box: object  # the LineBox
    paragraph: object  # the element whose block box holds the line
    block: Block | None
    in_flow: bool  # False in the footnote area


@dataclass
class Layout:
    """One walk over a document: every line, image, text and reference with its page."""

    book: Book
    document: object
    folios: list[str]
    blocks: dict[int, Block] = field(default_factory=dict)  # id(element) → its nearest block
    owners: dict[int, Block | None] = field(default_factory=dict)
    chapters: dict[int, Chapter] = field(default_factory=dict)  # id(element) → chapter
    lines: list[Line] = field(default_factory=list)
    images: list[tuple[int, object, Block | None]] = field(default_factory=list)
    illustrated: set[tuple[int, int]] = field(default_factory=set)  # (page, id(chapter)) with an image or table
    xrefs: dict[str, int] = field(default_factory=dict)  # target id → page of its first reference
    overflows: list[tuple[int, float, str, Block | None]] = field(default_factory=list)
    enclosing: dict[int, Block | None] = field(default_factory=dict)  # id(element) → its parent's block
    note_calls: dict[str, tuple[int, Block | None]] = field(default_factory=dict)  # note id → (page, block of the call)
    note_pages: dict[str, int] = field(default_factory=dict)  # note id → page where the note begins
    note_call_lines: dict[str, Line] = field(default_factory=dict)  # note id → the line holding its call
    note_boxes: dict[str, object] = field(default_factory=dict)  # note id → its (first) box at the foot
    footnote_areas: dict[int, object] = field(default_factory=dict)  # page → its footnote area box
    continued: dict[str, int] = field(default_factory=dict)  # note id → page where its split-off rest begins

    def where(self, block: Block | None) -> tuple[Path, int]:
        if block is None or block.chapter is None:
            return self.book.meta.source, 1
        return block.file or block.chapter.file, block.line

    def page_name(self, page: int) -> str:
        return f"page {page + 1} (folio {self.folios[page]})"


def roman(number: int) -> str:
    """Lower-case roman numerals, as the front matter's folios are printed."""
    numerals = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ]
    text = ""
    for value, numeral in numerals:
        while number >= value:
            text, number = text + numeral, number - value
    return text


def root_elements(document) -> list:
    """The root element of each document whose pages make up ``document`` (the print layout joins
    the pages of several: ``segments``), in page order."""
    roots: dict[int, object] = {}
    for page in document.pages:
        for child in page._page_box.children:
            if not isinstance(child, boxes.MarginBox) and child.element is not None:
                roots.setdefault(id(child.element), child.element)
                break
    return list(roots.values())


def folios(book: Book, document) -> list[str]:
    """The printed folio of each page: roman before the first body chapter, arabic from it."""
    first = next((c for c in book.chapters if c.matter == "bodymatter"), None)
    start = next((i for i, page in enumerate(document.pages) if first and first.id in page.anchors), 0)
    return [roman(i + 1) if i < start else str(i - start + 1) for i in range(len(document.pages))]


def walk(book: Book, document) -> Layout:
    layout = Layout(book, document, folios(book, document))
    by_id = {chapter.id: chapter for chapter in book.chapters}
    for root in root_elements(document):
        _map_elements(layout, root, None, None, by_id)
    for index, page in enumerate(document.pages):
        page_box = page._page_box
        left = page_box.content_box_x()
        right = left + page_box.width
        for child in page_box.children:
            if isinstance(child, boxes.MarginBox):
                continue
            _walk_boxes(layout, index, child, (left, right), None, in_flow=True)
    return layout


def is_note(element) -> bool:
    """A note set at its reference (``span.footnote``); a note's continuation is not one."""
    classes = (element.get("class") or "").split()
    return "footnote" in classes and "footnote-continued" not in classes


def _map_elements(layout: Layout, element, chapter, block, by_id, file: Path | None = None) -> None:
    """Each element's chapter and nearest data-line block; each block's own HTML text."""
    tag = element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""  # inline <svg> is namespaced
    if tag in {"head", "svg", "script", "style", "template"}:
        return
    if tag == "section" and element.get("data-source") is not None:
        heading = next((h for h in element.iter("h1") if h.get("id") in by_id), None)
        chapter = by_id.get(heading.get("id")) if heading is not None else chapter
    if tag != "section" and element.get("data-source") and chapter is not None:
        continuing = layout.book.continuing_file(chapter.file, element.get("data-source"))
        file = continuing.path if continuing else file
    if element.get("data-line", "").isdigit():
        block = Block(element, chapter, int(element.get("data-line")), file)
        layout.blocks[id(element)] = block
    layout.owners[id(element)] = block
    if chapter is not None:
        layout.chapters[id(element)] = chapter
    if block is not None and element.text:
        block.text += element.text
    for child in element:
        layout.enclosing[id(child)] = block
        _map_elements(layout, child, chapter, block, by_id, file)
        if block is not None and child.tail:
            block.text += child.tail


def _walk_boxes(layout: Layout, page: int, box, text_block, paragraph, in_flow: bool, line: Line | None = None) -> None:
    element = getattr(box, "element", None)
    block = layout.owners.get(id(element)) if element is not None else None
    if isinstance(box, boxes.FootnoteAreaBox):
        in_flow = False
        layout.footnote_areas[page] = box
    if isinstance(box, boxes.LineBox):
        line = Line(page, box, paragraph, block, in_flow)
        layout.lines.append(line)
        _line_extent(layout, page, box, text_block, block)
    if isinstance(box, boxes.TextBox) and block is not None:
        block.laid_out.append(box.text)
        if not block.pages or block.pages[-1] != page:
            block.pages.append(page)
    if isinstance(box, boxes.ReplacedBox):
        layout.images.append((page, box, block))
        if box.position_x + box.margin_width() > text_block[1] + TOLERANCE:
            layout.overflows.append((page, box.position_x + box.margin_width() - text_block[1], "an image", block))
    chapter = layout.chapters.get(id(element)) if element is not None else None
    if chapter is not None and isinstance(box, (boxes.ReplacedBox, boxes.TableBox)) and in_flow:
        layout.illustrated.add((page, id(chapter)))
    if element is not None and not in_flow and element.get("data-continues"):
        layout.continued.setdefault(element.get("data-continues"), page)
    if element is not None and element.get("id") and is_note(element):
        if not in_flow:
            layout.note_pages.setdefault(element.get("id"), page)
            layout.note_boxes.setdefault(element.get("id"), box)
        elif (getattr(box, "element_tag", None) or "").endswith("::footnote-call"):
            layout.note_calls.setdefault(element.get("id"), (page, layout.enclosing.get(id(element))))
            if line is not None:
                layout.note_call_lines.setdefault(element.get("id"), line)
    if element is not None and getattr(box, "element_tag", None) == "a" and "xref" in (element.get("class") or ""):
        target = (element.get("href") or "").lstrip("#")
        layout.xrefs.setdefault(target, page)
    if isinstance(box, boxes.BlockContainerBox) and not isinstance(box, boxes.LineBox):
        paragraph = element
    for child in box.all_children() if isinstance(box, boxes.ParentBox) else ():
        _walk_boxes(layout, page, child, text_block, paragraph, in_flow, line)


def _line_extent(layout: Layout, page: int, line, text_block, block) -> None:
    right = None
    text = []
    stack = list(line.children)
    while stack:
        box = stack.pop()
        if isinstance(box, boxes.TextBox):
            text.append(box.text)
            if box.text.strip():
                end = box.position_x + box.width
                right = end if right is None else max(right, end)
        elif isinstance(box, boxes.ParentBox):
            stack.extend(box.children)
    if right is not None and right > text_block[1] + TOLERANCE:
        layout.overflows.append((page, right - text_block[1], " ".join(reversed(text)).strip(), block))


# What the layout passes fix (and the checks report) -----------------------------------


def short_endings(layout: Layout) -> list[tuple[Chapter, int, int, Block | None, bool]]:
    """Chapters whose last page holds one or two lines: (chapter, page, lines, first block on that
    page, whether that block began on an earlier page)."""
    by_chapter: dict[int, dict[int, list[Line]]] = {}
    chapters: dict[int, Chapter] = {}
    for line in layout.lines:
        if not line.in_flow or line.block is None or line.block.chapter is None:
            continue
        chapter = line.block.chapter
        chapters[id(chapter)] = chapter
        by_chapter.setdefault(id(chapter), {}).setdefault(line.page, []).append(line)
    endings = []
    for key, pages in by_chapter.items():
        if len(pages) < 2:  # a chapter of one page has no last page to be short
            continue
        last = max(pages)
        lines = pages[last]
        if len(lines) > SHORT_PAGE or (last, key) in layout.illustrated:
            continue
        first = lines[0]
        continued = any(line.paragraph is first.paragraph for line in pages.get(last - 1, ()))
        endings.append((chapters[key], last, len(lines), first.block, continued))
    return endings


def notes_away(layout: Layout) -> list[tuple[str, int, int, Block | None]]:
    """(note id, page of the reference, page of the note, block holding the reference): a note not
    on its reference's page, or a split note whose rest is not at the foot of the next page."""
    away = []
    for note_id, (page, block) in layout.note_calls.items():
        note_page = layout.note_pages.get(note_id, page)
        if note_page != page:
            away.append((note_id, page, note_page, block))
        elif note_id in layout.continued and layout.continued[note_id] != page + 1:
            away.append((note_id, page, layout.continued[note_id], block))
    return sorted(away, key=lambda item: item[1])
