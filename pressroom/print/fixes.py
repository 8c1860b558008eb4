"""The fixes a chapter's own pages call for, read from its layout (``layout.print_layout`` lays the
chapter out again with them before the next is placed):

- a chapter's last page holding one or two lines (CSS: keep lines together);
- a note WeasyPrint moved whole to the next page because it was too long for the space under its
  reference: split, its first lines on the reference's page (``splices.NoteSplit``), or, with no
  room for two lines there, the reference's line moved over with it (CSS: ``footnote-policy``);
- a word hyphenated where no hyphen may stand (``texture``): kept whole (``splices.WholeWord``).
"""

from __future__ import annotations

from pressroom.book import Book, Chapter
from pressroom.print.pages import SHORT_PAGE, Layout, Line, notes_away, short_endings, walk
from pressroom.print.pagestarts import line_text
from pressroom.print.segments import Fix, LayoutFix
from pressroom.print.splices import NoteSplit, WholeWord
from pressroom.print.textpoints import TextPoint, line_spans, running_text, solid
from pressroom.print.texture import texture_faults

MIN_NOTE_LINES = 2  # lines of a split note on either page, as TeX's \interfootnotelinepenalty keeps
PROBE = 12  # characters after a text point that must still be there when the fix is made
SLACK = 0.5  # CSS px kept free under a split note's first part (rounding)


def segment_fixes(book: Book, document) -> list[frozenset[LayoutFix]]:
    """The fixes one segment's pages call for, in tiers made one at a time: the text's own (short
    endings, hyphens), then the notes, split on the line breaks those settled (a
    split names the places where a page ends and begins: a later change to the breaks before
    them would move them)."""
    walked = walk(book, document)
    return [ending_fixes(walked) | texture_fixes(walked), note_fixes(walked)]


def texture_fixes(layout: Layout) -> frozenset[LayoutFix]:
    """A word broken where a hyphen must not stand (across a page turn, the third in a row, in a
    paragraph's last word) kept whole, so the paragraph breaks its lines again around it. Loose lines are left to the check:
    tighter spacing in their paragraphs mended a third of them for half again the layout time."""
    fixes: set[LayoutFix] = set()
    for fault in texture_faults(layout):
        if fault.kind == "loose":
            continue
        block = fault.line.block
        count = fault.span.end - 1  # the broken word's last character on the line
        probe = running_text(block.element)[count : count + PROBE]
        fixes.add(WholeWord(block.chapter.id, TextPoint(block.line, block.element.get("data-source"), count, probe)))
    return frozenset(fixes)


def ending_fixes(layout: Layout) -> frozenset[LayoutFix]:
    """CSS that keeps a chapter's last page from holding only one or two lines: a paragraph that
    runs over keeps three lines together at its end; a short block alone there takes the end of the
    one before it along (pages.short_endings finds them)."""
    rules = set()
    for chapter, _, _, block, continued in short_endings(layout):
        if block is None:
            continue
        selector = block_selector(chapter, block)
        # One line more than a short last page holds, so the page the paragraph ends on is not short.
        rule = (
            f"{selector}, {selector} * {{ widows: {SHORT_PAGE + 1}; }}"
            if continued
            else f"{selector} {{ break-before: avoid; }}"
        )
        rules.add(Fix(chapter.id, rule))
    return frozenset(rules)


def block_selector(chapter: Chapter, block) -> str:
    """The CSS selector of a laid-out block: its line in its file (a section continued from
    another file names that file on its blocks)."""
    own = block.element.get("data-source")
    name = (own or chapter.file.name).replace("\\", "\\\\").replace('"', '\\"')
    if own:
        return f'[data-source="{name}"][data-line="{block.line}"]'
    return f'section[data-source="{name}"] [data-line="{block.line}"]'


def note_fixes(layout: Layout) -> frozenset[LayoutFix]:
    """For the first note on each page that WeasyPrint set a page late (the notes after it on that
    page only followed it): a split, or, when not even two of its lines fit under the reference,
    the reference's line moved over with it (the line policy: set everywhere, or forced with page
    breaks, it leaves pages half empty)."""
    fixes, pages = set(), set()
    flow = [line for line in layout.lines if line.in_flow]
    for note_id, page, _, block in notes_away(layout):
        if page in pages or block is None or block.chapter is None or note_id in layout.continued:
            continue  # a split that went wrong is reported (l-footnote-away), not split again
        pages.add(page)
        fix = note_split(layout, flow, note_id, block.chapter)
        fixes.add(fix or Fix(block.chapter.id, f"#{note_id} {{ footnote-policy: line; }}"))
    return frozenset(fixes)


def note_split(layout: Layout, flow: list[Line], note_id: str, chapter: Chapter) -> NoteSplit | None:
    """Where to cut a note set a page late so that its first lines fill the space under the line
    the page can end after (the reference's, or a later one orphans and widows ask for); None when
    that space holds fewer than two of its lines, or the rest would."""
    call, note_box = layout.note_call_lines.get(note_id), layout.note_boxes.get(note_id)
    if call is None or note_box is None or call not in flow:
        return None
    page = layout.note_pages[note_id]
    note_lines = [
        line.box
        for line in layout.lines
        if not line.in_flow and line.page == page and line.block is not None and line.block.element is note_box.element
    ]
    spans = line_spans(note_box.element, note_lines)
    end = _page_end(flow, flow.index(call))
    anchor = _next_page_start(flow, end)
    if spans is None or anchor is None:
        return None
    room = _room_under(layout, flow[end]) - SLACK
    top = note_box.position_y
    fits = [
        k
        for k in range(MIN_NOTE_LINES, len(note_lines) - MIN_NOTE_LINES + 1)
        if note_lines[k - 1].position_y + note_lines[k - 1].height - top + _below_last_line(note_box) <= room
        and not spans[k - 1].hyphenated
    ]
    if not fits:
        return None
    return NoteSplit(chapter.id, note_id, spans[max(fits) - 1].end, anchor)


def _page_end(flow: list[Line], index: int) -> int:
    """The first running line from ``index`` on after which a page may end: not inside a
    paragraph's first ``orphans`` or last ``widows`` lines, not after a heading, not in a word
    broken across the turn."""
    for at in range(index, len(flow) - 1):
        own = [line for line in flow if line.block is flow[at].block and line.paragraph is flow[at].paragraph]
        position = own.index(flow[at])
        style = flow[at].box.style
        heading = _tag(flow[at].paragraph) in {"h1", "h2", "h3", "h4", "h5", "h6"}
        last = position == len(own) - 1
        allowed = last or (position + 1 >= style["orphans"] and len(own) - position - 1 >= style["widows"])
        if not heading and allowed and not _ends_hyphenated(flow, at):
            return at
    return index


def _ends_hyphenated(flow: list[Line], at: int) -> bool:
    block = flow[at].block
    own = [line for line in flow if line.block is block]
    spans = line_spans(block.element, [line.box for line in own]) if block is not None else None
    return bool(spans and spans[own.index(flow[at])].hyphenated)


def _tag(element) -> str:
    tag = getattr(element, "tag", "")
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _below_last_line(box) -> float:
    return box.padding_bottom + box.border_bottom_width + box.margin_bottom


def _room_under(layout: Layout, line: Line) -> float:
    """The height a note could take under a running line: down to the page's text block's foot,
    less the notes already there and the note area's own rule and space."""
    page = layout.document.pages[line.page]._page_box
    bottom = page.content_box_y() + page.height
    area = layout.footnote_areas.get(line.page)
    used = area.margin_height() if area is not None else _area_overhead(layout)
    return bottom - (line.box.position_y + line.box.height) - used


def _area_overhead(layout: Layout) -> float:
    """The note area's margin, rule and padding, measured on any page with notes."""
    for area in layout.footnote_areas.values():
        return area.margin_height() - sum(child.margin_height() for child in area.children)
    return 0.0


def _next_page_start(flow: list[Line], end: int) -> TextPoint | None:
    """A text point in the running line after ``flow[end]``: once a note's first part fills the
    page under that line, the next page begins with it. After a word broken at the line's end the
    point is after the word's rest, so the word is not cut."""
    if end + 1 >= len(flow):
        return None
    following = flow[end + 1]
    block = following.block
    if block is None or block.chapter is None or following.paragraph is None:
        return None
    own = [line for line in flow if line.block is block]
    spans = line_spans(block.element, [line.box for line in own])
    if spans is None:
        return None
    position = own.index(following)
    start = spans[position].start
    if position > 0 and spans[position - 1].hyphenated:
        start += len(solid(line_text(following.box).split()[0])) if line_text(following.box).split() else 0
    probe = running_text(block.element)[start : start + PROBE]
    if not probe:
        return None
    return TextPoint(block.line, block.element.get("data-source"), start, probe)
