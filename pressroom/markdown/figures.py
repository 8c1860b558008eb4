"""An image alone in its paragraph becomes a figure.

    ![Caption with *Markdown*.](../images/x.svg){#fig:x alt="What the figure shows." credit="Data: …"}

The bracket text is the caption (inline Markdown allowed); ``alt`` is the plain-text description
for readers who cannot see the image (the caption is used when it is missing, and a check reports
that); ``credit`` is the source line set under the caption; ``fig-scap`` (Pandoc's and Quarto's
name) the short caption the list of figures gives (resolve takes the caption's first sentence
without one).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.attr_list import get_attrs_and_remainder

FIGURE = re.compile(
    r"""^!\[(?P<caption>(?:[^\[\]]|\[[^\[\]]*\])*)\]
        \(\s*<?(?P<src>[^\s)>]+)>?(?:\s+"(?P<title>[^"]*)")?\s*\)
        (?:\{(?P<attrs>[^}]*)\})?\s*$""",
    re.VERBOSE | re.DOTALL,
)


class FigureProcessor(BlockProcessor):
    def test(self, parent, block):
        return bool(FIGURE.match(block.strip()))

    def run(self, parent, blocks):
        match = FIGURE.match(blocks.pop(0).strip())
        attrs, _ = get_attrs_and_remainder(match["attrs"] or "")
        attributes = dict(attrs)
        figure = etree.SubElement(parent, "figure")
        for name, value in attrs:
            if name == "id":
                figure.set("id", value)
            elif name == "." or name == "class":
                figure.set("class", f"{figure.get('class', '')} {value}".strip())
        image = etree.SubElement(figure, "img", {"src": match["src"]})
        image.set("alt", attributes.get("alt", ""))
        if "alt" not in attributes:
            image.set("data-alt-missing", "true")
        for name in ("width", "height"):
            if name in attributes:
                image.set(name, attributes[name])
        caption = etree.SubElement(figure, "figcaption")
        text = etree.SubElement(caption, "span", {"class": "caption-text"})
        text.text = match["caption"].strip()
        if attributes.get("fig-scap"):
            figure.set("data-short-caption", attributes["fig-scap"].strip())
        if attributes.get("credit"):
            credit = etree.SubElement(caption, "span", {"class": "credit"})
            credit.text = attributes["credit"].strip()


class FigureExtension(Extension):
    def extendMarkdown(self, md):
        # Before paragraphs (10) and after everything that claims its own syntax.
        md.parser.blockprocessors.register(FigureProcessor(md.parser), "figure", 12)
