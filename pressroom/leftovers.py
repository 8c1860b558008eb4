"""The last guard against silent damage: text that still looks like Markdown or Pandoc syntax
after reading (``[^note]`` with no definition, an inline note ``^[…]``, ``]{…}``, ``{#id}``,
```` ``` ````, ``:::``, ``[@key]``) was not understood; it is reported at the line it came from instead of being printed.
Code, and the placeholders of citations and cross-references, are passed over.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

LEFTOVER = re.compile(r"\^\[|\[\^[^\]\s]*\]?|\][{]|\{[#.][A-Za-z][^}\s]*\}?|```|~~~|^:::|\s:::|\[-?@[^\]\s]*\]?")
MALFORMED_DEFINITION = re.compile(r"\[\^[^\]\s]+\]\s+:")  # "[^1] : text", a definition with a space
SKIPPED_TAGS = {"code", "pre", "kbd", "samp", "script", "style", "math", "svg"}
SKIPPED_CLASSES = {"citation", "xref", "math"}


@dataclass(frozen=True)
class Leftover:
    line: int
    code: str
    message: str


def leftovers(root, line_of) -> Iterator[Leftover]:
    """Every stretch of unread syntax in an element tree; ``line_of(element)`` says its line."""
    for element in root.iter():
        if not isinstance(element.tag, str) or skipped(element):
            continue
        for text, holder in ((element.text, element), (element.tail, element.getparent())):
            if not text or holder is None or (holder is not element and skipped(holder)):
                continue
            for match in LEFTOVER.finditer(text):
                if MALFORMED_DEFINITION.match(text, match.start()) and not text[: match.start()].strip():
                    label = match[0].strip()
                    yield Leftover(
                        line_of(element),
                        "r-malformed-note",
                        f"footnote definition '{label} :' is malformed (write '{label}: text' at the start of a line)",
                    )
                    continue
                yield describe(match[0].strip(), line_of(element))


def skipped(element) -> bool:
    while element is not None:
        if element.tag in SKIPPED_TAGS or SKIPPED_CLASSES & set(element.get("class", "").split()):
            return True
        element = element.getparent()
    return False


def describe(found: str, line: int) -> Leftover:
    if found == "^[":  # Pandoc's inline note, which Python-Markdown's footnotes do not read
        return Leftover(
            line,
            "x-raw-markup",
            "an inline note '^[…]' is not read here and would be printed as typed: "
            "write a reference '[^label]' and, on a line of its own, '[^label]: the note'",
        )
    if found.startswith("[^"):
        return Leftover(line, "r-undefined-note", f"footnote reference '{found}' has no definition")
    if found == "]{":
        return Leftover(
            line,
            "x-raw-markup",
            "a bracketed span '[…]{…}' whose attributes did not parse (#id, .class, key=\"value\")",
        )
    return Leftover(line, "x-raw-markup", f"'{found}' was not understood and would be printed as it stands")
