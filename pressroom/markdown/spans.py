"""Pandoc's bracketed spans: ``[some text]{#id .class key="value"}`` → ``<span …>some text</span>``.

Index terms use them: ``[Yezhov]{.index term="Yezhov, Nikolai"}`` (see README).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.inlinepatterns import InlineProcessor

SPAN = r"\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\{([^}]*)\}"


class BracketedSpanProcessor(InlineProcessor):
    def handleMatch(self, match, data):
        if match.group(1).lstrip().startswith(("@", "-@", "^")):
            return None, None, None  # a citation or a footnote, not a span
        attrs, remainder = get_attrs_and_remainder(match.group(2))
        if remainder.strip() or any(value is None for _, value in attrs):
            return None, None, None  # not Pandoc attributes: left as text for the reader to report
        span = etree.Element("span")
        for name, value in attrs:
            if name == ".":
                span.set("class", f"{span.get('class', '')} {value}".strip())
            else:
                span.set(name, value)
        span.text = match.group(1)
        return span, match.start(0), match.end(0)


class SpanExtension(Extension):
    def extendMarkdown(self, md):
        # Above citations (175) and links (160): "[text]{…}" is never a link.
        md.inlinePatterns.register(BracketedSpanProcessor(SPAN, md), "bracketed_span", 180)
