"""Pandoc's citations and pandoc-crossref's cross-references, kept as placeholders for resolve.

    [@key, p. 45]   [see @a, ch. 3; @b]   [-@key]   @key (in running text)
    @fig:label      [-@fig:label]   @sec:label   @chap:label   @tbl:label

The Markdown layer only recognises them; numbering, wording and links are resolve's job.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

KEY = r"[\w][\w:.#$%&+?<>~/-]*[\w]|[\w]"
CROSSREF_PREFIXES = ("fig", "tbl", "sec", "chap")
CITE_ITEM = re.compile(rf"^(?P<prefix>.*?)(?P<suppress>-?)@(?P<key>{KEY})(?P<suffix>.*)$", re.DOTALL)


def is_crossref(key: str) -> bool:
    return key.split(":", 1)[0] in CROSSREF_PREFIXES and ":" in key


def parse_items(text: str) -> list[dict] | None:
    """Split the inside of ``[...]`` into citation items, or None if it is not a citation."""
    items = []
    for part in text.split(";"):
        match = CITE_ITEM.match(part.strip())
        if not match:
            return None
        suffix = match["suffix"].strip()
        items.append({
            "prefix": match["prefix"].strip(),
            "key": match["key"],
            "suppress": bool(match["suppress"]),
            "locator": suffix.lstrip(",").strip(),
        })
    return items


def placeholder(items: list[dict], bracketed: bool) -> etree.Element:
    keys = [item["key"] for item in items]
    if all(is_crossref(key) for key in keys):
        element = etree.Element("a", {"class": "xref", "data-refs": " ".join(keys)})
    else:
        element = etree.Element("span", {"class": "citation", "data-cites": " ".join(keys)})
    element.set("data-items", json.dumps(items))
    element.set("data-form", "bracketed" if bracketed else "in-text")
    element.text = ("[" + "; ".join(i["key"] for i in items) + "]") if bracketed else "@" + keys[0]
    return element


class BracketedProcessor(InlineProcessor):
    def handleMatch(self, match, data):
        items = parse_items(match.group(1))
        if items is None:
            return None, None, None
        return placeholder(items, bracketed=True), match.start(0), match.end(0)


class InTextProcessor(InlineProcessor):
    def handleMatch(self, match, data):
        item = {"prefix": "", "key": match.group(2), "suppress": False, "locator": ""}
        if match.group(3):
            item["locator"] = match.group(3)
        return placeholder([item], bracketed=False), match.start(0), match.end(0)


class ReferencesExtension(Extension):
    def extendMarkdown(self, md):
        bracketed = r"\[((?:[^\[\]@]|\[[^\[\]]*\])*-?@(?:[^\[\]]|\[[^\[\]]*\])*)\](?![(\[:])"
        in_text = rf"(?<![\w@.\\])(@)({KEY})(?:\s\[([^\[\]]*)\])?"
        # Above links (160) and references (170) so "[@key]" is never taken for a link.
        md.inlinePatterns.register(BracketedProcessor(bracketed, md), "citation_bracketed", 175)
        md.inlinePatterns.register(InTextProcessor(in_text, md), "citation_in_text", 174)
