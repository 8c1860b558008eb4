"""r- checks on the Book: ids given twice.

Unknown citation keys, unknown labels, broken links and uncited entries are the reader's and
resolve's to report (pressroom.citations, pressroom.resolve): their findings come with the
diagnostics, once.

resolve makes every id unique; a label it had to rename is one given twice. Within a chapter, the
renamed element's id is none of the chapter's labels (``Chapter.labels`` keeps a label's first
element); across chapters, the same label stands in two chapters' labels. Heading ids made from
the heading's words (``## Notes`` → ``notes``) are not the author's and may repeat.
"""

from __future__ import annotations

from collections.abc import Iterator

from pressroom.errors import display_path
from pressroom.findings import Finding
from pressroom.ids import slugify
from pressroom.proof import finding
from pressroom.proof.units import BookText, Unit
from pressroom.resolve import xml_id

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def check(text: BookText) -> Iterator[Finding]:
    yield from duplicate_ids(text)


def generated(element) -> bool:
    return element.tag in HEADINGS and element.get("id", "") in {slugify(element.text_content())}


def where(unit: Unit, label: str) -> tuple[int, int]:
    for needle, shift in ((f"#{label}", 1), (f'"{label}"', 1), (f"'{label}'", 1), (label, 0)):
        place = unit.find(needle)
        if place:
            return place[0], place[1] + shift
    return unit.line, 1


def duplicate_ids(text: BookText) -> Iterator[Finding]:
    """Ids the author gave ({#id}, id="…") used twice anywhere in the book."""
    seen: dict[str, tuple[str, int]] = {}  # label → (file, line) where it is first given
    for unit in text.units:
        if unit.kind == "note":
            continue
        labels = {new: old for old, new in unit.chapter.labels.items()}
        for element in unit.element.iter():
            if not isinstance(element.tag, str) or not element.get("id") or generated(element):
                continue
            label = labels.get(element.get("id"))
            if label is None:  # renamed by resolve: its label is taken in this chapter
                label = next((old for old in unit.chapter.labels if renamed(element.get("id"), old)), None)
                if label is None:
                    continue
            line, column = where(unit, label)
            if label in seen and seen[label] != (str(unit.file), line):
                other, other_line = seen[label]
                yield finding(
                    "r-duplicate-id",
                    unit.file,
                    line,
                    column,
                    f"id '{label}' is already used at {display_path(other)}:{other_line}",
                )
            else:
                seen.setdefault(label, (str(unit.file), line))


def renamed(element_id: str, label: str) -> bool:
    """Whether resolve renamed the label to this id (``sec-a-2``), not made an id from it
    (``chapter-noteref-1``, a note call's anchor). Compared as strings: a pattern per pair
    overflowed re's cache (20,000 compilations on a 150,000-word book)."""
    base, dash, number = element_id.rpartition("-")
    return bool(dash) and number.isdecimal() and base == xml_id(label)
