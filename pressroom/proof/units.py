"""The Book's text as the checks read it: units with their visible text and their source lines.

A unit is a chapter title, a top-level block of a chapter's body, or a note. Its ``text`` is what
a reader sees of it: code, citations, cross-references, note calls, figure labels and URLs stand
as one ``OBJECT`` character each (so no word, space or punctuation check runs across them). Its
source lines are the raw lines of its file from its ``data-line`` up to the next unit's line
(``Book.sources``), for exact positions.

``Unit.locate`` maps a position in the visible text back to a source line and column without
parsing Markdown: the text there, with a little context, is looked for in the unit's source lines
once both are evened out (curly and straight quotes, dashes typed as ``--``, ``...``, emphasis
marks, escapes and runs of white space); when it occurs k times before in the visible text, its
k-th occurrence in the source is the one.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import html as lxml_html

from pressroom.book import Book, Chapter, SourceFile
from pressroom.proof.sources import SourceLines

OBJECT = "\ufffc"  # what stands for an element the checks skip
SKIP_TAGS = {"code", "pre", "kbd", "samp", "script", "style", "img", "math", "svg"}
SKIP_CLASSES = {
    "citation",
    "xref",
    "noteref",
    "label",
    "footnote-ref",
    "footnote-backref",
    "highlight",
    "csl-entry",
    "references",
    "math",
}
BREAK_TAGS = {
    "p",
    "li",
    "dt",
    "dd",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "div",
    "figcaption",
    "caption",
    "br",
    "hr",
    "table",
    "ul",
    "ol",
    "dl",
    "figure",
}
BREAK_CLASSES = {"line", "caption-text", "credit"}
URL = re.compile(r"\b(?:https?|ftp)://[^\s<>()\[\]]+|\bwww\.[^\s<>()\[\]]+|\bmailto:[^\s<>()]+")
# Code in backticks that Markdown left as typed (inside raw HTML: mdBook's <span class="caption">)
BACKTICKS = re.compile(r"`[^`\n]+`")
WORD = re.compile(r"(?<![^\W_])[^\W\d_]+(?:['’\-][^\W\d_]+)*(?![^\W_])")
CODE_CLASSES = {"highlight", "codehilite"}

# Evening out: what smart punctuation makes of the source, and what Markdown drops from it.
EVEN = {
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‹": "'",
    "›": "'",
    "–": "--",
    "—": "---",
    "…": "...",
    "\u00a0": " ",
}
DROPPED = set("*_\\")
CONTEXTS = (16, 8, 4, 2, 0)


def even(text: str) -> tuple[str, list[int]]:
    """``text`` evened out, and for each of its characters the index it came from."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if char in DROPPED:
            continue
        char = EVEN.get(char, char)
        if char.isspace():
            if (out and out[-1] == " ") or (index and text[index - 1] in "«‹"):
                continue
            following = text[index + 1 : index + 2]
            if following in ("»", "›") or (following.isspace() and text[index + 1 :].lstrip()[:1] in ("»", "›")):
                continue
            char = " "
        for piece in char:
            out.append(piece)
            where.append(index)
    return "".join(out), where


def occurrence(haystack: str, needle: str, number: int, start: int = 0) -> int | None:
    """Where the ``number``-th (0-based) occurrence of ``needle`` starts, at or after ``start``."""
    position = haystack.find(needle, start)
    while position >= 0 and number > 0:
        position = haystack.find(needle, position + 1)
        number -= 1
    return position if position >= 0 else None


def count(haystack: str, needle: str, before: int) -> int:
    found, position = 0, haystack.find(needle)
    while 0 <= position < before:
        found += 1
        position = haystack.find(needle, position + 1)
    return found


@dataclass
class Unit:
    """A title, block or note: its element, visible text and the source lines it came from."""

    source: SourceFile
    chapter: Chapter
    element: lxml_html.HtmlElement
    line: int  # 1-based: where it starts
    end: int = 0  # 1-based, exclusive: where the next unit starts
    kind: str = "block"  # "title", "block" or "note"
    begin: int = 0  # 1-based: where its source lines begin (before ``line`` for a file's first unit)

    @property
    def file(self) -> Path:
        return self.source.path

    @functools.cached_property
    def _visible(self) -> tuple[str, list[tuple[int, int, str]]]:
        return visible(self.element)

    @property
    def text(self) -> str:
        return self._visible[0]

    @property
    def langs(self) -> list[tuple[int, int, str]]:
        """(start, end, lang) of the stretches of ``text`` in elements with a ``lang`` of their
        own (``[Bonjour]{lang=fr}``), innermost last."""
        return self._visible[1]

    def lang_at(self, index: int) -> str | None:
        """The ``lang`` of the innermost element around ``text[index]``, None for the book's."""
        found = None
        for start, end, lang in self.langs:
            if start <= index < end:
                found = lang
        return found

    @functools.cached_property
    def raw(self) -> str:
        """The unit's source lines as typed, joined."""
        begin = self.begin or self.line
        return "\n".join(self.source.lines[begin - 1 : max(self.end - 1, begin)])

    @functools.cached_property
    def _even_raw(self) -> tuple[str, list[int]]:
        return even(self.raw)

    @functools.cached_property
    def _even_text(self) -> tuple[str, list[int]]:
        return even(self.text)

    @property
    def is_code(self) -> bool:
        return self.element.tag == "pre" or bool(CODE_CLASSES & set(self.element.get("class", "").split()))

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of an offset into ``raw``."""
        before = self.raw[:offset]
        return (self.begin or self.line) + before.count("\n"), offset - (before.rfind("\n") + 1) + 1

    def find(self, needle: str, start: int = 0) -> tuple[int, int] | None:
        """Where ``needle`` is typed in the unit's source lines, as it is (an id, a path)."""
        offset = self.raw.find(needle, start) if needle else -1
        return self.position(offset) if offset >= 0 else None

    def locate(self, index: int, length: int = 1, text: str | None = None) -> tuple[int, int] | None:
        """The source (line, column) of ``text[index:index + length]`` (``text``: the visible text,
        or another text the source holds, such as alt text), or None when it is not found there."""
        if text is None:
            evened, where = self._even_text
        else:
            evened, where = even(text)
        source, source_where = self._even_raw
        base = 0
        if text is not None:
            base = source.find(evened) if evened and source.find(evened) >= 0 else 0
        start = next((k for k, origin in enumerate(where) if origin >= index), len(evened))
        stop = next((k for k, origin in enumerate(where) if origin >= index + max(length, 1)), len(evened))
        stop = max(stop, min(start + 1, len(evened)))
        if start >= len(evened):
            return None
        low = start
        while low > 0 and evened[low - 1] not in (OBJECT, "\n"):
            low -= 1
        high = stop
        while high < len(evened) and evened[high] not in (OBJECT, "\n"):
            high += 1
        tried = set()
        for size in CONTEXTS:
            for left, right in ((size, size), (size, 0), (0, size)):
                first, last = max(low, start - left), min(high, stop + right)
                if (first, last) in tried:
                    continue
                tried.add((first, last))
                needle = evened[first:last]
                if not needle.strip() or OBJECT in needle:
                    continue
                number = count(evened, needle, first)
                found = occurrence(source, needle, number, base)
                if found is not None:
                    return self.position(source_where[found + start - first])
        return None

    def place(self, index: int, length: int = 1, text: str | None = None) -> tuple[int, int]:
        """As ``locate``, falling back on the unit's first line."""
        return self.locate(index, length, text) or (self.line, 1)

    def words(self):
        """(word, index) for every word of the visible text."""
        for match in WORD.finditer(self.text):
            yield match[0], match.start()

    def alt_texts(self) -> list[str]:
        return [image.get("alt") for image in self.element.iter("img") if image.get("alt", "").strip()]


def visible_text(element) -> str:
    """The text a reader sees in an element: no code (also in backticks Markdown did not read, in
    raw HTML), note calls, citations, labels or URLs."""
    return visible(element)[0]


def visible(element) -> tuple[str, list[tuple[int, int, str]]]:
    """``visible_text`` and the (start, end, lang) of its elements with a ``lang`` attribute."""
    out: list[str] = []
    size = [0]
    langs: list[tuple[int, int, str]] = []

    def add(piece: str) -> None:
        out.append(piece)
        size[0] += len(piece)

    def skipped(el) -> bool:
        if el.tag in SKIP_TAGS or SKIP_CLASSES & set(el.get("class", "").split()):
            return True
        if el.tag == "a":
            text = (el.text_content() or "").strip()
            return bool(text) and (
                text == el.get("href") or text.startswith(("http://", "https://", "mailto:", "www."))
            )
        return False

    def walk(el, top: bool) -> None:
        if not top and skipped(el):
            add(OBJECT)
            return
        start, lang = size[0], el.get("lang")
        add(el.text or "")
        for child in el:
            if isinstance(child.tag, str):
                walk(child, False)
                if child.tag in BREAK_TAGS or BREAK_CLASSES & set(child.get("class", "").split()):
                    add("\n")
            add(child.tail or "")
        if lang:
            langs.append((start, size[0], lang))

    if skipped(element):
        return OBJECT, []
    walk(element, True)
    langs.sort(key=lambda span: (span[0], -span[1]))
    hidden = lambda match: OBJECT * len(match[0])  # noqa: E731
    return BACKTICKS.sub(hidden, URL.sub(hidden, "".join(out))), langs


def block_line(element) -> int | None:
    value = element.get("data-line", "")
    return int(value) if value.isdigit() else None


def read_units(book: Book) -> list[Unit]:
    """Every unit of the book's Markdown files, in reading order (a file's notes after its blocks).

    A chapter's blocks come from its heading's file and, when a following file opens without a
    heading, from that file too: those blocks say so (``data-source``, the file's name)."""
    by_path = {source.path: source for source in book.sources}
    units: list[Unit] = []
    current: SourceFile | None = None
    for chapter in book.chapters:
        if chapter.file not in by_path:
            continue  # generated by resolve (a bibliography named in book.yaml)
        if current is None or chapter.file != current.path:
            current = by_path[chapter.file]
        previous = 0
        keys: dict[str, SourceFile] = {}
        if chapter.title.get("data-line") and "book-title-as-heading" not in chapter.title.get("class", ""):
            units.append(Unit(current, chapter, chapter.title, chapter.line, kind="title"))
            previous = chapter.line
        for element in chapter.body:
            if not isinstance(element.tag, str):
                continue
            line = block_line(element)
            if element.get("data-source") and element.get("data-source") != current.path.name:
                current = book.continuing_file(current.path, element.get("data-source")) or current
            if line is None:
                line = previous or current.first_line
            previous = line
            units.append(Unit(current, chapter, element, line))
            for marker in element.find_class("noteref"):
                keys.setdefault(marker.get("data-note"), current)
        for note in chapter.notes:
            source = keys.get(note.key, by_path[chapter.file])
            unit = Unit(source, chapter, note.body, note.line, kind="note")
            if any(char.isalnum() for char in unit.text):  # not a note made of a citation alone
                units.append(unit)
    set_extents(book, units)
    return units


def set_extents(book: Book, units: list[Unit]) -> None:
    """Each unit's source lines run to the next unit's first line in its file; a file's first
    unit starts where its Markdown does (comments before the first heading are its)."""
    starts: dict[Path, list[int]] = {}
    for unit in units:
        starts.setdefault(unit.file, []).append(unit.line)
    for source in book.sources:
        lines = sorted(set(starts.get(source.path, [])))
        first = True
        for unit in sorted((u for u in units if u.file == source.path), key=lambda u: u.line):
            later = [line for line in lines if line > unit.line]
            unit.end = later[0] if later else len(source.lines) + 1
            if first:
                unit.begin, first = min(unit.line, source.first_line), False
    for unit in units:  # a raw HTML block without a line shares the lines of the block before it
        unit.end = max(unit.end, unit.line + 1)


@dataclass
class BookText:
    """What every check family reads: the Book, its units and its source lines (with the
    ``check-ignore`` markers)."""

    book: Book
    units: list[Unit]
    lines: SourceLines

    @classmethod
    def of(cls, book: Book) -> BookText:
        return cls(book, read_units(book), SourceLines(book))

    def prose(self) -> list[Unit]:
        """The units that hold prose (not code blocks)."""
        return [unit for unit in self.units if not unit.is_code]
