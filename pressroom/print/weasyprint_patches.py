"""Fixes to WeasyPrint that Pressroom carries until they land upstream (WeasyPrint is pinned in
pyproject.toml; ``tests/test_notes.py`` proves each one still takes effect).

- Footnote area overflow: ``LayoutContext._update_footnote_area`` calls a note too big for the
  note area when the bottom of the area's last note is greater than the area's bottom, two sums
  of the same lengths in another order. In floating point they can differ in the last bit
  (932.733333333333 > 932.7333333333329), and a note that fits is moved to the next page, the
  notes after it on that page with it. The comparison here allows a thousandth of a pixel.
  And when the last note leaves a page (moved to the next), the area, now empty, still kept its
  margin and padding off the page: the lines already set above it then overflowed, and the whole
  paragraph went to the next page, leaving a third of the page empty. An empty area takes no room.
- ``::first-line`` on every page: ``block_container_layout`` applies a block's first-line style
  whenever it lays the block out, also when it resumes the block on a new page, so a chapter's
  opening paragraph that turns the page sets its first line there in small caps again. A resumed
  block (a skip stack) is laid out here without it.
- Notes moved for an orphan: when a paragraph's second line does not fit at a page's foot,
  ``_linebox_layout`` moves the page's notes, last first, to the next page until it fits, so that
  the first line is not left alone: a note of twenty lines goes to make room for one line of text,
  and stands a page after its reference. Here the paragraph moves to the next page instead, as it
  does on a page without notes (notes stay with their references, as in TeX). The one changed line
  is replaced in WeasyPrint's own source of the function, so the rest stays WeasyPrint's.
"""

from __future__ import annotations

import inspect
from math import inf

from weasyprint.formatting_structure import build
from weasyprint.layout import LayoutContext, block, block_level_layout

ROUNDING = 1e-3  # CSS px: far below anything visible, far above floating-point noise


def _update_footnote_area(self) -> bool:
    """WeasyPrint 70.0's ``LayoutContext._update_footnote_area``, overflow compared with a
    tolerance, and no room kept for an empty area."""
    if self.current_footnote_area.height != "auto" and not self.in_column:
        self.page_bottom += self.current_footnote_area.margin_height()
    self.current_footnote_area.children = self.current_page_footnotes
    if self.current_footnote_area.children:
        footnote_area = build.create_anonymous_boxes(self.current_footnote_area.deepcopy())
        footnote_area = block_level_layout(self, footnote_area, -inf, None, self.current_footnote_area.page)[0]
        self.current_footnote_area.height = footnote_area.height
        if not self.in_column:
            self.page_bottom -= footnote_area.margin_height()
        last_child = footnote_area.children[-1]
        last_child_bottom = last_child.position_y + last_child.margin_height() - last_child.margin_bottom
        footnote_area_bottom = footnote_area.position_y + footnote_area.margin_height() - footnote_area.margin_bottom
        return last_child_bottom > footnote_area_bottom + ROUNDING
    self.current_footnote_area.height = "auto"  # the second change: an empty area takes no room
    return False


_block_container_layout = block.block_container_layout


def _resumed_without_first_line(context, box, bottom_space, skip_stack, *args, **kwargs):
    """``block_container_layout``, with no first-line style for a block resumed on a new page."""
    if skip_stack is None or box.first_line_style is None:
        return _block_container_layout(context, box, bottom_space, skip_stack, *args, **kwargs)
    first_line, box.first_line_style = box.first_line_style, None
    try:
        return _block_container_layout(context, box, bottom_space, skip_stack, *args, **kwargs)
    finally:
        box.first_line_style = first_line


NOTES_MOVED_FOR_ORPHAN = "report = not context.in_column and can_break_now and not could_break_before"


def _linebox_layout_keeping_notes():
    """WeasyPrint's ``_linebox_layout`` with notes never moved to fit an orphan's second line."""
    source = inspect.getsource(block._linebox_layout)
    if NOTES_MOVED_FOR_ORPHAN not in source:
        raise RuntimeError("WeasyPrint's _linebox_layout changed: review print/weasyprint_patches.py")
    namespace = dict(vars(block))
    exec(compile(source.replace(NOTES_MOVED_FOR_ORPHAN, "report = False"), block.__file__, "exec"), namespace)
    return namespace["_linebox_layout"]


_patched: dict[str, object] = {}


def apply() -> None:
    """Install the fixes (idempotent)."""
    if not _patched:
        _patched["linebox"] = _linebox_layout_keeping_notes()
    LayoutContext._update_footnote_area = _update_footnote_area
    block.block_container_layout = _resumed_without_first_line
    block._linebox_layout = _patched["linebox"]
