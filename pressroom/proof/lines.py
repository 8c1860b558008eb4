"""The proof's lines: every laid-out line of text, numbered per page, with where it came from.

From WeasyPrint's pages: each top-level line box (the ``::first-line`` box inside a line is the
same line) and the text on it. Line boxes that stand side by side (table cells, index columns)
make one numbered row. Each row knows its page, its number on that page (1, 2, … from the top,
footnotes included, running heads and folios not), its position in CSS px from the trim's
top-left corner, and the text each manuscript block (``data-line``, found by
``pressroom.print.pages.walk``) has on it.

``ProofLayout.locate(file, line, column)`` says on which page and row a manuscript position is
set: the block whose source line is the nearest at or before it, then the row within the block,
estimated from how far into the block's source the position is and refined by finding the word
there in the laid-out text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from weasyprint.formatting_structure import boxes

from pressroom.book import Book
from pressroom.print.pages import Block, walk

GENERATED = ("::before", "::after", "::marker", "::footnote-call", "::footnote-marker")


def alnum(text: str) -> str:
    """Letters and digits only, casefolded: what survives smart quotes, dashes and hyphenation."""
    return "".join(char for char in text.casefold() if char.isalnum())


@dataclass
class Row:
    """One numbered line on a page."""

    page: int  # physical page index, from 0
    number: int  # 1, 2, … on its page
    top: float  # CSS px from the trim's top edge
    bottom: float
    baseline: float
    # each block's text on it: (block, all of it, what comes from the manuscript: no generated text)
    pieces: list[tuple[Block | None, str, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(text.split()) for _, text, _ in self.pieces).strip()


@dataclass
class Page:
    index: int
    side: str  # "right" (recto) or "left" (verso)
    folio: str
    width: float  # the trim, CSS px
    height: float
    text_left: float  # the text block's edges, CSS px from the trim's left edge
    text_right: float
    rows: list[Row] = field(default_factory=list)


@dataclass
class Placed:
    """A manuscript block and the rows it is set on: (row, start, end) in its alnum text."""

    block: Block
    file: Path
    line: int
    rows: list[tuple[Row, int, int]] = field(default_factory=list)
    length: int = 0  # alnum characters laid out

    @property
    def pages(self) -> list[int]:
        return sorted({row.page for row, _, _ in self.rows})

    def row_at(self, position: int) -> Row | None:
        """The row holding the alnum character at ``position`` (clamped to the block)."""
        if not self.rows:
            return None
        for row, _start, end in self.rows:
            if position < end:
                return row
        return self.rows[-1][0]


class ProofLayout:
    """The rows of every page and the blocks set on them."""

    def __init__(self, book: Book, document):
        self.book = book
        self.document = document
        layout = walk(book, document)
        self.folios = layout.folios
        self.pages: list[Page] = []
        self.placed: dict[int, Placed] = {}  # id(Block) → its placement, in document order
        for block in layout.blocks.values():
            if block.chapter is not None:
                self.placed[id(block)] = Placed(block, block.chapter.file.resolve(), block.line)
        for index, page in enumerate(document.pages):
            self.pages.append(self._page(index, page._page_box, layout))
        self._by_file: dict[Path, list[Placed]] = {}
        for placed in self.placed.values():
            self._by_file.setdefault(placed.file, []).append(placed)
        for blocks in self._by_file.values():
            blocks.sort(key=lambda p: p.line)  # stable: document order among equal lines
        self._sources: dict[Path, list[str]] = {}

    # Reading the pages -----------------------------------------------------------------------

    def _page(self, index: int, page_box, layout) -> Page:
        left = page_box.content_box_x()
        page = Page(
            index,
            page_box.page_type.side,
            layout.folios[index],
            page_box.margin_width(),
            page_box.margin_height(),
            left,
            left + page_box.width,
        )
        lines = []
        for child in page_box.children:
            if not isinstance(child, boxes.MarginBox):
                _line_boxes(child, lines)
        texts = []
        for line in lines:
            pieces = _pieces(line, layout.owners)
            if any(text.strip() for _, text, _ in pieces):
                texts.append((line, pieces))
        texts.sort(key=lambda item: (item[0].position_y + item[0].height / 2, item[0].position_x))
        for line, pieces in texts:
            top, bottom = line.position_y, line.position_y + line.height
            middle = (top + bottom) / 2
            row = page.rows[-1] if page.rows else None
            if row is None or not row.top <= middle <= row.bottom:
                row = Row(index, len(page.rows) + 1, top, bottom, line.position_y + line.baseline)
                page.rows.append(row)
            else:
                row.top, row.bottom = min(row.top, top), max(row.bottom, bottom)
            for block, text, own in pieces:
                row.pieces.append((block, text, own))
                placed = self.placed.get(id(block)) if block is not None else None
                if placed is not None and own:
                    count = len(alnum(own))
                    if count or not placed.rows or placed.rows[-1][0] is not row:
                        placed.rows.append((row, placed.length, placed.length + count))
                        placed.length += count
        return page

    # Where things are ------------------------------------------------------------------------

    def blocks_of(self, file: Path) -> list[Placed]:
        return self._by_file.get(Path(file).resolve(), [])

    def source(self, file: Path) -> list[str]:
        file = Path(file).resolve()
        if file not in self._sources:
            try:
                self._sources[file] = file.read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                self._sources[file] = []
        return self._sources[file]

    def block_at(self, file: Path, line: int, page: int | None = None) -> Placed | None:
        """The laid-out block whose source line is the nearest at or before ``line`` (on ``page``,
        a physical index, when given and the block is set there)."""
        blocks = [p for p in self.blocks_of(file) if p.rows]
        if not blocks:
            return None
        at = bisect_right([p.line for p in blocks], line)
        candidates = blocks[:at] or blocks[:1]
        nearest = candidates[-1].line
        same = [p for p in candidates if p.line == nearest]
        if page is not None:
            same = [p for p in same if page in p.pages] or same
        return same[0]

    def locate(self, file: Path, line: int, column: int = 1, page: int | None = None) -> Row | None:
        """The row where the manuscript's file:line:column is set, or None when it is not laid out
        (book.yaml, a bibliography file, a chapter of the ebook only)."""
        placed = self.block_at(file, line, page)
        if placed is None:
            return None
        rows = placed.rows
        if page is not None and any(row.page == page for row, _, _ in rows):
            rows = [entry for entry in rows if entry[0].page == page]
        if len(rows) == 1 or line < placed.line:
            return rows[0][0]
        position = self._position(placed, line, column)
        start, end = rows[0][1], rows[-1][2]
        position = min(max(position, start), max(end - 1, start))
        for row, _first, last in rows:
            if position < last:
                return row
        return rows[-1][0]

    def _position(self, placed: Placed, line: int, column: int) -> int:
        """Where file:line:column falls in the block's laid-out alnum text: first by proportion of
        the block's source, then at the nearest occurrence of the word standing there."""
        source = self.source(placed.file)
        end = self._source_end(placed)
        span = source[placed.line - 1 : end - 1]
        if not span or line - placed.line >= len(span):
            return placed.length - 1
        before = "".join(span[: line - placed.line]) + span[line - placed.line][: max(column - 1, 0)]
        total = len(alnum("".join(span))) or 1
        estimate = round(len(alnum(before)) / total * placed.length)
        word = alnum(_word_at(span[line - placed.line], column))
        if len(word) < 2:
            return estimate
        text = "".join(alnum(text) for row, text in self._own_texts(placed))
        hits = [match.start() for match in re.finditer(re.escape(word), text)]
        return min(hits, key=lambda hit: abs(hit - estimate)) if hits else estimate

    def _source_end(self, placed: Placed) -> int:
        """The source line (1-based, exclusive) where the block's source ends: the next block's
        line in the same file, trailing blank lines left out."""
        source = self.source(placed.file)
        later = [p.line for p in self.blocks_of(placed.file) if p.line > placed.line]
        end = min(later) if later else len(source) + 1
        while end - 1 > placed.line and not source[end - 2].strip():
            end -= 1
        return end

    def _own_texts(self, placed: Placed) -> list[tuple[Row, str]]:
        rows = list({id(row): row for row, _, _ in placed.rows}.values())
        return [(row, own) for row in rows for block, _, own in row.pieces if block is placed.block]

    def folio(self, page: int) -> str:
        return self.folios[page] if 0 <= page < len(self.folios) else str(page + 1)


def _line_boxes(box, found: list) -> None:
    """Top-level line boxes in box order (a ::first-line box inside a line is the same line)."""
    if isinstance(box, boxes.LineBox):
        found.append(box)
        return
    if isinstance(box, boxes.ParentBox):
        for child in box.all_children():
            _line_boxes(child, found)


def _pieces(line, owners) -> list[tuple[Block | None, str, str]]:
    """The text on a line, per block: (block, all its text, its text from the manuscript)."""
    pieces: list[list] = []
    stack = [(line, False)]
    while stack:
        box, generated = stack.pop()
        generated = generated or any(str(box.element_tag).endswith(name) for name in GENERATED)
        if isinstance(box, boxes.TextBox):
            block = owners.get(id(box.element)) if box.element is not None else None
            if pieces and pieces[-1][0] is block:
                pieces[-1][1] += box.text
                pieces[-1][2] += "" if generated else box.text
            else:
                pieces.append([block, box.text, "" if generated else box.text])
        elif isinstance(box, boxes.ParentBox):
            stack.extend((child, generated) for child in reversed(box.children))
    return [tuple(piece) for piece in pieces]


def _word_at(line: str, column: int) -> str:
    """The run of non-space characters at a 1-based column (or the one before it, at a space)."""
    index = min(max(column - 1, 0), max(len(line) - 1, 0))
    if not line:
        return ""
    if line[index].isspace():
        before = line[:index].rstrip()
        if not before:
            return line.split()[0] if line.split() else ""
        index = len(before) - 1
    start = index
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    end = index
    while end < len(line) and not line[end].isspace():
        end += 1
    return line[start:end]
