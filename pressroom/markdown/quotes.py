"""A quotation mark right before a footnote reference closes the quotation.

Smarty decides a quote's direction from the character after it; before ``[^note]`` it sees the
reference and opens a new quotation (“…“¹). This preprocessor writes the language's closing
marks there before smarty runs.
"""

from __future__ import annotations

import html
import re

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

BEFORE_NOTE = re.compile(r"""(?<=\S)(["'])(?=\[\^)""")


class NoteQuotePreprocessor(Preprocessor):
    def __init__(self, md, closing: tuple[str, str]):
        super().__init__(md)
        self.closing = {'"': closing[0], "'": closing[1]}

    def run(self, lines):
        return [BEFORE_NOTE.sub(lambda m: self.closing[m[1]], line) for line in lines]


class NoteQuoteExtension(Extension):
    def __init__(self, closing_double: str, closing_single: str, **kwargs):
        self.closing = (html.unescape(closing_double).strip("\u00a0"), html.unescape(closing_single))
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.preprocessors.register(NoteQuotePreprocessor(md, self.closing), "note_quotes", 40)
