"""x- checks on the Book: chapter titles, heading levels and empty sections.

Text before a file's first ``#`` heading continues the chapter before it (or opens the book with
its title), as the reader takes it: no finding. Front matter after the chapters and a book with
no text are the reader's to report (``x-matter-order``, ``x-no-chapters``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pressroom.findings import Finding
from pressroom.proof import finding
from pressroom.proof.units import BookText, Unit

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
ATTRIBUTES_ONLY = re.compile(r"\{[^{}]*\}")
GENERATED_ROLES = {"part", "bibliography", "endnotes", "index"}  # pages whose body is generated


def check(text: BookText) -> Iterator[Finding]:
    chapters: dict[int, list[Unit]] = {}
    for unit in text.units:
        if unit.kind != "note":
            chapters.setdefault(id(unit.chapter), []).append(unit)
    for units in chapters.values():
        yield from title(units)
        yield from levels(units)
        yield from empty_sections(units)


def title(units: list[Unit]) -> Iterator[Finding]:
    """Every '#' heading has words in it."""
    for unit in units:
        if unit.kind == "title":
            words = " ".join(unit.element.text_content().split())
            if not words or ATTRIBUTES_ONLY.fullmatch(words):  # "# {#chap:x}" keeps its braces as text
                yield finding("x-untitled-chapter", unit.file, unit.line, 1, "a '#' chapter heading without a title")


def levels(units: list[Unit]) -> Iterator[Finding]:
    previous = 0
    for unit in units:
        level = HEADINGS.get(unit.element.tag)
        if level is None:
            continue
        if previous and level > previous + 1:
            yield finding(
                "x-heading-skip",
                unit.file,
                unit.line,
                1,
                f"'{'#' * level}' heading after a '{'#' * previous}' one: level {previous + 1} skipped",
            )
        previous = level


def empty_sections(units: list[Unit]) -> Iterator[Finding]:
    for position, unit in enumerate(units):
        level = HEADINGS.get(unit.element.tag)
        if level is None:
            continue
        chapter = unit.chapter
        if unit.kind == "title" and (chapter.role in GENERATED_ROLES or chapter.generated):
            continue
        following = units[position + 1] if position + 1 < len(units) else None
        next_level = HEADINGS.get(following.element.tag) if following is not None else 0
        if following is None or (next_level and next_level <= level):
            words = " ".join(unit.element.text_content().split())
            yield finding("x-empty-section", unit.file, unit.line, 1, f"'{'#' * level} {words}' has nothing under it")
