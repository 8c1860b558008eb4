"""Stamp every top-level block with the manuscript line it starts on (``data-line``).

Python-Markdown splits the text into blank-line separated blocks and forgets where they were.
The block parser always works on a suffix of the preprocessed text, so the line of the next block
is the line count minus what is left. Preprocessors may change lines (stashing raw HTML or code),
so processed lines are mapped back to the original ones by aligning the two.
"""

from __future__ import annotations

import difflib
import re

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

STASH = re.compile("\x02wzxhzdk:\\d+\x03")
FOOTNOTE_DEFINITION = re.compile(r"^[ ]{0,3}\[\^([^\]]+)\]:")


class _KeepOriginal(Preprocessor):
    def run(self, lines):
        self.md.source_lines_original = list(lines)
        return lines


class _MapProcessed(Preprocessor):
    def run(self, lines):
        self.md.source_line_map = align(self.md.source_lines_original, lines)
        return lines


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
            finally:
                state["active"] = False

        parser.parseBlocks = parse_blocks


def is_stash_placeholder(element) -> bool:
    """A paragraph that only holds stashed raw HTML must stay bare, or it is not swapped back."""
    return element.tag == "p" and len(element) == 0 and bool(STASH.fullmatch((element.text or "").strip()))


def footnote_lines(text: str, offset: int = 0) -> dict[str, int]:
    """Where each footnote definition ``[^label]:`` stands."""
    lines = {}
    for number, line in enumerate(text.split("\n"), start=1):
        match = FOOTNOTE_DEFINITION.match(line)
        if match:
            lines.setdefault(match[1], number + offset)
    return lines
