"""Pandoc's citations and pandoc-crossref's cross-references, recognised as typed records.

    [@key, p. 45]   [see @a, ch. 3; @b]   [-@key]   @key (in running text)
    @fig:label      [-@fig:label]   @sec:label   @chap:label   @tbl:label

Each becomes a placeholder element with ``data-ref`` naming its record (``Citation`` or
``CrossRef``) in the registry the reader passes in; numbering, wording and links are resolve's job.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import util
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from pressroom.book import Citation, CiteItem, CrossRef

KEY = r"[\w][\w:.#$%&+?<>~/-]*[\w]|[\w]"
CROSSREF_PREFIXES = ("fig", "tbl", "sec", "chap", "lst", "eq")
CITE_ITEM = re.compile(rf"^(?P<prefix>.*?)(?P<suppress>-?)@(?P<key>{KEY})(?P<suffix>.*)$", re.DOTALL)
BRACKETED = r"\[((?:[^\[\]@]|\[[^\[\]]*\])*-?@(?:[^\[\]]|\[[^\[\]]*\])*)\](?![(\[:])"
IN_TEXT = rf"(?<![\w@.\\])(@)({KEY})(?:\s\[([^\[\]]*)\])?"


def is_crossref(key: str) -> bool:
    return key.split(":", 1)[0] in CROSSREF_PREFIXES and ":" in key


def parse_items(text: str) -> list[CiteItem] | None:
    """Split the inside of ``[...]`` into citation items, or None if it is not a citation."""
    items = []
    for part in text.split(";"):
        match = CITE_ITEM.match(part.strip())
        if not match:
            return None
        items.append(
            CiteItem(
                key=match["key"],
                prefix=match["prefix"].strip(),
                locator=match["suffix"].strip().lstrip(",").strip(),
                suppress_author=bool(match["suppress"]),
            )
        )
    return items


class ReferenceRegistry:
    """The records of one book, shared by the conversions of all its files (ids stay unique)."""

    def __init__(self):
        self.citations: dict[str, Citation] = {}
        self.crossrefs: dict[str, CrossRef] = {}

    def placeholder(self, items: list[CiteItem], bracketed: bool) -> etree.Element:
        number = len(self.citations) + len(self.crossrefs) + 1
        if all(is_crossref(item.key) for item in items):
            record = CrossRef(f"x{number}", items)
            self.crossrefs[record.id] = record
            element = etree.Element("a", {"class": "xref"})
        else:
            record = Citation(f"c{number}", items, in_text=not bracketed)
            self.citations[record.id] = record
            element = etree.Element("span", {"class": "citation"})
        element.set("data-ref", record.id)
        # Until resolve sets the real text, the placeholder reads as typed (check sees keys there);
        # atomic, or a second inline pass (a footnote's text gets one) reads "@key" in it again.
        keys = [item.key for item in items]
        element.text = util.AtomicString(("[" + "; ".join(keys) + "]") if bracketed else "@" + keys[0])
        return element


class BracketedProcessor(InlineProcessor):
    def __init__(self, pattern, md, registry: ReferenceRegistry):
        super().__init__(pattern, md)
        self.registry = registry

    def handleMatch(self, match, data):  # noqa: N802 (Python-Markdown's name)
        items = parse_items(match.group(1))
        if items is None:
            return None, None, None
        return self.registry.placeholder(items, bracketed=True), match.start(0), match.end(0)


class InTextProcessor(BracketedProcessor):
    def handleMatch(self, match, data):  # noqa: N802
        item = CiteItem(key=match.group(2), locator=match.group(3) or "")
        return self.registry.placeholder([item], bracketed=False), match.start(0), match.end(0)


class ReferencesExtension(Extension):
    def __init__(self, registry: ReferenceRegistry, **kwargs):
        self.registry = registry
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802
        # Above links (160) and references (170) so "[@key]" is never taken for a link.
        md.inlinePatterns.register(BracketedProcessor(BRACKETED, md, self.registry), "citation_bracketed", 175)
        md.inlinePatterns.register(InTextProcessor(IN_TEXT, md, self.registry), "citation_in_text", 174)
