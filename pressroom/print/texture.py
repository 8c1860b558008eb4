"""Faults of the laid-out text a typesetter would not pass (issue #13; the layout checks report
them, ``fixes`` mends what it can):

- a loose line: a justified line whose word spaces are stretched past about twice a normal space;
- a hyphen ladder: more than two hyphenated line ends in a row;
- a hyphen in a paragraph's last word (its last line a fragment: "num-/ber.") or across a page turn;
- a short page: a page inside a chapter whose text stops well above the foot (its notes counted),
  unless it ends the chapter or the next page opens with a figure or table that could not fit.

All read ``pages.walk``'s lines; a hyphenated line end is one WeasyPrint broke inside a word (the
line ends with its hyphenate character, which the text does not have there: ``textpoints``).
"""

from __future__ import annotations

from dataclasses import dataclass

from weasyprint.formatting_structure import boxes

from pressroom.print.pages import Layout, Line
from pressroom.print.pagestarts import line_text
from pressroom.print.textpoints import LineSpan, line_spans

NORMAL_SPACE_EM = 0.25  # a word space in a book face (Gentium's is 0.22 em)
LOOSE_SPACE = 2.0  # a justified line's spaces may stretch to about twice a normal space
MAX_HYPHENS_IN_A_ROW = 2
SHORT_PAGE_FILL = 0.85  # a page inside a chapter is at least this full


@dataclass(frozen=True)
class LineFault:
    """A laid-out line at fault: the line, its place among its block's lines and in its text."""

    line: Line
    position: int
    span: LineSpan
    kind: str  # "loose", "ladder", "paragraph-end", "page-turn"


def block_lines(layout: Layout) -> list[tuple[object, list[Line], list[LineSpan]]]:
    """Each block with its running lines in order and where each stands in its text (blocks
    whose lines cannot be matched to their text are left out)."""
    grouped: dict[int, list[Line]] = {}
    for line in layout.lines:
        if line.in_flow and line.block is not None and line.block.chapter is not None:
            grouped.setdefault(id(line.block), []).append(line)
    found = []
    for lines in grouped.values():
        spans = line_spans(lines[0].block.element, [line.box for line in lines])
        if spans is not None:
            found.append((lines[0].block, lines, spans))
    return found


def word_spacing_ratio(line) -> float:
    """How far a justified line stretches its word spaces: the widest over a normal space."""
    widest, stack = 0.0, [line]
    while stack:
        box = stack.pop()
        if isinstance(box, boxes.TextBox) and " " in box.text.strip():
            normal = NORMAL_SPACE_EM * box.style["font_size"]
            widest = max(widest, (normal + (box.justification_spacing or 0)) / normal)
        elif isinstance(box, boxes.ParentBox):
            stack.extend(box.children)
    return widest


def texture_faults(layout: Layout) -> list[LineFault]:
    """Every loose line, hyphen ladder and misplaced hyphen, in page order."""
    faults = []
    for _, lines, spans in block_lines(layout):
        run = 0
        for position, (line, span) in enumerate(zip(lines, spans, strict=True)):
            last = position == len(lines) - 1
            if not last and _paragraph_ends(lines, position) is False and word_spacing_ratio(line.box) > LOOSE_SPACE:
                faults.append(LineFault(line, position, span, "loose"))
            run = run + 1 if span.hyphenated else 0
            if run == MAX_HYPHENS_IN_A_ROW + 1:
                faults.append(LineFault(line, position, span, "ladder"))
            if not span.hyphenated or last:
                continue
            if (
                _paragraph_ends(lines, position + 1)
                and len(lines[position + 1].box.children)
                and _one_word(lines[position + 1])
            ):
                faults.append(LineFault(line, position, span, "paragraph-end"))
            elif lines[position + 1].page != line.page:
                faults.append(LineFault(line, position, span, "page-turn"))
    return sorted(faults, key=lambda f: (f.line.page, f.line.box.position_y))


def _paragraph_ends(lines: list[Line], position: int) -> bool:
    """Whether the line ends its paragraph (the last of its block, or the next line in another)."""
    return position == len(lines) - 1 or lines[position + 1].paragraph is not lines[position].paragraph


def _one_word(line: Line) -> bool:
    return len(line_text(line.box).split()) == 1


@dataclass(frozen=True)
class ShortPage:
    page: int
    fill: float  # the share of the text block the page's text and notes take
    last: Line  # its last running line


def short_pages(layout: Layout) -> list[ShortPage]:
    """Pages inside a chapter whose text and notes leave more than 15 % of the text block empty
    above the notes, but for a chapter's last page and a page before a figure or table."""
    by_page: dict[int, list[Line]] = {}
    bottoms: dict[int, float] = {}  # every running line and image counts (code lines have no block of their own)
    for line in layout.lines:
        if line.in_flow:
            bottoms[line.page] = max(bottoms.get(line.page, 0.0), line.box.position_y + line.box.height)
        if line.in_flow and line.block is not None and line.block.chapter is not None:
            by_page.setdefault(line.page, []).append(line)
    for page, box, _ in layout.images:
        bottoms[page] = max(bottoms.get(page, 0.0), box.position_y + box.margin_height())
    last_pages = {}
    for page, lines in by_page.items():
        last_pages[id(lines[-1].block.chapter)] = page
    short = []
    for page, lines in sorted(by_page.items()):
        chapter = lines[-1].block.chapter
        if last_pages[id(chapter)] == page or (page + 1, id(chapter)) in layout.illustrated:
            continue
        page_box = layout.document.pages[page]._page_box
        top, height = page_box.content_box_y(), page_box.height
        area = layout.footnote_areas.get(page)
        floor = area.position_y if area is not None else top + height
        gap = floor - bottoms[page]
        if gap > (1 - SHORT_PAGE_FILL) * height:
            short.append(ShortPage(page, 1 - gap / height, lines[-1]))
    return short
