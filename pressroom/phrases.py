"""Display text (a title set large) that breaks only at phrase boundaries.

A browser or WeasyPrint breaks a title wherever a space or a dash allows, so "1927–1953" may end
a line at its dash and "of" may end one. Here a number range or any word joined by a dash is one
unbreakable piece, a short word the language never ends a line with (an article, a preposition:
``no-break-after`` in ``theme/words/<lang>.yaml``) is glued to the next word with a no-break
space, and what follows a colon starts a line of its own.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from markupsafe import Markup, escape

NBSP = "\u00a0"
DASHED = re.compile(r"\S*[\u2013\u2014]\S*")  # a word with a closed en or em dash in it: "1927–1953"
SPACED_DASH = re.compile(r" ([\u2013\u2014]) ")  # a spaced dash keeps both its neighbours
AFTER_COLON = re.compile(r"(?<=:) +")
EDGE_PUNCTUATION = "\"'“”‘’«»„‚()[]"


def phrased(text: str, glue_words: Collection[str]) -> Markup:
    """``text`` as HTML whose only line-break opportunities are phrase boundaries: each part
    after a colon a ``span.title-line`` (CSS sets it as a line), dashed words a ``span.nowrap``."""
    parts = [part for part in AFTER_COLON.split(text.strip()) if part]
    glue = {word.lower() for word in glue_words}
    if len(parts) == 1:
        return phrase_line(parts[0], glue)
    lines = [Markup('<span class="title-line">%s</span>') % phrase_line(part, glue) for part in parts]
    return Markup(" ").join(lines)


def phrase_line(text: str, glue: set[str]) -> Markup:
    text = SPACED_DASH.sub(NBSP + r"\1" + NBSP, text)
    words = text.split(" ")
    pieces = []
    for index, word in enumerate(words):
        last = index == len(words) - 1
        joint = "" if last else (NBSP if word.split(NBSP)[-1].strip(EDGE_PUNCTUATION).lower() in glue else " ")
        pieces.append(nowrap_dashes(word) + joint)
    return Markup("").join(pieces)


def nowrap_dashes(word: str) -> Markup:
    """A word holding a closed dash kept whole (a line may break after a dash otherwise)."""
    if not DASHED.fullmatch(word) or not word.strip("\u2013\u2014" + NBSP):
        return escape(word)
    return Markup('<span class="nowrap">%s</span>') % word
