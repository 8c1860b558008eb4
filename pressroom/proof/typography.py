"""t- checks: typography.

In the source, straight quotes, ``--``, ``---`` and ``...`` are expected: smart punctuation turns
them into curly quotes, dashes and an ellipsis. So every check reads the visible text of each unit
of the Book (what the reader gets: no code, URLs, attributes or citation keys) and points back at
the source (``Unit.locate``); TODOs are also looked for in the HTML comments the Book drops.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pressroom.findings import Finding
from pressroom.proof import finding
from pressroom.proof.units import BookText, Unit

QUOTES = "\"'“”‘’„‚«»‹›"
OPEN_DOUBLE, CLOSE_DOUBLE, OPEN_SINGLE, CLOSE_SINGLE = "“", "”", "‘", "’"
ELISIONS = re.compile(r"‘(?:tis|twas|twere|til|em|n’|\d\ds?)\b", re.IGNORECASE)  # 'tis, '87, '90s
MISCURLED = [
    # (pattern on the converted text, message)
    (re.compile(r"[\"']"), "straight quotation mark: smart punctuation leaves it straight here"),
    # (a hair or thin space between nested marks, “ + U+200A + ‘, is no word space)
    (re.compile(r"“(?=[ \t\n\u00a0.,;:!?)\]]|$)"), "opening quotation mark (“) where a closing one (”) belongs"),
    (re.compile(r"(?<![^\s(\[])”(?=\w)"), "closing quotation mark (”) where an opening one (“) belongs"),
    (
        re.compile(r"(?=‘)(?<=\w)‘"),
        "opening single quote (‘) after a letter or digit: an apostrophe (’), or a prime (′ ″) for feet and inches",
    ),
    (re.compile(r"‘(?=[ \t\n\u00a0.,;:!?)\]]|$)"), "opening single quote (‘) where a closing one (’) belongs"),
]
ELLIPSIS = re.compile(r"\.(?:[ \u00a0]?\.){2,}")
RANGE = re.compile(r"(?<![\w.,/\-–])(\d{1,4})-(\d{1,4})(?![\w\-–]|[.,]\d)")
# A number-number after one of these is a label (Listing 11-2, Figure 15-1), not a range; the
# book's own label words (Figure, Table, Listing in its language) are added to them.
LABELS = {
    "listing", "figure", "fig", "table", "tab", "example", "exercise", "equation", "eq", "chapter",
    "ch", "section", "sec", "appendix", "part", "step", "item", "rule", "lemma", "theorem", "no",
    "number", "plate", "map", "chart", "diagram", "snippet", "program", "code", "box", "question",
    "won", "lost", "beat", "drew", "tied", "score", "scored", "vote", "voted",  # a score: 2-3
}  # fmt: skip
LABEL_BEFORE = re.compile(r"([^\W\d_]+)\.?[\s\u00a0]*$")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_RANGE = re.compile(rf"\b(?:{MONTHS})-(?:{MONTHS})\b")
ORDINAL = re.compile(r"(?<![\w.,])(\d+)(st|nd|rd|th)\b", re.IGNORECASE)
DECADE = re.compile(r"(?<![\w'’])(['’]?\d{1,3}0)['’]s\b")
DOUBLE_SPACE = re.compile(r"(?<=[^\s\ufffc]) {2,}(?=[^\s\ufffc])")
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# (A pattern that opens with a lookbehind starts with a lookahead for its first character: re
# then passes over the other positions at once, a third of the time on a long book.)
# a mark followed by a letter (``impl !Unpin``, ``a ::b``, ``:hover``) is code or a symbol, not punctuation
SPACE_BEFORE = re.compile(r"(?= )(?<=[\w”’\"'*_)\]]) +([,;:!?]|\.(?![.\d]))(?![\w:!?\ufffc])")
REPEATED = re.compile(
    r"(?=[,;:!?.])(?:([,;:!?])\1+(?!\w)|(?<![./])\.\.(?![./\\\w])|[,;:][,;:](?!\w)|[!?][.;:])"
)  # "orange?, stout?": a list; ../up: a path
TODO = re.compile(r"\b(?:TODO|FIXME)\b")
OPENERS, CLOSERS = "([", ")]"
BRACKETS = re.compile(r"[()\[\]]")
CURLY = re.compile("[“”‘’]")
LIST_LABEL = re.compile(r"(?:^|(?<=\s))[a-z0-9ivx]{1,4}\)$")


def check(text: BookText) -> Iterator[Finding]:
    french = text.book.meta.lang.lower().startswith("fr")
    labels = LABELS | label_words(text.book.words)
    units = text.prose()
    for position, unit in enumerate(units):
        following = units[position + 1] if position + 1 < len(units) else None
        if following is not None and following.file != unit.file:
            following = None
        yield from quote_marks(unit)
        yield from quote_balance(unit, following)
        yield from bracket_balance(unit)
        yield from ellipses(unit)
        yield from as_typed(unit, french, labels)
        yield from todo_comments(unit)


def at(unit: Unit, index: int, code: str, message: str, length: int = 1) -> Finding:
    line, column = unit.place(index, length)
    return finding(code, unit.file, line, column, message)


def typed(unit: Unit, index: int, code: str, message: str, length: int) -> Iterator[Finding]:
    """A finding on text as the author typed it: none when the source does not hold that text
    (a space left where the reader dropped a comment)."""
    place = unit.locate(index, length)
    if place is not None:
        yield finding(code, unit.file, *place, message)


def quote_marks(unit: Unit) -> Iterator[Finding]:
    """Quotes that smart punctuation leaves straight or curls the wrong way."""
    for pattern, message in MISCURLED:
        for match in pattern.finditer(unit.text):
            yield at(unit, match.start(), "t-straight-quote", message)
    for match in ELISIONS.finditer(unit.text):
        yield at(
            unit,
            match.start(),
            "t-straight-quote",
            f"'{match[0]}' takes an apostrophe (’), not an opening quote: type ’ in the source",
        )


def quote_balance(unit: Unit, following: Unit | None) -> Iterator[Finding]:
    """Every “ closed by a ”, every ‘ by a ’ (an apostrophe between letters closes nothing).

    A quotation that runs over several paragraphs has an opening mark at the start of each and a
    closing mark only at the end, so an unclosed “ is fine when the next block opens with one.
    """
    text = unit.text
    doubles: list[int] = []
    singles: list[int] = []
    for mark in CURLY.finditer(text):  # the marks alone, not every character: a book is long
        index, char = mark.start(), mark[0]
        if char == OPEN_DOUBLE:
            if doubles:
                yield at(
                    unit,
                    doubles.pop(),
                    "t-unbalanced-quotes",
                    "opening quotation mark (“) never closed before the next one opens",
                )
            doubles.append(index)
        elif char == CLOSE_DOUBLE:
            if doubles:
                opened = doubles.pop()
                while singles and singles[-1] > opened:
                    yield at(
                        unit,
                        singles.pop(),
                        "t-unbalanced-quotes",
                        "opening single quote (‘) never closed inside its quotation",
                    )
            else:
                yield at(unit, index, "t-unbalanced-quotes", "closing quotation mark (”) with no opening one")
        elif char == OPEN_SINGLE and not ELISIONS.match(text, index):
            singles.append(index)
        elif char == CLOSE_SINGLE and singles:
            between_letters = 0 < index < len(text) - 1 and text[index - 1].isalpha() and text[index + 1].isalpha()
            if not between_letters:
                singles.pop()
    opens_next = following.text.lstrip()[:1] if following is not None else ""
    for index in doubles if opens_next != OPEN_DOUBLE else ():
        yield at(unit, index, "t-unbalanced-quotes", "opening quotation mark (“) never closed")
    for index in singles if opens_next != OPEN_SINGLE else ():  # British style: ‘ opens speech
        yield at(unit, index, "t-unbalanced-quotes", "opening single quote (‘) never closed")


def bracket_balance(unit: Unit) -> Iterator[Finding]:
    stack: list[int] = []
    text = unit.text
    for bracket in BRACKETS.finditer(text):
        index, char = bracket.start(), bracket[0]
        if char in OPENERS:
            stack.append(index)
        elif char in CLOSERS:
            expected = OPENERS[CLOSERS.index(char)]
            if stack and text[stack[-1]] == expected:
                stack.pop()
            elif stack:
                yield at(unit, index, "t-unbalanced-brackets", f"'{char}' closes '{text[stack[-1]]}'")
                stack.pop()
            elif not LIST_LABEL.search(text[max(0, index - 5) : index + 1]):
                yield at(unit, index, "t-unbalanced-brackets", f"'{char}' with no opening '{expected}'")
    for index in stack:
        closer = CLOSERS[OPENERS.index(text[index])]
        yield at(unit, index, "t-unbalanced-brackets", f"'{text[index]}' never closed by '{closer}'")


def ellipses(unit: Unit) -> Iterator[Finding]:
    for match in ELLIPSIS.finditer(unit.text):
        yield at(
            unit,
            match.start(),
            "t-ellipsis",
            f"'{match[0]}' is not an ellipsis: type three dots with no spaces (...) or …",
            len(match[0]),
        )


def label_words(words: dict) -> set[str]:
    """The book's words for figures, tables and listings (its language's, its own), lower case."""
    found = set()
    for key in ("figure", "table", "listing", "chapter", "section", "appendix"):
        value = words.get(key, [])
        for word in value if isinstance(value, list) else [value]:
            found.add(str(word).lower())
    return found


def is_range(text: str, match: re.Match, labels: set[str]) -> bool:
    """A hyphen between two numbers that are a range: not a label (Listing 11-2), a standard's
    number (ISO 8601-1), a score (won 2-3), a pair with the second number not above the first
    (3-2, 2024-03), a zero-padded part or a telephone number (555-1234)."""
    label = LABEL_BEFORE.search(text[max(0, match.start() - 20) : match.start()])
    if label and (label[1].lower() in labels or (label[1].isupper() and len(label[1]) > 1)):
        return False
    first, second = match[1], match[2]
    if second.startswith("0") or first.startswith("0") or (len(first), len(second)) == (3, 4):
        return False
    return len(second) < len(first) or int(second) > int(first)  # 1914-18, pp. 245-9 are ranges


def as_typed(unit: Unit, french: bool, labels: set[str] = LABELS) -> Iterator[Finding]:
    """Ranges, ordinals, decades, spaces, repeated punctuation and TODOs in the visible text (so
    code, URLs and attributes are never reported), pointed back at the source."""
    text = unit.text
    for match in RANGE.finditer(text):
        if not is_range(text, match, labels):
            continue
        yield from typed(
            unit,
            match.start(),
            "t-range-hyphen",
            f"hyphen in the range '{match[0]}': type {match[1]}--{match[2]} (an en dash)",
            len(match[0]),
        )
    for match in MONTH_RANGE.finditer(text):
        yield from typed(
            unit,
            match.start(),
            "t-range-hyphen",
            f"hyphen in the range '{match[0]}': type {match[0].replace('-', '--')} (an en dash)",
            len(match[0]),
        )
    for match in ORDINAL.finditer(text):
        right = ordinal_suffix(int(match[1]))
        if match[2].lower() != right:
            yield from typed(
                unit, match.start(), "t-ordinal", f"'{match[0]}' should be '{match[1]}{right}'", len(match[0])
            )
    for match in DECADE.finditer(text):
        yield from typed(
            unit,
            match.start(),
            "t-decade-apostrophe",
            f"no apostrophe in a decade: '{match[0]}' should be '{match[1]}s'",
            len(match[0]),
        )
    for match in DOUBLE_SPACE.finditer(text):
        yield from typed(
            unit, match.start(), "t-double-space", f"{len(match[0])} spaces between words", len(match[0]) + 1
        )
    for match in SPACE_BEFORE.finditer(text):
        if french and match[1] in ";:!?":
            continue
        yield from typed(unit, match.start(), "t-space-before-punctuation", f"space before '{match[1]}'", len(match[0]))
    for match in REPEATED.finditer(text):
        yield from typed(
            unit, match.start(), "t-repeated-punctuation", f"repeated punctuation '{match[0]}'", len(match[0])
        )
    for match in TODO.finditer(text):
        yield from typed(unit, match.start(), "t-todo", f"{match[0]} left in the manuscript", len(match[0]))


def todo_comments(unit: Unit) -> Iterator[Finding]:
    """TODOs in the HTML comments of the unit's source lines (the Book drops comments)."""
    for comment in COMMENT.finditer(unit.raw):
        for match in TODO.finditer(comment[0]):
            line, column = unit.position(comment.start() + match.start())
            yield finding("t-todo", unit.file, line, column, f"{match[0]} left in the manuscript")


def ordinal_suffix(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
