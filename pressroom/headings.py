"""Heading levels as the book's structure reads them, before a file is split into chapters.

After this pass every ``h1`` opens a chapter (or a part, marked with the class ``part``), ``h2``
is a section of it, and so on. What the author wrote is mapped by book.yaml, as Pandoc does it:

- ``shift-heading-level-by: N`` adds N to every level (``-1``: ``##`` opens a chapter);
- ``top-level-division: part``, or a file whose contents role is ``part``: ``#`` opens a part,
  ``##`` a chapter, ``###`` a section;
- ``split: file``: the file's first heading, whatever its level, opens its one chapter and every
  later heading is a section below it;
- ``layout: article``: the whole text is one chapter under the book's title and its headings are
  its sections (the top level becomes ``h2``).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import html as lxml_html

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass(frozen=True)
class HeadingPlan:
    shift: int = 0  # shift-heading-level-by
    parts: bool = False  # ``#`` opens a part
    one_chapter: bool = False  # split: file
    article: bool = False  # layout: article


def level(element) -> int:
    return int(element.tag[1]) if element.tag in HEADINGS else 0


def headings(root) -> list:
    """The structural headings: direct children of the file's root (not headings inside
    blockquotes, lists or divs, which stay as written)."""
    return [element for element in root if isinstance(element.tag, str) and element.tag in HEADINGS]


def relevel(root, plan: HeadingPlan) -> None:
    """Rename the file's headings to the levels the book's structure gives them."""
    found = headings(root)
    if not found:
        return
    levels = [max(1, level(heading) + plan.shift) for heading in found]
    if plan.article:
        top = min(levels)
        levels = [min(6, value - top + 2) for value in levels]
    elif plan.one_chapter:
        first = levels[0]
        levels = [1] + [max(2, value - first + 1) for value in levels[1:]]
    elif plan.parts:
        for heading, value in zip(found, levels, strict=True):
            if value == 1:
                heading.set("class", (heading.get("class", "") + " part").strip())
        levels = [1 if value == 1 else value - 1 for value in levels]
    for heading, value in zip(found, levels, strict=True):
        heading.tag = f"h{min(6, value)}"


def has_chapter_heading(root, shift: int) -> bool:
    """Does the text have a heading that opens a chapter (a ``#``, after the shift)?"""
    return any(level(heading) + shift <= 1 for heading in headings(root))


def is_part_heading(heading: lxml_html.HtmlElement) -> bool:
    return "part" in heading.get("class", "").split()
