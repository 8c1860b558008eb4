"""TeX math as Pandoc reads it (its ``tex_math_dollars``): ``$…$`` inline, ``$$…$$`` display.

The opening ``$`` has a non-space character right after it, the closing one a non-space character
right before it and no digit after it, so "$5 and $10" stays text; ``\\$`` is a dollar sign. A
block that is one ``$$…$$`` becomes ``<div class="math display">`` (with its ``data-line``); display
math inside a paragraph a ``<span class="math display">``, inline math ``<span class="math
inline">``. Each carries its TeX in ``data-tex`` (and as text, for anything that shows only text);
pressroom/math.py typesets it per edition.

Every formula is checked once here (``pressroom.math.problem``), and a ``$$`` that opens nothing
that closes is reported: bad math stops the build at file:line instead of printing as TeX.
pymdownx.arithmatex reads dollars too, but without Pandoc's digit rule, ``$$`` inside a paragraph or
a place to report from.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import util
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from pressroom.markdown.problems import Problem
from pressroom.math import problem

TEX = r"(?:\\.|[^\\$\x02\x03]|\$(?!\$))+?"  # a backslash escapes anything; no stashed placeholders
INLINE_MATH = (
    r"(?P<backslashes>(?<!\\)(?:\\\\)+)(?=\$)"  # "\\$x$": an escaped backslash, then math
    rf"|(?<![\\$])\$\$(?P<display>{TEX})\$\$"
    r"|(?<![\\$])\$(?![\s$])(?P<inline>(?:\\.|[^\\$\x02\x03])+?)(?<!\s)\$(?!\d)"
)
DISPLAY_BLOCK = re.compile(rf"^[ \t]*\$\$(?P<tex>{TEX})\$\$[ \t]*$", re.DOTALL)
LINK_DESTINATION = re.compile(r"\]\([^\s()]*$")
OPEN_TAG = re.compile(r"<[A-Za-z][^<>]*$")  # "<https://…" or "<a href=…", not yet closed
TAG_CLOSE = re.compile(r"[^<>]*>")
ESCAPED_BACKSLASH = f"{util.STX}{ord(chr(92))}{util.ETX}"  # what Python-Markdown's escape pattern leaves
SKIPPED_TAGS = {"code", "pre", "kbd", "samp"}
CODE = "x-math"


def math_element(tag: str, tex: str, display: bool) -> etree.Element:
    element = etree.Element(tag, {"class": "math display" if display else "math inline", "data-tex": tex})
    element.text = util.AtomicString(tex)
    return element


class InlineMathProcessor(InlineProcessor):
    def handleMatch(self, match, data):  # noqa: N802 (Python-Markdown's name)
        if match["backslashes"]:
            return ESCAPED_BACKSLASH * (len(match["backslashes"]) // 2), match.start(0), match.end(0)
        if in_address(data[: match.start(0)], data[match.end(0) :]):
            return None, None, None
        display = match["display"] is not None
        tex = (match["display"] if display else match["inline"]).strip()
        return math_element("span", tex, display), match.start(0), match.end(0)


def in_address(before: str, after: str) -> bool:
    """Dollars in a link's address (``](https://x.org/$a$b)``), an autolink or an HTML tag's
    attributes are part of it: read as math, the address would lose them (links are read later)."""
    if LINK_DESTINATION.search(before):
        return True
    return bool(OPEN_TAG.search(before) and TAG_CLOSE.match(after))


class DisplayBlockProcessor(BlockProcessor):
    """A block that is one ``$$…$$`` formula: a block of its own, not a paragraph (and no line of
    it read as a heading or a list)."""

    def test(self, parent, block):
        return DISPLAY_BLOCK.match(block) is not None

    def run(self, parent, blocks):
        tex = DISPLAY_BLOCK.match(blocks.pop(0))["tex"].strip()
        parent.append(math_element("div", tex, True))


class KeepLines(Preprocessor):
    """The text as written, to find the line a formula stands on."""

    def run(self, lines):
        self.md.math_lines = list(lines)
        return lines


class MathCheck(Treeprocessor):
    """Every formula checked, and every ``$$`` left in the text reported, at its line."""

    def run(self, root):
        self.walk(root, 1)

    def walk(self, element, line: int) -> None:
        line = int(element.get("data-line", line))
        if element.get("data-tex") is not None:
            tex = element.get("data-tex")
            message = problem(tex, "display" in element.get("class", ""))
            if message:
                self.report(self.line_of(tex, line), message)
            return
        if element.tag in SKIPPED_TAGS:
            return
        self.unclosed(element.text, line)
        for child in element:
            self.walk(child, line)
            self.unclosed(child.tail, line)

    def unclosed(self, text: str | None, line: int) -> None:
        if text and "$$" in text:
            self.report(self.line_of("$$", line), "math that could not be read: '$$' is never closed")

    def line_of(self, found: str, block_line: int) -> int:
        """The first line from the block's own where ``found`` (its first line) stands."""
        first = found.split("\n")[0]
        lines = getattr(self.md, "math_lines", [])
        for number in range(max(block_line, 1), len(lines) + 1):
            if first in lines[number - 1]:
                return number
        return block_line

    def report(self, line: int, message: str) -> None:
        self.md.problems.append(Problem(line, CODE, message))


class MathExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802
        if "$" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("$")  # "\$" is a dollar sign, as in Pandoc
        md.preprocessors.register(KeepLines(md), "math_lines", 1001)
        # Below indented code (80): an indented "$$" is code; above headings (70) and paragraphs.
        md.parser.blockprocessors.register(DisplayBlockProcessor(md.parser), "math_block", 75)
        # Below code spans (190: `$x$` is code), above escapes (180) and everything that would read
        # inside TeX (emphasis, links, citations, smart quotes).
        md.inlinePatterns.register(InlineMathProcessor(INLINE_MATH, md), "math", 185)
        # After inline patterns (20), before escapes are undone (0): a "\$\$" is not an open "$$".
        md.treeprocessors.register(MathCheck(md), "math_check", 15)
