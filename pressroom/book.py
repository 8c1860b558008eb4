"""The Book: what the manuscript says, read once, for every writer to render.

Chapters hold their content as lxml element trees whose block elements carry ``data-line``;
resolve.py numbers and links them. Writers only read a resolved Book.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import html as lxml_html

from pressroom.metadata import Metadata
from pressroom.resources import BookFolders

FRONT_ROLES = {"dedication", "epigraph", "foreword", "preface", "acknowledgments", "note"}
BODY_ROLES = {"chapter", "part"}
BACK_ROLES = {"appendix", "afterword", "chronology", "glossary", "bibliography", "endnotes", "index", "colophon"}
ROLES = FRONT_ROLES | BODY_ROLES | BACK_ROLES


@dataclass
class Note:
    """A footnote: its number within the chapter, its content, and where it was written."""

    id: str
    ref_id: str
    number: int
    body: lxml_html.HtmlElement
    line: int
    key: str = ""  # what the chapter's <a class="noteref" data-note="…"> marker names


@dataclass
class Chapter:
    file: Path
    line: int
    role: str
    id: str
    title: lxml_html.HtmlElement  # the h1, inline content only
    body: lxml_html.HtmlElement  # a <div> of the chapter's blocks after the title
    notes: list[Note] = field(default_factory=list)
    number: str = ""  # "3" for chapters, "A" for appendices, "" when unnumbered
    slug: str = ""  # the EPUB file name stem, e.g. "chapter-03"
    labels: dict[str, str] = field(default_factory=dict)  # manuscript id → id in the output
    generated: str = ""  # "index": the content is made by the writers from Book.index

    @property
    def matter(self) -> str:
        if self.role in FRONT_ROLES:
            return "frontmatter"
        return "backmatter" if self.role in BACK_ROLES else "bodymatter"

    @property
    def title_text(self) -> str:
        return " ".join(self.title.text_content().split())

    @property
    def source(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Target:
    """Something a cross-reference can point at."""

    kind: str  # fig, tbl, sec, chap
    id: str
    number: str
    chapter: Chapter
    title: str = ""


@dataclass
class Book:
    meta: Metadata
    folders: BookFolders
    chapters: list[Chapter]
    cover: Path | None = None
    assets: dict[Path, str] = field(default_factory=dict)  # file on disk → name inside the book
    targets: dict[str, Target] = field(default_factory=dict)  # label ("fig:gulag") → target
    bibliography: object | None = None
    words: dict = field(default_factory=dict)  # generated wording in the book's language
    references: list[tuple[str, str]] = field(default_factory=list)  # (key, formatted entry) in order
    warnings: list = field(default_factory=list)  # Findings a build reports but survives
    index: list = field(default_factory=list)  # index Headings, sorted (pressroom.index)
    figures: list[Target] = field(default_factory=list)  # in book order, for lists of figures
    tables: list[Target] = field(default_factory=list)

    @property
    def slug(self) -> str:
        from pressroom.markdown import slugify

        return slugify(self.meta.title)[:60].strip("-")

    def chapter_of(self, element_id: str) -> Chapter | None:
        for chapter in self.chapters:
            if chapter.id == element_id or chapter.body.get_element_by_id(element_id, None) is not None:
                return chapter
        return None
