"""Display text (a title set large) that breaks only at phrase boundaries.

A browser or WeasyPrint breaks a title wherever a space or a dash allows, so "1927–1953" may end
a line at its dash and "of" may end one. Here a number range or any word joined by a dash is one
unbreakable piece, a short word the language never ends a line with (an article, a preposition:
``no-break-after`` in ``theme/words/<lang>.yaml``) is glued to the next word with a no-break
space, and what follows a colon starts a line of its own.

Given the width of its text (``width``, in em) and a measure, a title is also broken into balanced
lines: the fewest lines that fit, of lengths as even as the phrases allow, never splitting a run of
capitalized words ("Soviet / Union") nor breaking before a word bound to the one before it
(``no-break-before``: "Reign / of Terror"), a break after a comma welcome (``balanced``). WeasyPrint has
no ``text-wrap: balance``; each line is a ``span.title-line``, its spaces still breakable, so a
narrower page than the measure wraps it rather than overflow.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from functools import lru_cache
from itertools import combinations
from pathlib import Path

from markupsafe import Markup, escape
from PIL import ImageFont

NBSP = "\u00a0"
DASHED = re.compile(r"\S*[\u2013\u2014]\S*")  # a word with a closed en or em dash in it: "1927–1953"
SPACED_DASH = re.compile(r" ([\u2013\u2014]) ")  # a spaced dash keeps both its neighbours
AFTER_COLON = re.compile(r"(?<=:) +")
EDGE_PUNCTUATION = "\"'“”‘’«»„‚()[]"
# The costs of a setting (balanced), relative to each other: each line costs LINE; a line shorter
# than the longest by a share of the measure costs that share squared (a ragged set); a break inside
# a run of capitalized words, a name ("Soviet / Union"), costs NAME_SPLIT, more than a line more; a
# break before a word bound to the one before costs BOUND; a break after a comma earns COMMA.
LINE = 1.0
NAME_SPLIT = 2.0
BOUND = 0.5
COMMA = 0.1
MAX_LINES = 5  # more would be a paragraph, not a title: past it the title is left to wrap as it will
MEASURING_SIZE = 100  # the size a face is loaded at to measure text (widths scale with size)


def phrased(
    text: str,
    glue_words: Collection[str],
    width: Callable[[str], float] | None = None,
    measure: float = 0.0,
    bound_words: Collection[str] = (),
) -> Markup:
    """``text`` as HTML whose only line-break opportunities are phrase boundaries: each part
    after a colon a ``span.title-line`` (CSS sets it as a line), dashed words a ``span.nowrap``;
    with ``width`` and ``measure`` (em), each part's balanced lines a ``span.title-line``."""
    parts = [part for part in AFTER_COLON.split(text.strip()) if part]
    glue = {word.lower() for word in glue_words}
    bound = {word.lower() for word in bound_words}
    lines = [line for part in parts for line in balanced(part, glue, width, measure, bound)]
    if len(lines) == 1:
        return phrase_line(lines[0], glue)
    spans = [Markup('<span class="title-line">%s</span>') % phrase_line(line, glue) for line in lines]
    return Markup(" ").join(spans)


def balanced(
    text: str, glue: set[str], width: Callable[[str], float] | None, measure: float, bound: set[str] = frozenset()
) -> list[str]:
    """``text`` in the lines of the cheapest setting within ``measure`` (one line without a
    ``width``): breaks only where ``phrase_line`` leaves a plain space."""
    words = SPACED_DASH.sub(NBSP + r"\1" + NBSP, text).split(" ")
    starts = [0] + [index + 1 for index, word in enumerate(words[:-1]) if not glued_to_next(word, glue)]
    pieces = [" ".join(words[a:b]) for a, b in zip(starts, [*starts[1:], len(words)])]
    if width is None or measure <= 0 or len(pieces) == 1:
        return [text]
    widths = [width(piece.replace(" ", NBSP)) for piece in pieces]
    space = width(" ")
    fewest = lines_needed(widths, space, measure)
    if fewest > MAX_LINES:
        return [text]
    best = None
    for count in range(fewest, min(fewest + 1, len(pieces), MAX_LINES) + 1):
        for cuts in combinations(range(1, len(pieces)), count - 1):
            bounds = [0, *cuts, len(pieces)]
            lengths = [sum(widths[a:b]) + space * (b - a - 1) for a, b in zip(bounds, bounds[1:])]
            cost = setting_cost(pieces, cuts, lengths, measure, bound)
            if best is None or cost < best[0]:
                best = (cost, bounds)
    _, bounds = best
    return [" ".join(pieces[a:b]) for a, b in zip(bounds, bounds[1:])]


def lines_needed(widths: list[float], space: float, measure: float) -> int:
    """How many lines the pieces fill, each line taking as many as fit (one too wide stands alone)."""
    lines, length = 0, None
    for piece in widths:
        if length is not None and length + space + piece <= measure:
            length += space + piece
        else:
            lines, length = lines + 1, piece
    return lines


def setting_cost(
    pieces: list[str], cuts: tuple[int, ...], lengths: list[float], measure: float, bound: set[str]
) -> float:
    longest = max(lengths)
    cost = LINE * len(lengths) + sum(((longest - length) / measure) ** 2 for length in lengths)
    cost += sum(10 * LINE for length in lengths if length > measure)  # a piece too wide alone
    for cut in cuts:
        before, after = (pieces[cut - 1].split() or [""])[-1], (pieces[cut].split() or [""])[0]
        if before.endswith(","):
            cost -= COMMA
        elif capitalized(before) and capitalized(after):
            cost += NAME_SPLIT
        if after.strip(EDGE_PUNCTUATION).lower() in bound:
            cost += BOUND
    return cost


def capitalized(word: str) -> bool:
    return word.strip(EDGE_PUNCTUATION)[:1].isupper()


def glued_to_next(word: str, glue: set[str]) -> bool:
    """A short word a line may not end with (its last part, after a spaced dash's no-break space)."""
    return word.split(NBSP)[-1].strip(EDGE_PUNCTUATION).lower() in glue


def phrase_line(text: str, glue: set[str]) -> Markup:
    text = SPACED_DASH.sub(NBSP + r"\1" + NBSP, text)
    words = text.split(" ")
    pieces = []
    for index, word in enumerate(words):
        last = index == len(words) - 1
        joint = "" if last else (NBSP if glued_to_next(word, glue) else " ")
        pieces.append(nowrap_dashes(word) + joint)
    return Markup("").join(pieces)


def nowrap_dashes(word: str) -> Markup:
    """A word holding a closed dash kept whole (a line may break after a dash otherwise)."""
    if not DASHED.fullmatch(word) or not word.strip("\u2013\u2014" + NBSP):
        return escape(word)
    return Markup('<span class="nowrap">%s</span>') % word


@lru_cache(maxsize=4)
def em_width(font: Path) -> Callable[[str], float]:
    """The width of a text set in ``font``, in em (kerning aside: a title's lines are chosen by it,
    not justified)."""
    face = ImageFont.truetype(str(font), MEASURING_SIZE)
    return lambda text: face.getlength(text) / MEASURING_SIZE
