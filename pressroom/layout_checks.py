"""Layout checks: what the laid-out pages show that the manuscript cannot.

``check_layout(book, document)`` walks WeasyPrint's pages and boxes and reports, with the page
(physical index + 1, the printed folio in the message) and the manuscript's file:line:

======================  ========  ===========================================================
code                    severity  what
======================  ========  ===========================================================
``l-overflow``          error     a line (or image) runs past the text block
``l-orphan``            warning   a paragraph's first line alone at the foot of a page
``l-widow``             warning   a paragraph's last line alone at the head of a page
``l-short-last-page``   warning   a chapter ends with a page of one or two lines
``l-low-resolution``    warning   a raster image printed below 300 dpi at its placed size
``l-figure-far``        warning   a figure more than a page away from its first reference
``l-missing-text``      error     text in the print HTML that the laid-out pages lack
``l-footnote-away``     warning   a footnote set on a later page than its reference
======================  ========  ===========================================================

Where a box came from: the print HTML keeps ``data-line`` on every block and ``data-source`` (the
file name) on each chapter's section; each box keeps its element, so one walk over the element
tree maps every element to its chapter and nearest ``data-line`` block, and one walk over the
boxes attributes lines, images and text to them.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from weasyprint.formatting_structure import boxes
from weasyprint.images import RasterImage

from pressroom.book import Book, Chapter
from pressroom.findings import Finding

MIN_DPI = 300
MIN_LINES = 2  # a paragraph keeps at least this many lines on either side of a page break
SHORT_PAGE = 2  # a chapter's last page with this many lines or fewer is short
TOLERANCE = 1.0  # CSS px a line may pass the text block by (rounding)


@dataclass
class Block:
    """An element with ``data-line``: where a manuscript block (or note) stands."""

    element: object
    chapter: Chapter | None
    line: int
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

    def where(self, block: Block | None) -> tuple[Path, int]:
        if block is None or block.chapter is None:
            return self.book.meta.source, 1
        return block.chapter.file, block.line

    def page_name(self, page: int) -> str:
        return f"page {page + 1} (folio {self.folios[page]})"


def check_layout(book: Book, document=None) -> list[Finding]:
    """Everything the checks find in the book's layout (laid out now unless given)."""
    if document is None:
        from pressroom.build import build_timestamp
        from pressroom.pdf import final_layout

        document = final_layout(book, build_timestamp(book)).document
    layout = walk(book, document)
    findings = [*overflow(layout), *widows_and_orphans(layout), *short_last_pages(layout),
                *low_resolution(layout), *figures_far(layout), *missing_text(layout), *footnotes_away(layout)]
    return sorted(findings, key=lambda f: (f.page or 0, str(f.file), f.line, f.code))


# The walk ------------------------------------------------------------------------------------


def root_element(document):
    for child in document.pages[0]._page_box.children:
        if not isinstance(child, boxes.MarginBox) and child.element is not None:
            return child.element
    return None


def folios(book: Book, document) -> list[str]:
    """The printed folio of each page: roman before the first body chapter, arabic from it."""
    from pressroom.pdf import roman

    first = next((c for c in book.chapters if c.matter == "bodymatter"), None)
    start = next((i for i, page in enumerate(document.pages) if first and first.id in page.anchors), 0)
    return [roman(i + 1) if i < start else str(i - start + 1) for i in range(len(document.pages))]


def walk(book: Book, document) -> Layout:
    layout = Layout(book, document, folios(book, document))
    by_id = {chapter.id: chapter for chapter in book.chapters}
    root = root_element(document)
    if root is not None:
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


def _map_elements(layout: Layout, element, chapter, block, by_id) -> None:
    """Each element's chapter and nearest data-line block; each block's own HTML text."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in {"head", "svg", "script", "style", "template"}:
        return
    if tag == "section" and element.get("data-source") is not None:
        heading = next((h for h in element.iter("h1") if h.get("id") in by_id), None)
        chapter = by_id.get(heading.get("id")) if heading is not None else chapter
    if element.get("data-line", "").isdigit():
        block = Block(element, chapter, int(element.get("data-line")))
        layout.blocks[id(element)] = block
    layout.owners[id(element)] = block
    if chapter is not None:
        layout.chapters[id(element)] = chapter
    if block is not None and element.text:
        block.text += element.text
    for child in element:
        layout.enclosing[id(child)] = block
        _map_elements(layout, child, chapter, block, by_id)
        if block is not None and child.tail:
            block.text += child.tail


def _walk_boxes(layout: Layout, page: int, box, text_block, paragraph, in_flow: bool) -> None:
    element = getattr(box, "element", None)
    block = layout.owners.get(id(element)) if element is not None else None
    if isinstance(box, boxes.FootnoteAreaBox):
        in_flow = False
    if isinstance(box, boxes.LineBox):
        layout.lines.append(Line(page, box, paragraph, block, in_flow))
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
    if element is not None and element.get("class") == "footnote" and element.get("id"):
        if not in_flow:
            layout.note_pages.setdefault(element.get("id"), page)
        elif (getattr(box, "element_tag", None) or "").endswith("::footnote-call"):
            layout.note_calls.setdefault(element.get("id"), (page, layout.enclosing.get(id(element))))
    if element is not None and getattr(box, "element_tag", None) == "a" and "xref" in (element.get("class") or ""):
        target = (element.get("href") or "").lstrip("#")
        layout.xrefs.setdefault(target, page)
    if isinstance(box, boxes.BlockContainerBox) and not isinstance(box, boxes.LineBox):
        paragraph = element
    for child in box.all_children() if isinstance(box, boxes.ParentBox) else ():
        _walk_boxes(layout, page, child, text_block, paragraph, in_flow)


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


# The checks ----------------------------------------------------------------------------------


def _finding(layout: Layout, block, code: str, message: str, page: int, severity: str = "warning",
             context: str = "") -> Finding:
    file, line = layout.where(block)
    return Finding(file, line, 1, code, f"{message} ({layout.page_name(page)})", severity, page + 1, context)


def overflow(layout: Layout) -> list[Finding]:
    return [_finding(layout, block, "l-overflow", f"{'an image' if what == 'an image' else 'a line'} runs "
                     f"{excess * 0.75:.1f} pt past the text block", page, "error",
                     "" if what == "an image" else what[:80])
            for page, excess, what, block in layout.overflows]


def _paragraph_parts(layout: Layout) -> list[tuple[object, Block | None, list[list]]]:
    """In-flow paragraphs as lists of [page, line count], in order."""
    parts: dict[int, tuple[object, Block | None, list[list]]] = {}
    for line in layout.lines:
        if not line.in_flow or line.paragraph is None:
            continue
        entry = parts.setdefault(id(line.paragraph), (line.paragraph, line.block, []))
        pages = entry[2]
        if pages and pages[-1][0] == line.page:
            pages[-1][1] += 1
        else:
            pages.append([line.page, 1])
    return list(parts.values())


def widows_and_orphans(layout: Layout) -> list[Finding]:
    findings = []
    for paragraph, block, pages in _paragraph_parts(layout):
        if len(pages) < 2 or getattr(paragraph, "tag", "") in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            continue
        (first_page, first), (last_page, last) = pages[0], pages[-1]
        if first < MIN_LINES:
            findings.append(_finding(layout, block, "l-orphan", f"a paragraph leaves {first} line at the "
                                     "foot of the page and goes on over the page", first_page))
        if last < MIN_LINES:
            findings.append(_finding(layout, block, "l-widow", f"a paragraph ends with {last} line alone at the "
                                     "head of the page", last_page))
    return findings


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
        if len(pages) < 2:
            continue
        last = max(pages)
        lines = pages[last]
        if len(lines) > SHORT_PAGE or (last, key) in layout.illustrated:
            continue
        first = lines[0]
        continued = any(line.paragraph is first.paragraph for line in pages.get(last - 1, ()))
        endings.append((chapters[key], last, len(lines), first.block, continued))
    return endings


def short_last_pages(layout: Layout) -> list[Finding]:
    return [_finding(layout, block, "l-short-last-page", f"chapter “{chapter.title_text}” ends with a page of "
                     f"{count} line{'s' if count > 1 else ''}", page)
            for chapter, page, count, block, _ in short_endings(layout)]


def low_resolution(layout: Layout) -> list[Finding]:
    findings = []
    for page, box, block in layout.images:
        image = getattr(box, "replacement", None)
        if not isinstance(image, RasterImage) or not box.width or not box.height:
            continue
        width_in, height_in = box.width / 96, box.height / 96
        dpi = min(image.width / width_in, image.height / height_in)
        if dpi < MIN_DPI:
            name = Path(box.element.get("src", "")).name if box.element is not None else "an image"
            findings.append(_finding(
                layout, block, "l-low-resolution",
                f"{name} prints at {dpi:.0f} dpi ({image.width} × {image.height} px over {width_in:.2f} × "
                f"{height_in:.2f} in); {MIN_DPI} dpi needs {round(width_in * MIN_DPI)} × "
                f"{round(height_in * MIN_DPI)} px", page))
    return findings


def figures_far(layout: Layout) -> list[Finding]:
    findings = []
    anchors = {name: index for index, page in enumerate(layout.document.pages) for name in page.anchors}
    for target in layout.book.targets.values():
        if target.kind != "fig" or target.id not in anchors or target.id not in layout.xrefs:
            continue
        figure, reference = anchors[target.id], layout.xrefs[target.id]
        if abs(figure - reference) > 1:
            element = next((b for b in layout.blocks.values() if b.element.get("id") == target.id), None)
            direction = "after" if figure > reference else "before"
            findings.append(_finding(
                layout, element, "l-figure-far",
                f"figure {target.number} stands {abs(figure - reference)} pages {direction} its first "
                f"reference on {layout.page_name(reference)}", figure))
    return findings


IGNORED = re.compile(r"[\s\u00ad\u2010\u2011\-]")


def _normal(text: str) -> tuple[str, list[int]]:
    """Text without spaces, hyphens or format characters, casefolded; and where each char came from."""
    chars, positions = [], []
    for index, char in enumerate(text):
        if IGNORED.match(char) or unicodedata.category(char) == "Cf":
            continue
        folded = char.casefold()
        chars.append(folded)
        positions.extend([index] * len(folded))
    return "".join(chars), positions


def missing_text(layout: Layout) -> list[Finding]:
    findings = []
    for block in layout.blocks.values():
        html, positions = _normal(block.text)
        if not html:
            continue
        laid_out, _ = _normal("".join(block.laid_out))
        if html == laid_out or html in laid_out:
            continue
        matcher = difflib.SequenceMatcher(None, html, laid_out, autojunk=False)
        missing = [(i1, i2) for tag, i1, i2, _, _ in matcher.get_opcodes() if tag in {"delete", "replace"}]
        missing = [(i1, i2) for i1, i2 in missing if i2 - i1 >= 2 or len(html) < 4]
        if not missing:
            continue
        i1, i2 = missing[0]
        start, end = positions[i1], positions[i2 - 1] + 1
        excerpt = " ".join(block.text[start:end].split())
        page = block.pages[0] if block.pages else _nearest_page(layout, block)
        findings.append(_finding(layout, block, "l-missing-text",
                                 f"text missing from the laid-out pages: “{excerpt[:60]}”", page, "error",
                                 " ".join(block.text.split())[:200]))
    return findings


def notes_away(layout: Layout) -> list[tuple[str, int, int, Block | None]]:
    """(note id, page of the reference, page of the note, block holding the reference)."""
    away = []
    for note_id, (page, block) in layout.note_calls.items():
        note_page = layout.note_pages.get(note_id, page)
        if note_page != page:
            away.append((note_id, page, note_page, block))
    return sorted(away, key=lambda item: item[1])


def footnotes_away(layout: Layout) -> list[Finding]:
    return [_finding(layout, block, "l-footnote-away",
                     f"the note stands on {layout.page_name(note_page)}, its reference on", page)
            for _, page, note_page, block in notes_away(layout)]


def _nearest_page(layout: Layout, block: Block) -> int:
    """For a block with nothing laid out: the page of the block laid out before it."""
    page = 0
    for other in layout.blocks.values():
        if other is block:
            break
        if other.pages:
            page = other.pages[-1]
    return page
