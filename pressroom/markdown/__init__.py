"""Markdown → HTML for one manuscript file, with Pandoc's conventions and source lines.

One module per syntax feature (as Python-Markdown's own extensions are built); this module only
assembles them for a language.
"""

from __future__ import annotations

import markdown

from pressroom.markdown.blocks import BlocksExtension
from pressroom.markdown.figures import FigureExtension
from pressroom.ids import slugify
from pressroom.markdown.quotes import NoteQuoteExtension
from pressroom.markdown.references import ReferenceRegistry, ReferencesExtension
from pressroom.markdown.sourcelines import SourceLineExtension, footnote_lines
from pressroom.markdown.spans import SpanExtension

# Quotation marks by language (the primary subtag): left/right double, left/right single.
QUOTES = {
    "en": ("&ldquo;", "&rdquo;", "&lsquo;", "&rsquo;"),
    "de": ("&bdquo;", "&ldquo;", "&sbquo;", "&lsquo;"),
    "fr": ("&laquo;&#160;", "&#160;&raquo;", "&lsaquo;&#160;", "&#160;&rsaquo;"),
    "ru": ("&laquo;", "&raquo;", "&bdquo;", "&ldquo;"),
    "es": ("&laquo;", "&raquo;", "&ldquo;", "&rdquo;"),
    "it": ("&laquo;", "&raquo;", "&ldquo;", "&rdquo;"),
}


__all__ = ["ReferenceRegistry", "converter", "slugify", "to_html"]


def converter(lang: str, registry: ReferenceRegistry, line_offset: int = 0) -> markdown.Markdown:
    quotes = QUOTES.get(lang.split("-")[0].lower(), QUOTES["en"])
    return markdown.Markdown(
        extensions=[
            "footnotes", "attr_list", "tables", "def_list", "abbr", "md_in_html", "fenced_code",
            "codehilite", "sane_lists", "toc", "smarty",
            FigureExtension(), BlocksExtension(), ReferencesExtension(registry), SpanExtension(),
            SourceLineExtension(line_offset=line_offset), NoteQuoteExtension(quotes[1], "&rsquo;"),
        ],
        extension_configs={
            "smarty": {"smart_angled_quotes": False, "substitutions": {
                "left-double-quote": quotes[0], "right-double-quote": quotes[1],
                "left-single-quote": quotes[2], "right-single-quote": "&rsquo;",
            }},
            "footnotes": {"BACKLINK_TEXT": "", "SUPERSCRIPT_TEXT": "{}", "SEPARATOR": "-"},
            "codehilite": {"guess_lang": False, "css_class": "highlight"},
            "toc": {"slugify": slugify, "permalink": False},
        },
        output_format="html",
    )


def to_html(text: str, lang: str, registry: ReferenceRegistry | None = None,
            line_offset: int = 0) -> tuple[str, dict[str, int]]:
    """Convert one file's Markdown; also return where each footnote definition stands. Citations
    and cross-references are recorded in ``registry`` (a throwaway one when not given)."""
    html = converter(lang, registry or ReferenceRegistry(), line_offset).convert(text)
    return html, footnote_lines(text, line_offset)
