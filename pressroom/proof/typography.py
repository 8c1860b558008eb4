"""t- checks: typography.

In the source, straight quotes, ``--``, ``---`` and ``...`` are expected: smart punctuation turns
them into curly quotes, dashes and an ellipsis. So quotation marks, brackets and ellipses are
checked in the converted text of each block (what the reader gets), and mapped back to the source;
ranges, ordinals, decades, spaces, repeated punctuation and TODOs are checked in the source lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pressroom.findings import Finding
from pressroom.proof import finding
from pressroom.proof.source import MASK, Manuscript, SourceFile, Unit

QUOTES = "\"'“”‘’„‚«»‹›"
OPEN_DOUBLE, CLOSE_DOUBLE, OPEN_SINGLE, CLOSE_SINGLE = "“", "”", "‘", "’"
ELISIONS = re.compile(r"‘(?:tis|twas|twere|til|em|n’)\b", re.IGNORECASE)
MISCURLED = [
    # (pattern on the converted text, message)
    (re.compile(r"[\"']"), "straight quotation mark: smart punctuation leaves it straight here"),
    (re.compile(r"“(?=[\s.,;:!?)\]]|$)"), "opening quotation mark (“) where a closing one (”) belongs"),
    (re.compile(r"(?:(?<=[\s(\[])|^)”(?=\w)"), "closing quotation mark (”) where an opening one (“) belongs"),
    (re.compile(r"(?<=\w)‘"), "opening single quote (‘) after a letter or digit: an apostrophe (’), "
                              "or a prime (′ ″) for feet and inches"),
    (re.compile(r"‘(?=[\s.,;:!?)\]]|$)"), "opening single quote (‘) where a closing one (’) belongs"),
]
ELLIPSIS = re.compile(r"\.(?:[ \u00a0]?\.){2,}")
RANGE = re.compile(r"(?<![\w.,/\-–])(\d{1,4})-(\d{1,4})(?![\w\-–]|[.,]\d)")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_RANGE = re.compile(rf"\b(?:{MONTHS})-(?:{MONTHS})\b")
ORDINAL = re.compile(r"(?<![\w.,])(\d+)(st|nd|rd|th)\b", re.IGNORECASE)
DECADE = re.compile(r"(?<![\w'’])(['’]?\d{1,3}0)['’]s\b")
DOUBLE_SPACE = re.compile(r"(?<=[^\s|\0]) {2,}(?=[^\s|\0])")
LEADING_MARKUP = re.compile(r"^\s*(?:(?:[>*+-]|\d+[.)]|:|\|)\s+)*")
SPACE_BEFORE = re.compile(r"(?<=[\w”’\"'*_)\]]) +([,;:!?]|\.(?![.\d]))")
REPEATED = re.compile(r"([,;:!?])\1+|(?<!\.)\.\.(?!\.)|[,;:][,;:]|[!?][.,;:]")
TODO = re.compile(r"\b(?:TODO|FIXME)\b")
OPENERS, CLOSERS = "([", ")]"
LIST_LABEL = re.compile(r"(?:^|(?<=\s))[a-z0-9ivx]{1,4}\)$")


def check(manuscript: Manuscript) -> Iterator[Finding]:
    french = manuscript.meta.lang.lower().startswith("fr")
    for file in manuscript.files:
        units = file.units
        for position, unit in enumerate(units):
            following = units[position + 1] if position + 1 < len(units) else None
            yield from quote_marks(unit)
            yield from quote_balance(unit, following)
            yield from bracket_balance(unit)
            yield from ellipses(unit)
        yield from source_lines(file, french)


def at(unit: Unit, index: int, code: str, message: str, wanted: str) -> Finding:
    line, column = unit.locate(index, wanted)
    return finding(code, unit.file.path, line, column, message)


def quote_marks(unit: Unit) -> Iterator[Finding]:
    """Quotes that smart punctuation leaves straight or curls the wrong way."""
    for pattern, message in MISCURLED:
        for match in pattern.finditer(unit.text):
            yield at(unit, match.start(), "t-straight-quote", message, QUOTES)
    for match in ELISIONS.finditer(unit.text):
        yield at(unit, match.start(), "t-straight-quote",
                 f"'{match[0]}' takes an apostrophe (’), not an opening quote: type ’ in the source", QUOTES)


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
                yield at(unit, doubles.pop(), "t-unbalanced-quotes",
                         "opening quotation mark (“) never closed before the next one opens", QUOTES)
            doubles.append(index)
        elif char == CLOSE_DOUBLE:
            if doubles:
                opened = doubles.pop()
                while singles and singles[-1] > opened:
                    yield at(unit, singles.pop(), "t-unbalanced-quotes",
                             "opening single quote (‘) never closed inside its quotation", QUOTES)
            else:
                yield at(unit, index, "t-unbalanced-quotes", "closing quotation mark (”) with no opening one", QUOTES)
        elif char == OPEN_SINGLE:
            singles.append(index)
        elif char == CLOSE_SINGLE and singles:
            between_letters = 0 < index < len(text) - 1 and text[index - 1].isalpha() and text[index + 1].isalpha()
            if not between_letters:
                singles.pop()
    continues = following is not None and following.text.lstrip().startswith(OPEN_DOUBLE)
    for index in doubles:
        if not continues:
            yield at(unit, index, "t-unbalanced-quotes", "opening quotation mark (“) never closed", QUOTES)
    for index in singles:
        yield at(unit, index, "t-unbalanced-quotes", "opening single quote (‘) never closed", QUOTES)


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
                yield at(unit, index, "t-unbalanced-brackets",
                         f"'{char}' closes '{text[stack[-1]]}'", char)
                stack.pop()
            elif not LIST_LABEL.search(text[max(0, index - 5):index + 1]):
                yield at(unit, index, "t-unbalanced-brackets", f"'{char}' with no opening '{expected}'", char)
    for index in stack:
        closer = CLOSERS[OPENERS.index(text[index])]
        yield at(unit, index, "t-unbalanced-brackets", f"'{text[index]}' never closed by '{closer}'", text[index])


def ellipses(unit: Unit) -> Iterator[Finding]:
    for match in ELLIPSIS.finditer(unit.text):
        yield at(unit, match.start(), "t-ellipsis",
                 f"'{match[0]}' is not an ellipsis: type three dots with no spaces (...) or …", ".")


def source_lines(file: SourceFile, french: bool) -> Iterator[Finding]:
    for index, raw in enumerate(file.lines):
        line = file.masked(index, strict=True)  # what the reader sees: no citations, no alt text
        if not line.strip(MASK + " \t"):
            continue
        number = index + 1
        for match in RANGE.finditer(line):
            yield finding("t-range-hyphen", file.path, number, match.start() + 1,
                          f"hyphen in the range '{match[0]}': type {match[1]}--{match[2]} (an en dash)")
        for match in MONTH_RANGE.finditer(line):
            yield finding("t-range-hyphen", file.path, number, match.start() + 1,
                          f"hyphen in the range '{match[0]}': type {match[0].replace('-', '--')} (an en dash)")
        for match in ORDINAL.finditer(line):
            right = ordinal_suffix(int(match[1]))
            if match[2].lower() != right:
                yield finding("t-ordinal", file.path, number, match.start() + 1,
                              f"'{match[0]}' should be '{match[1]}{right}'")
        for match in DECADE.finditer(line):
            yield finding("t-decade-apostrophe", file.path, number, match.start() + 1,
                          f"no apostrophe in a decade: '{match[0]}' should be '{match[1]}s'")
        start = LEADING_MARKUP.match(line).end()
        for match in DOUBLE_SPACE.finditer(line, start):
            yield finding("t-double-space", file.path, number, match.start() + 1,
                          f"{len(match[0])} spaces between words")
        for match in SPACE_BEFORE.finditer(line):
            if french and match[1] in ";:!?":
                continue
            yield finding("t-space-before-punctuation", file.path, number, match.start() + 1,
                          f"space before '{match[1]}'")
        for match in REPEATED.finditer(line):
            yield finding("t-repeated-punctuation", file.path, number, match.start() + 1,
                          f"repeated punctuation '{match[0]}'")
        visible = raw if not any(r.kind in {"code", "yaml"} for r in file.regions[index]) else code_free(file, index)
        for match in TODO.finditer(visible):
            yield finding("t-todo", file.path, number, match.start() + 1, f"{match[0]} left in the manuscript")


def code_free(file: SourceFile, index: int) -> str:
    chars = list(file.lines[index])
    for region in file.regions[index]:
        if region.kind in {"code", "yaml"}:
            chars[region.start:region.end] = MASK * (region.end - region.start)
    return "".join(chars)


def ordinal_suffix(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
