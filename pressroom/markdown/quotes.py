"""Quotation marks smarty turns the wrong way.

Smarty decides a quote's direction from the characters around it. Before ``[^note]`` it sees the
reference and opens a new quotation (“…“¹): a preprocessor writes the language's closing marks
there before smarty runs. After emphasis or code (``*Scope*'d``, ```` `x`'s ````) it sees the
closing tag and opens a single quote (‘d): a postprocessor makes that an apostrophe.
"""

from __future__ import annotations

import html
import re

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

BEFORE_NOTE = re.compile(r"""(?<=\S)(["'])(?=\[\^)""")
AFTER_INLINE = re.compile(r"(</(?:em|strong|code|del|sub|sup|span|a)>)(?:&lsquo;|‘)(?=\w)")


class NoteQuotePreprocessor(Preprocessor):
    def __init__(self, md, closing: tuple[str, str]):
        super().__init__(md)
        self.closing = {'"': closing[0], "'": closing[1]}

    def run(self, lines):
        return [BEFORE_NOTE.sub(lambda m: self.closing[m[1]], line) for line in lines]


class ApostropheAfterInlinePostprocessor(Postprocessor):
    def run(self, text):
        return AFTER_INLINE.sub("\\1&rsquo;", text)


class NoteQuoteExtension(Extension):
    def __init__(self, closing_double: str, closing_single: str, **kwargs):
        self.closing = (html.unescape(closing_double).strip("\u00a0"), html.unescape(closing_single))
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.preprocessors.register(NoteQuotePreprocessor(md, self.closing), "note_quotes", 40)
        md.postprocessors.register(ApostropheAfterInlinePostprocessor(md), "apostrophe_after_inline", 5)
