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
ELISIONS = re.compile(r"‘(?:tis|twas|twere|til|em|n’)\b", re.IGNORECASE)
MISCURLED = [
    # (pattern on the converted text, message)
    (re.compile(r"[\"']"), "straight quotation mark: smart punctuation leaves it straight here"),
    (re.compile(r"“(?=[\s.,;:!?)\]]|$)"), "opening quotation mark (“) where a closing one (”) belongs"),
    (re.compile(r"(?:(?<=[\s(\[])|^)”(?=\w)"), "closing quotation mark (”) where an opening one (“) belongs"),
    (
        re.compile(r"(?<=\w)‘"),
        "opening single quote (‘) after a letter or digit: an apostrophe (’), or a prime (′ ″) for feet and inches",
    ),
    (re.compile(r"‘(?=[\s.,;:!?)\]]|$)"), "opening single quote (‘) where a closing one (’) belongs"),
]
ELLIPSIS = re.compile(r"\.(?:[ \u00a0]?\.){2,}")
RANGE = re.compile(r"(?<![\w.,/\-–])(\d{1,4})-(\d{1,4})(?![\w\-–]|[.,]\d)")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_RANGE = re.compile(rf"\b(?:{MONTHS})-(?:{MONTHS})\b")
ORDINAL = re.compile(r"(?<![\w.,])(\d+)(st|nd|rd|th)\b", re.IGNORECASE)
DECADE = re.compile(r"(?<![\w'’])(['’]?\d{1,3}0)['’]s\b")
DOUBLE_SPACE = re.compile(r"(?<=[^\s\ufffc]) {2,}(?=[^\s\ufffc])")
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
SPACE_BEFORE = re.compile(r"(?<=[\w”’\"'*_)\]]) +([,;:!?]|\.(?![.\d]))")
REPEATED = re.compile(r"([,;:!?])\1+|(?<!\.)\.\.(?!\.)|[,;:][,;:]|[!?][.,;:]")
TODO = re.compile(r"\b(?:TODO|FIXME)\b")
OPENERS, CLOSERS = "([", ")]"
LIST_LABEL = re.compile(r"(?:^|(?<=\s))[a-z0-9ivx]{1,4}\)$")


def check(text: BookText) -> Iterator[Finding]:
    french = text.book.meta.lang.lower().startswith("fr")
    units = text.prose()
    for position, unit in enumerate(units):
        following = units[position + 1] if position + 1 < len(units) else None
        if following is not None and following.file != unit.file:
            following = None
        yield from quote_marks(unit)
        yield from quote_balance(unit, following)
        yield from bracket_balance(unit)
        yield from ellipses(unit)
        yield from as_typed(unit, french)
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
    for index, char in enumerate(text):
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
        elif char == OPEN_SINGLE:
            singles.append(index)
        elif char == CLOSE_SINGLE and singles:
            between_letters = 0 < index < len(text) - 1 and text[index - 1].isalpha() and text[index + 1].isalpha()
            if not between_letters:
                singles.pop()
    continues = following is not None and following.text.lstrip().startswith(OPEN_DOUBLE)
    for index in doubles:
        if not continues:
            yield at(unit, index, "t-unbalanced-quotes", "opening quotation mark (“) never closed")
    for index in singles:
        yield at(unit, index, "t-unbalanced-quotes", "opening single quote (‘) never closed")


def bracket_balance(unit: Unit) -> Iterator[Finding]:
    stack: list[int] = []
    text = unit.text
    for index, char in enumerate(text):
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


def as_typed(unit: Unit, french: bool) -> Iterator[Finding]:
    """Ranges, ordinals, decades, spaces, repeated punctuation and TODOs in the visible text (so
    code, URLs and attributes are never reported), pointed back at the source."""
    text = unit.text
    for match in RANGE.finditer(text):
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
