"""The contents, one tree for every edition: parts with their chapters (``Book.outline``), and each
chapter's sections down to book.yaml's ``toc-depth`` (Pandoc's and Quarto's name: 1 chapters, 2
their ``##`` sections, 3 their ``###``; parts always). The print edition and the HTML page set a
run of chapters titled only with their number ("I", "II", … or "68") run-in, several to a line
(``RunIn``), so a long novel's contents takes a page or two; the EPUB's nav lists each.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from pressroom.book import Book, Chapter
from pressroom.resolve import NUMERAL_TITLE

SECTION_TAGS = ("h2", "h3")  # levels 2 and 3 of the contents


@dataclass
class Entry:
    """One line of the contents: a part, a chapter (of any role) or a section of one."""

    id: str
    chapter: Chapter  # the chapter it stands in (the EPUB's file)
    title: str
    number: str = ""
    kind: str = "chapter"  # the chapter's role, or "section"
    level: int = 1  # 0 a part, 1 a chapter, 2 and 3 its sections
    children: list[Entry | RunIn] = field(default_factory=list)

    @property
    def matter(self) -> str:
        return "bodymatter" if self.kind == "section" else self.chapter.matter

    @property
    def in_part(self) -> bool:
        return self.level == 1 and self.chapter.part is not None


@dataclass
class RunIn:
    """Chapters titled only with their number, one after another: set as one paragraph."""

    entries: list[Entry]


def book_contents(book: Book, skip_roles=(), run_in: bool = True) -> list[Entry | RunIn]:
    """The contents tree to ``toc-depth``, leaving out chapters of ``skip_roles`` (print sets the
    dedication and epigraph before its contents); ``run_in``: runs of numeral titles grouped."""
    entries = []
    for chapter, children in book.outline:
        if chapter.role in skip_roles:
            continue
        entry = chapter_entry(chapter, book.meta.toc_depth)
        entry.children += [chapter_entry(child, book.meta.toc_depth) for child in children]
        entries.append(entry)
    return group_run_in(entries) if run_in else entries


def chapter_entry(chapter: Chapter, depth: int) -> Entry:
    level = 0 if chapter.role == "part" else 1
    entry = Entry(chapter.id, chapter, chapter.title_text, chapter.number, chapter.role, level)
    if not chapter.generated:  # the index's letter headings are no sections
        entry.children = sections(chapter, depth)
    return entry


def sections(chapter: Chapter, depth: int) -> list[Entry]:
    """The chapter's ``##`` (and ``###``) headings to ``depth``, each ``###`` under its ``##``."""
    tags = SECTION_TAGS[: max(0, depth - 1)]
    found: list[Entry] = []
    for heading in chapter.body.iter(*tags) if tags else ():
        if not heading.get("id"):
            continue
        level = SECTION_TAGS.index(heading.tag) + 2
        entry = Entry(heading.get("id"), chapter, heading_text(heading), kind="section", level=level)
        if level == 3 and found:
            found[-1].children.append(entry)
        elif level == 2:
            found.append(entry)
    return found


def heading_text(heading) -> str:
    """A heading's words, without its note references."""
    heading = copy.deepcopy(heading)
    for noteref in heading.find_class("noteref"):
        noteref.drop_tree()  # its tail stays
    return " ".join(heading.text_content().split())


def group_run_in(entries: list[Entry]) -> list[Entry | RunIn]:
    """Each run of two or more chapters titled only with a number, with no sections listed under
    them, made one RunIn; inside parts too."""
    grouped: list[Entry | RunIn] = []
    for entry in entries:
        if isinstance(entry, Entry):
            entry.children = group_run_in(entry.children)
        if isinstance(entry, Entry) and numeral_only(entry):
            if grouped and isinstance(grouped[-1], RunIn):
                grouped[-1].entries.append(entry)
                continue
            if grouped and isinstance(grouped[-1], Entry) and numeral_only(grouped[-1]):
                grouped[-1] = RunIn([grouped[-1], entry])
                continue
        grouped.append(entry)
    return grouped


def numeral_only(entry: Entry) -> bool:
    return entry.level == 1 and not entry.children and bool(NUMERAL_TITLE.fullmatch(entry.title))
