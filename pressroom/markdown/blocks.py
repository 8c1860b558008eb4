"""Pandoc block syntax that Python-Markdown lacks: line blocks (verse) and fenced divs.

| The first line of a poem,        ::: {.epigraph}
|    indented, kept as typed.      > A quotation.
                                   :::
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from pressroom.markdown.fences import next_fence
from pressroom.markdown.problems import Problem

LINE_BLOCK = re.compile(r"^\| ?")
DIV_OPEN = re.compile(r"^:{3,}\s*(?:\{(?P<attrs>[^}]*)\}|(?P<cls>[\w-]+))\s*:*\s*$")
DIV_CLOSE = re.compile(r"^:{3,}\s*$")
DETAILS_OPEN = re.compile(r"^<details(?P<attrs>(?:\s+(?!markdown\b)[^>]*)?)>\s*$")
TABLE_CAPTION = re.compile(r"^(?:Table)?:\s+(?P<text>.*?)\s*(?:\{(?P<attrs>[^}]*)\})?\s*$", re.DOTALL)


class LineBlockProcessor(BlockProcessor):
    """Every line starts with '| ': keep the line breaks and leading spaces (verse, addresses)."""

    def test(self, parent, block):
        lines = block.split("\n")
        return all(LINE_BLOCK.match(line) for line in lines)

    def run(self, parent, blocks):
        lines = [LINE_BLOCK.sub("", line, count=1) for line in blocks.pop(0).split("\n")]
        div = etree.SubElement(parent, "div", {"class": "line-block"})
        for line in lines:
            span = etree.SubElement(div, "span", {"class": "line"})
            stripped = line.lstrip(" ")
            indent = len(line) - len(stripped)
            span.text = "\u00a0" * indent + stripped


class TableCaptionProcessor(BlockProcessor):
    """Pandoc's table caption: a paragraph ``: Caption {#tbl:id}`` right after a table."""

    def test(self, parent, block):
        return bool(TABLE_CAPTION.match(block)) and len(parent) > 0 and parent[-1].tag == "table"

    def run(self, parent, blocks):
        match = TABLE_CAPTION.match(blocks.pop(0))
        table = parent[-1]
        attrs, _ = get_attrs_and_remainder(match["attrs"] or "")
        for name, value in attrs:
            if name == "id":
                table.set("id", value)
            elif name == "tbl-scap":  # the list of tables' short caption (Pandoc's and Quarto's name)
                table.set("data-short-caption", value.strip())
        caption = etree.Element("caption")
        caption.text = match["text"].strip()
        table.insert(0, caption)


class FencedDivPreprocessor(Preprocessor):
    """Turn ``::: {#id .class}`` … ``:::`` into ``<div markdown="1">`` for md_in_html, line for line.
    Lines inside code fences are code, whatever they look like. A div never closed would take in
    the rest of the file (its chapters too): it is reported at its opening line."""

    def run(self, lines):
        out, opened, fence = [], [], None
        for number, line in enumerate(lines, start=1):
            fence = next_fence(line, fence)
            opening = DIV_OPEN.match(line) if fence is None else None
            if opening:
                attrs, _ = get_attrs_and_remainder(opening["attrs"] or "." + (opening["cls"] or ""))
                out.append(f'<div{_html_attrs(attrs)} markdown="1">')
                opened.append(number)
            elif opened and fence is None and DIV_CLOSE.match(line):
                out.append("</div>")
                opened.pop()
            else:
                out.append(line)
        for number in opened:
            message = "fenced div '::: …' is never closed (close it with a line ':::')"
            self.md.problems.append(Problem(number, "x-unclosed-div", message))
        return out + ["</div>"] * len(opened)


class DetailsPreprocessor(Preprocessor):
    """A ``<details>`` line of its own (mdBook's and GitHub's collapsible note) holds Markdown, as
    CommonMark reads the blocks after it: without md_in_html's ``markdown="1"`` Python-Markdown
    would pass its text through raw (backticks and link brackets printed as typed)."""

    def run(self, lines):
        out, fence = [], None
        for line in lines:
            fence = next_fence(line, fence)
            opening = DETAILS_OPEN.match(line) if fence is None else None
            out.append(f'<details{opening["attrs"]} markdown="1">' if opening else line)
        return out


def _html_attrs(attrs) -> str:
    ids = [value for name, value in attrs if name == "id"]
    classes = [value for name, value in attrs if name == "."]
    text = f' id="{ids[-1]}"' if ids else ""
    return text + (f' class="{" ".join(classes)}"' if classes else "")


class QuoteClassTreeprocessor(Treeprocessor):
    """``> quote`` then ``{.epigraph}`` on the next line: attr_list gives the class to the quote's
    last paragraph (a lazy continuation line); it belongs to the blockquote."""

    MOVABLE = {"epigraph", "pullquote", "verse"}

    def run(self, root):
        for quote in root.iter("blockquote"):
            if len(quote) and quote[-1].tag == "p":
                last = quote[-1]
                classes = last.get("class", "").split()
                moving = [c for c in classes if c in self.MOVABLE]
                if moving:
                    kept = [c for c in classes if c not in self.MOVABLE]
                    last.set("class", " ".join(kept)) if kept else last.attrib.pop("class")
                    quote.set("class", " ".join(quote.get("class", "").split() + moving))


class BlocksExtension(Extension):
    def extendMarkdown(self, md):
        md.parser.blockprocessors.register(LineBlockProcessor(md.parser), "line_block", 13)
        # Before definition lists (25), which would take ': caption' for a definition.
        md.parser.blockprocessors.register(TableCaptionProcessor(md.parser), "table_caption", 26)
        # Before md_in_html's raw-HTML preprocessor (20) sees the result.
        md.preprocessors.register(FencedDivPreprocessor(md), "fenced_div", 35)
        md.preprocessors.register(DetailsPreprocessor(md), "details_markdown", 34)
        # After attr_list (8) has placed the class.
        md.treeprocessors.register(QuoteClassTreeprocessor(md), "quote_class", 7)
