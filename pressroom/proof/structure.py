"""x- checks: chapter titles, heading levels and empty sections, file by file."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pressroom.book import ROLES
from pressroom.findings import Finding
from pressroom.proof import finding
from pressroom.proof.source import Manuscript, SourceFile

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
ATTRIBUTES_ONLY = re.compile(r"\{[^{}]*\}")
GENERATED_ROLES = {"part", "bibliography", "endnotes", "index"}  # pages whose body is generated


def check(manuscript: Manuscript) -> Iterator[Finding]:
    for file in manuscript.files:
        blocks = file.blocks()
        yield from titles(file, blocks)
        yield from levels(file, blocks)
        yield from empty_sections(file, blocks)


def line(element) -> int:
    return int(element.get("data-line", "1"))


def titles(file: SourceFile, blocks) -> Iterator[Finding]:
    """Each file starts with a '#' chapter heading, and every '#' heading has words in it."""
    chapters = [el for el in blocks if el.tag == "h1"]
    for element in blocks:
        if element.tag == "h1":
            break
        if element.tag == "hr" or not (element.text_content().strip() or len(element)):
            continue
        yield finding("x-untitled-chapter", file.path, line(element), 1,
                      "text before the first '#' chapter heading")
        break
    else:
        if not chapters:
            yield finding("x-untitled-chapter", file.path, 1, 1, "no '#' chapter heading in this file")
    for heading in chapters:
        title = " ".join(heading.text_content().split())
        if not title or ATTRIBUTES_ONLY.fullmatch(title):  # "# {#chap:x}" keeps its braces as text
            yield finding("x-untitled-chapter", file.path, line(heading), 1, "a '#' chapter heading without a title")


def levels(file: SourceFile, blocks) -> Iterator[Finding]:
    previous = 0
    for element in blocks:
        level = HEADINGS.get(element.tag)
        if level is None:
            continue
        if previous and level > previous + 1:
            yield finding("x-heading-skip", file.path, line(element), 1,
                          f"'{'#' * level}' heading after a '{'#' * previous}' one: level {previous + 1} skipped")
        previous = level


def role_of(file: SourceFile, heading) -> str:
    classes = set(heading.get("class", "").split())
    return next((c for c in sorted(classes) if c in ROLES or c in GENERATED_ROLES), file.role)


def empty_sections(file: SourceFile, blocks) -> Iterator[Finding]:
    for position, element in enumerate(blocks):
        level = HEADINGS.get(element.tag)
        if level is None:
            continue
        if level == 1 and role_of(file, element) in GENERATED_ROLES:
            continue
        following = blocks[position + 1] if position + 1 < len(blocks) else None
        next_level = HEADINGS.get(following.tag) if following is not None else 0
        if following is None or (next_level and next_level <= level):
            title = " ".join(element.text_content().split())
            yield finding("x-empty-section", file.path, line(element), 1,
                          f"'{'#' * level} {title}' has nothing under it")
