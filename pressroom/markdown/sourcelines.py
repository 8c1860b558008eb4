"""Stamp every top-level block with the manuscript line it starts on (``data-line``).

Python-Markdown splits the text into blank-line separated blocks and forgets where they were.
The block parser always works on a suffix of the preprocessed text, so the line of the next block
is the line count minus what is left. Preprocessors may change lines (stashing raw HTML or code),
so processed lines are mapped back to the original ones by aligning the two.

A raw HTML block is stashed by Python-Markdown and swapped back as text after the tree is
serialized, so it cannot be stamped in the tree: every start tag in it gets its own line (the
block's line plus the newlines before the tag) before the swap, so that the sanitizer and the image
checks can point at the line of an ``<img>`` or ``<script>`` deep inside a block.
"""

from __future__ import annotations

import difflib
import re
from html.parser import HTMLParser

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

STASH = re.compile("\x02wzxhzdk:(\\d+)\x03")
FOOTNOTE_DEFINITION = re.compile(r"^[ ]{0,3}\[\^([^\]]+)\]:")


class _KeepOriginal(Preprocessor):
    def run(self, lines):
        self.md.source_lines_original = list(lines)
        return lines


class _MapProcessed(Preprocessor):
    def run(self, lines):
        original = self.md.source_lines_original
        mapping = align(original, lines)
        self.md.raw_html_blocks = set()  # stash indexes of raw HTML blocks (not code a fence stashed)
        for index, line in enumerate(lines):
            placeholder = STASH.fullmatch(line.strip())
            block = self.md.htmlStash.rawHtmlBlocks[int(placeholder[1])] if placeholder else None
            start = raw_block_start(block, original, lines, mapping, index) if block else None
            if start is not None:
                mapping[index] = start
                self.md.raw_html_blocks.add(int(placeholder[1]))
        self.md.source_line_map = mapping
        return lines


def raw_block_start(block, original: list[str], processed: list[str], mapping: list[int], index: int) -> int | None:
    """Where a stashed raw HTML block starts, or None when the stash holds something else (a fence's
    highlighted code). Aligning matches blank lines inside the block too, and may place the block's
    one placeholder line on any of them: the block's first line, as written, is looked for between
    the text lines before and after the placeholder."""
    if not isinstance(block, str) or not block.strip():
        return None
    first = block.strip().split("\n")[0].strip()
    before = next((mapping[i] + 1 for i in range(index - 1, -1, -1) if processed[i].strip()), 0)
    after = next((mapping[i] for i in range(index + 1, len(processed)) if processed[i].strip()), len(original))
    return next((i for i in range(before, min(after, len(original))) if original[i].strip() == first), None)


def align(original: list[str], processed: list[str]) -> list[int]:
    """For each processed line, the 0-based index of the original line it came from."""
    mapping = [0] * (len(processed) + 1)
    matcher = difflib.SequenceMatcher(None, original, processed, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for offset, j in enumerate(range(j1, j2)):
            mapping[j] = min(i1 + offset, i2 - 1) if tag == "equal" else i1
    return mapping


class SourceLineExtension(Extension):
    """Adds ``data-line`` (1-based, plus ``line_offset``) to each top-level block element."""

    def __init__(self, **kwargs):
        self.config = {"line_offset": [0, "lines before this text in its file"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.preprocessors.register(_KeepOriginal(md), "source_lines_keep", 1000)
        md.preprocessors.register(_MapProcessed(md), "source_lines_map", 0)
        md.postprocessors.register(_StampRawHtml(md), "source_lines_raw_html", 35)  # before raw_html (30)
        md.raw_html_lines = {}  # stash index of a raw HTML block → its line
        offset = self.getConfig("line_offset")
        parser = md.parser
        untracked = parser.parseBlocks
        state = {"active": False}

        def parse_blocks(parent, blocks):
            if state["active"] or parent is not getattr(parser, "root", None):
                return untracked(parent, blocks)
            state["active"] = True
            total = sum(block.count("\n") + 1 for block in blocks) + len(blocks) - 1
            try:
                while blocks:
                    remaining = sum(block.count("\n") + 1 for block in blocks) + len(blocks) - 1
                    block = blocks[0]
                    start = total - remaining + len(block) - len(block.lstrip("\n"))
                    line = md.source_line_map[min(start, len(md.source_line_map) - 1)] + 1 + offset
                    count = len(parent)
                    for processor in parser.blockprocessors:
                        if processor.test(parent, blocks[0]) and processor.run(parent, blocks) is not False:
                            break
                    for element in parent[count:]:
                        if not is_stash_placeholder(element):
                            element.set("data-line", str(line))
                        elif int(STASH.search(element.text)[1]) in md.raw_html_blocks:
                            md.raw_html_lines[int(STASH.search(element.text)[1])] = line
            finally:
                state["active"] = False

        parser.parseBlocks = parse_blocks


def is_stash_placeholder(element) -> bool:
    """A paragraph that only holds stashed raw HTML must stay bare, or it is not swapped back."""
    return element.tag == "p" and len(element) == 0 and bool(STASH.fullmatch((element.text or "").strip()))


class _StampRawHtml(Postprocessor):
    def run(self, text):
        stash = self.md.htmlStash.rawHtmlBlocks
        for index, line in self.md.raw_html_lines.items():
            if isinstance(stash[index], str):
                stash[index] = stamp_start_tags(stash[index], line)
        self.md.raw_html_lines = {}
        return text


class _StartTags(HTMLParser):
    """Where each start tag of a piece of HTML begins (the text of scripts and comments is not
    parsed as tags), except those the author gave a ``data-line`` of their own."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.starts: list[tuple[int, int, str]] = []  # (line from 1, column, tag name)

    def handle_starttag(self, tag, attrs):
        if all(name != "data-line" for name, _ in attrs):
            self.starts.append((*self.getpos(), tag))

    handle_startendtag = handle_starttag


def stamp_start_tags(html: str, line: int) -> str:
    """``data-line`` on every start tag of a raw HTML block that starts on ``line``."""
    parser = _StartTags()
    parser.feed(html)
    parser.close()
    line_starts = [0] + [match.end() for match in re.finditer("\n", html)]
    for row, column, tag in reversed(parser.starts):
        at = line_starts[row - 1] + column + 1 + len(tag)  # after "<name"
        html = f'{html[:at]} data-line="{line + row - 1}"{html[at:]}'
    return html


def footnote_lines(text: str, offset: int = 0) -> dict[str, int]:
    """Where each footnote definition ``[^label]:`` stands."""
    lines = {}
    for number, line in enumerate(text.split("\n"), start=1):
        match = FOOTNOTE_DEFINITION.match(line)
        if match:
            lines.setdefault(match[1], number + offset)
    return lines
