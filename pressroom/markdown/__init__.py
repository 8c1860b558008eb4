"""Markdown → HTML for one manuscript file, with Pandoc's conventions and source lines.

One module per syntax feature (as Python-Markdown's own extensions are built); this module only
assembles them for a language.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
from markdown.util import HTML_PLACEHOLDER_RE

from pressroom.ids import slugify
from pressroom.markdown.blocks import BlocksExtension
from pressroom.markdown.brackets import LinearBracketsExtension
from pressroom.markdown.fences import FencesExtension
from pressroom.markdown.figures import FigureExtension
from pressroom.markdown.listings import FENCE, LINE_SPANS, ListingExtension
from pressroom.markdown.lists import ListIndentExtension
from pressroom.markdown.math import MathExtension
from pressroom.markdown.problems import Problem, ProblemsExtension
from pressroom.markdown.quotes import NoteQuoteExtension
from pressroom.markdown.references import ReferenceRegistry, ReferencesExtension
from pressroom.markdown.sourcelines import SourceLineExtension, footnote_lines
from pressroom.markdown.spans import SpanExtension
from pressroom.markdown.tasks import TaskListExtension
from pressroom.markdown.unclosed import UnclosedHtmlExtension

# Quotation marks by language (the primary subtag): left/right double, left/right single.
QUOTES = {
    "en": ("&ldquo;", "&rdquo;", "&lsquo;", "&rsquo;"),
    "de": ("&bdquo;", "&ldquo;", "&sbquo;", "&lsquo;"),
    "fr": ("&laquo;&#160;", "&#160;&raquo;", "&lsaquo;&#160;", "&#160;&rsaquo;"),
    "ru": ("&laquo;", "&raquo;", "&bdquo;", "&ldquo;"),
    "es": ("&laquo;", "&raquo;", "&ldquo;", "&rdquo;"),
    "it": ("&laquo;", "&raquo;", "&ldquo;", "&rdquo;"),
}


__all__ = ["Conversion", "Problem", "ReferenceRegistry", "convert", "converter", "slugify", "smart_text", "to_html"]


def quotes_for(lang: str) -> tuple[str, str, str, str]:
    return QUOTES.get(lang.split("-")[0].lower(), QUOTES["en"])


def smarty_config(lang: str) -> dict:
    """Smarty's settings for a language: its quotation marks, and ’ for every apostrophe."""
    quotes = quotes_for(lang)
    return {
        "smart_angled_quotes": False,
        "substitutions": {
            "left-double-quote": quotes[0],
            "right-double-quote": quotes[1],
            "left-single-quote": quotes[2],
            "right-single-quote": "&rsquo;",
        },
    }


def smart_text(text: str, lang: str) -> str:
    """Plain text (a title, the rights line) with the typography smarty gives the chapters in
    ``lang``: quotation marks, apostrophes, dashes and ellipses, and nothing else read as Markdown
    (``*``, ``_``, backticks and ``<`` stay as typed). Only smarty's own inline processor runs, on
    the text as one element's; what it writes is HTML entities, stashed, and is put back as
    characters."""
    md = markdown.Markdown(extensions=["smarty"], extension_configs={"smarty": smarty_config(lang)})
    root = etree.Element("div")
    etree.SubElement(root, "p").text = text
    md.treeprocessors["smarty"].run(root)
    stashed = md.htmlStash.rawHtmlBlocks
    return HTML_PLACEHOLDER_RE.sub(lambda match: html.unescape(str(stashed[int(match[1])])), root[0].text or "")


def converter(lang: str, registry: ReferenceRegistry, line_offset: int = 0) -> markdown.Markdown:
    quotes = quotes_for(lang)
    return markdown.Markdown(
        extensions=[
            ProblemsExtension(),
            "footnotes",
            "attr_list",
            "tables",
            "def_list",
            "abbr",
            "md_in_html",
            "sane_lists",
            "toc",
            "smarty",
            # CommonMark/Pandoc syntax Python-Markdown lacks, from pymdown-extensions.
            "pymdownx.superfences",
            "pymdownx.highlight",
            "pymdownx.tilde",
            "pymdownx.caret",
            "pymdownx.tasklist",
            FencesExtension(),
            ListIndentExtension(),
            TaskListExtension(),
            FigureExtension(),
            ListingExtension(),
            MathExtension(),
            BlocksExtension(),
            ReferencesExtension(registry),
            SpanExtension(),
            SourceLineExtension(line_offset=line_offset),
            UnclosedHtmlExtension(),
            NoteQuoteExtension(quotes[1], "&rsquo;"),
            LinearBracketsExtension(),  # last: it gives every link processor registered above its getText
        ],
        extension_configs={
            "smarty": smarty_config(lang),
            "footnotes": {"BACKLINK_TEXT": "", "SUPERSCRIPT_TEXT": "{}", "SEPARATOR": "-"},
            # Fences anywhere (blockquotes, list items), tabs kept, mdBook's unknown attributes passed over.
            # Every fence through listings.FENCE (captions, numbered lines); each code line a span.
            "pymdownx.superfences": {"relaxed_headers": True, "preserve_tabs": True, "custom_fences": [FENCE]},
            "pymdownx.highlight": {
                "guess_lang": False,
                "css_class": "highlight",
                "line_spans": LINE_SPANS,
                "pygments_lang_class": True,
            },
            "pymdownx.tilde": {"smart_delete": True},
            "pymdownx.caret": {"smart_insert": True},
            "toc": {"slugify": slugify, "permalink": False},
        },
        output_format="html",
    )


@dataclass
class Conversion:
    html: str
    note_lines: dict[str, int]  # footnote label → the line its definition stands on
    problems: list[Problem]  # what could not be read as written


def convert(text: str, lang: str, registry: ReferenceRegistry) -> Conversion:
    """Convert one file's Markdown; citations and cross-references are recorded in ``registry``."""
    md = converter(lang, registry)
    html = md.convert(text)
    return Conversion(html, footnote_lines(text), md.problems)


def to_html(text: str, lang: str, line_offset: int = 0) -> tuple[str, dict[str, int]]:
    """Convert a piece of Markdown that is not part of the text (the back cover's blurb)."""
    md = converter(lang, ReferenceRegistry(), line_offset)
    return md.convert(text), footnote_lines(text, line_offset)
