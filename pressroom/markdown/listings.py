"""Code blocks as a programming book sets them: one element per code line, line numbers on
request, and listings with a caption and a label (pandoc-crossref's syntax).

    ```{#lst:hello .python caption="Hello, *world*"}      Listing: Hello, world {#lst:hello}
    print("Hello")                                          ```python
    ```                                                     print("Hello")
                                                            ```
    ```{.python linenums="10"}
    ```

SuperFences and pymdownx.highlight do the highlighting (Pygments); this module adds what they
leave out. Pygments already closes its token spans at each line end and, with pymdownx's
``line_spans``, wraps each line in ``<span id="…">``; those become ``<span class="line">`` so the
theme can wrap a long line with a hanging indent and a continuation mark, and number lines with a
CSS counter (``numbered``; the numbers are generated content, so copying code leaves them
behind). A caption and a ``lst:`` label make a ``<div class="listing">`` around the block, its
caption a paragraph above the code; the number and the word "Listing" are resolve's job.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown.extensions import Extension
from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE
from pymdownx.superfences import highlight_validator

LINE_SPANS = "code-line"  # pymdownx.highlight's line_spans: each line in <span id="code-line-…">
LINE_SPAN = re.compile(rf'<span id="{LINE_SPANS}-[^"]*">')
# Pygments' block as pymdownx.highlight stashes it (indented code gets no line_spans from it).
HIGHLIGHTED = re.compile(
    r'^(<div[^>]*class="[^"]*\bhighlight\b[^"]*"[^>]*><pre[^>]*><span></span><code[^>]*>)(.*)(</code>)', re.DOTALL
)
LINENUMS = re.compile(r"^\s*(\d+)")  # linenums="start [step [special]]": the start is read
MDBOOK_OPEN = re.compile(r"^\s*<Listing\b(?P<attrs>[^>]*)>\s*$")
MDBOOK_CLOSE = re.compile(r"^\s*</Listing>\s*$")
MDBOOK_ATTR = re.compile(r'([\w-]+)="([^"]*)"')
LISTING_PARAGRAPH = re.compile(r"^Listing:\s+(?P<text>.*?)\s*(?:\{(?P<attrs>[^}]*)\})?\s*$", re.DOTALL)


@dataclass
class Listing:
    """A fenced block that is a listing: its highlighted HTML as stashed, label and caption."""

    html: str
    id: str
    caption: str
    number: str = ""  # as the author numbered it (mdBook's <Listing number="2-1">), else resolve's
    file_name: str = ""


def validate(language, inputs, options, attrs, md) -> bool:
    """SuperFences' own validator, except that ``caption`` is kept (Pygments output would drop it)."""
    caption = inputs.pop("caption", None)
    highlight_validator(language, inputs, options, attrs, md)
    if caption is not None:
        options["caption"] = caption
    return True


def format_fence(src, language, class_name, options, md, **kwargs) -> str:
    """Highlight as SuperFences would; number the lines with a counter; remember a listing."""
    caption = options.pop("caption", "")
    start = LINENUMS.match(options.pop("linenums", ""))
    label = kwargs["id_value"] or ""
    listing = bool(caption) or label.startswith("lst:")
    classes = list(kwargs["classes"] or [])
    if start and int(start[1]) > 0:
        classes.append("numbered")
    kwargs.update(classes=classes, id_value="" if listing else label)
    html = md.preprocessors["fenced_code_block"].highlight(src, language, options, md, **kwargs)
    if start and int(start[1]) > 1:
        html = html.replace("<div", f'<div style="counter-reset: code-line {int(start[1]) - 1}"', 1)
    if listing:
        md.listings.append(Listing(html, label, caption))
    return html


# SuperFences' default fence ("*": every language) with the two functions above.
FENCE = {"name": "*", "class": "highlight", "format": format_fence, "validator": validate}


class CodeTreeprocessor(Treeprocessor):
    """Each stashed code block's lines become ``<span class="line">``; a listing gets its
    ``<div class="listing">`` and caption paragraph, here in the tree so the caption's Markdown
    (emphasis, code, quotes) is read by the inline processors that run after."""

    def run(self, root):
        stash = self.md.htmlStash.rawHtmlBlocks
        lines = getattr(self.md, "raw_html_lines", {})  # sourcelines: a top-level block's line
        for parent in list(root.iter()):
            for block in list(parent):
                number = stash_number(block)
                if number is None or not is_code(stash[number]):
                    continue  # not a stashed block, or the author's raw HTML
                listing = next((item for item in self.md.listings if item.html is stash[number]), None)
                stash[number] = line_spans(stash[number])
                listing = with_caption_beside(parent, block, listing)
                if listing is not None:
                    wrap_listing(parent, block, listing, lines.get(number))
        self.md.listings = []


def is_code(html) -> bool:
    """A block pymdownx.highlight made (a fence, with line spans, or indented code)."""
    return isinstance(html, str) and bool(LINE_SPAN.search(html) or HIGHLIGHTED.match(html))


def line_spans(html: str) -> str:
    """Each code line of a highlighted block in ``<span class="line">``, its newline inside."""
    if LINE_SPAN.search(html):
        return LINE_SPAN.sub('<span class="line">', html)
    match = HIGHLIGHTED.match(html)
    # Pygments closes every token span at a line's end, so the code splits at its newlines.
    lines = "".join(f'<span class="line">{line}\n</span>' for line in match[2].split("\n")[:-1])
    return match[1] + lines + html[match.start(3) :]


def stash_number(element) -> int | None:
    """The stash index of a paragraph that only holds a stashed block, else None."""
    if element.tag != "p" or len(element):
        return None
    match = HTML_PLACEHOLDER_RE.fullmatch((element.text or "").strip())
    return int(match[1]) if match else None


def with_caption_beside(parent, block, listing: Listing | None) -> Listing | None:
    """pandoc-crossref's other form: a paragraph ``Listing: caption {#lst:label}`` right before
    or after a block without a caption of its own is its caption (and goes)."""
    if listing is not None and listing.caption:
        return listing
    position = list(parent).index(block)
    for sibling in parent[max(position - 1, 0) : position + 2]:
        match = LISTING_PARAGRAPH.match(sibling.text or "") if sibling.tag == "p" and not len(sibling) else None
        if sibling is not block and match:
            parent.remove(sibling)
            attrs, _ = get_attrs_and_remainder(match["attrs"] or "")
            attrs = dict(attrs)
            label = listing.id if listing else attrs.get("id", "")
            return Listing("", label, match["text"], attrs.get("number", ""), attrs.get("file-name", ""))
    return listing


def wrap_listing(parent, block, listing: Listing, line: int | None) -> None:
    """``<div class="listing" id="lst:…"><p class="listing-caption">…</p>`` + the block."""
    wrapper = etree.Element("div", {"class": "listing"})
    if listing.id:
        wrapper.set("id", listing.id)
    if line is not None:
        wrapper.set("data-line", str(line))
    if listing.number:
        wrapper.set("data-number", listing.number)  # resolve's to read (and drop)
    caption = etree.SubElement(wrapper, "p", {"class": "listing-caption"})
    etree.SubElement(caption, "span", {"class": "caption-text"}).text = listing.caption
    if listing.file_name:
        etree.SubElement(caption, "code", {"class": "filename"}).text = listing.file_name
    wrapper.tail, block.tail = block.tail, None
    parent.insert(list(parent).index(block), wrapper)
    parent.remove(block)
    wrapper.append(block)


class MdBookListingPreprocessor(Preprocessor):
    """mdBook's listings (the Rust book's ``<Listing number="2-1" file-name="src/x.rs"
    caption="…">`` around a fence, ``</Listing>`` after it) as the paragraph form, line for line."""

    def run(self, lines):
        out = []
        for line in lines:
            opening = MDBOOK_OPEN.match(line)
            if opening:
                attrs = dict(MDBOOK_ATTR.findall(opening["attrs"]))
                caption = attrs.pop("caption", "")
                kept = " ".join(f'{name}="{value}"' for name, value in attrs.items() if name in {"number", "file-name"})
                line = f"Listing: {caption} {{{kept}}}"
            out.append("" if MDBOOK_CLOSE.match(line) else line)
        return out


class ListingExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802
        md.listings = []
        md.preprocessors.register(MdBookListingPreprocessor(md), "mdbook_listing", 44)
        # After pymdownx.highlight stashes indented code (30), before the inline processors (20).
        md.treeprocessors.register(CodeTreeprocessor(md), "code_lines", 25)
