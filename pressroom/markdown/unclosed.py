"""Raw HTML whose element is never closed: Python-Markdown takes the rest of the file as raw HTML
(its Markdown unread, its headings no chapters), so it is reported at the element's line."""

from __future__ import annotations

from html.parser import HTMLParser

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from pressroom.markdown.problems import Problem
from pressroom.markdown.sourcelines import STASH

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
OPTIONAL_END = {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "colgroup", "caption"}


class _OpenElements(HTMLParser):
    """The elements still open at the end of a piece of HTML, outermost first."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]


def first_unclosed(html: str) -> str | None:
    """The block's outer element when the block ends before it is closed."""
    parser = _OpenElements()
    parser.feed(html)
    parser.close()
    still_open = [tag for tag in parser.open if tag not in OPTIONAL_END]
    return still_open[0] if still_open and parser.open[0] == still_open[0] else None


class UnclosedHtmlPreprocessor(Preprocessor):
    """Runs after the raw HTML blocks are stashed and mapped to their lines (sourcelines.py)."""

    def run(self, lines):
        for index, line in enumerate(lines):
            placeholder = STASH.fullmatch(line.strip())
            if placeholder is None or int(placeholder[1]) not in self.md.raw_html_blocks:
                continue
            tag = first_unclosed(self.md.htmlStash.rawHtmlBlocks[int(placeholder[1])])
            if tag is not None:
                message = f"HTML element <{tag}> is never closed (it would take in the rest of the file as raw HTML)"
                self.md.problems.append(Problem(self.md.source_line_map[index] + 1, "x-unclosed-html", message))
        return lines


class UnclosedHtmlExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        # After sourcelines' mapping (priority 0) has found each raw block's line.
        md.preprocessors.register(UnclosedHtmlPreprocessor(md), "unclosed_html", -1)
