"""Nested lists as CommonMark reads them: a sub-list belongs to the item whose text it is indented
to (two spaces under ``- ``, three under ``1. ``). Python-Markdown nests only by four spaces, so
lists nested by two would be flattened. This preprocessor re-indents list items and their
continuation lines to four spaces a level, line for line; code fences keep their own indentation
relative to their opening line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d{1,9}[.)])(?P<gap> +|$)")
FENCE = re.compile(r"^ *(`{3,}|~{3,})")
LEVEL = 4  # Python-Markdown's indentation for one level of nesting


@dataclass
class Item:
    indent: int  # the marker's column as written
    content: int  # the column its text starts at: what a nested block is indented to


class ListIndentPreprocessor(Preprocessor):
    def run(self, lines):
        out: list[str] = []
        items: list[Item] = []  # the open list items, outermost first
        fence, shift, blank_before = "", 0, True
        for line in lines:
            if fence:  # inside a code fence: its lines move with its opening line
                out.append(reindent(line, shift) if line.strip() else line)
                if FENCE.match(line) and line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                    fence = ""
                continue
            if not line.strip():
                out.append(line)
                blank_before = True
                continue
            indent = len(line) - len(line.lstrip(" "))
            item = ITEM.match(line)
            if item is not None and (items or indent < LEVEL):
                while items and indent < items[-1].content:
                    items.pop()
                shift = len(items) * LEVEL - indent
                items.append(Item(indent, indent + len(item["marker"]) + max(len(item["gap"]), 1)))
            elif items and blank_before:
                while items and indent < items[-1].content:
                    items.pop()
                shift = len(items) * LEVEL - items[-1].content if items else 0
            elif not items:
                shift = 0
            # else: a lazy continuation line keeps the shift of the line before it
            out.append(reindent(line, shift) if shift else line)
            opening = FENCE.match(line)
            if opening:
                fence = opening[1]
            blank_before = False
        return out


def reindent(line: str, shift: int) -> str:
    indent = len(line) - len(line.lstrip(" "))
    return " " * max(indent + shift, 0) + line.lstrip(" ")


class ListIndentExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802
        # After fence info strings are read (45), before fences are stashed (SuperFences, 28).
        md.preprocessors.register(ListIndentPreprocessor(md), "list_indent", 35)
