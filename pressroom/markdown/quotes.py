"""Quotation marks smarty turns the wrong way.

Smarty decides a quote's direction from the characters around it. Before ``[^note]`` it sees the
reference and opens a new quotation (“…“¹): a preprocessor writes the language's closing marks
there before smarty runs. After emphasis or code (``*Scope*'d``, ```` `x`'s ````) it sees the
closing tag and opens a single quote (‘d): a postprocessor makes that an apostrophe. Code is
left as typed: fences are stashed before the preprocessor runs, and code spans and ``<pre>``
blocks are stepped over (``re.sub("[^a-z]", …)`` keeps its straight quote).
"""

from __future__ import annotations

import html
import re

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

BEFORE_NOTE = re.compile(r"""(?<=\S)(["'])(?=\[\^)""")
AFTER_INLINE = re.compile(r"(</(?:em|strong|code|del|sub|sup|span|a)>)(?:&lsquo;|‘)(?=\w)")
CODE_SPAN = re.compile(r"(`+).+?(?<!`)\1(?!`)")  # a code span on one line, as typed
PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL)


def outside(pattern: re.Pattern, text: str, change) -> str:
    """``change`` applied to the parts of ``text`` that ``pattern`` does not match."""
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [change(text[last : match.start()]), match[0]]
        last = match.end()
    return "".join([*parts, change(text[last:])])


class NoteQuotePreprocessor(Preprocessor):
    def __init__(self, md, closing: tuple[str, str]):
        super().__init__(md)
        self.closing = {'"': closing[0], "'": closing[1]}

    def run(self, lines):
        def close(part: str) -> str:
            return BEFORE_NOTE.sub(lambda m: self.closing[m[1]], part)

        return [outside(CODE_SPAN, line, close) for line in lines]


class ApostropheAfterInlinePostprocessor(Postprocessor):
    def run(self, text):
        return outside(PRE, text, lambda part: AFTER_INLINE.sub("\\1&rsquo;", part))


class NoteQuoteExtension(Extension):
    def __init__(self, closing_double: str, closing_single: str, **kwargs):
        self.closing = (html.unescape(closing_double).strip("\u00a0"), html.unescape(closing_single))
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # After SuperFences has stashed the fences (25), so that code is never read.
        md.preprocessors.register(NoteQuotePreprocessor(md, self.closing), "note_quotes", 24)
        md.postprocessors.register(ApostropheAfterInlinePostprocessor(md), "apostrophe_after_inline", 5)
