"""The Book: what the manuscript says, read once, for every writer to render.

Chapters hold their content as lxml element trees whose block elements carry ``data-line``; beside
the trees, typed records keyed by id: notes (``<a class="noteref" data-note="KEY">``), citations
and cross-references (``data-ref="ID"`` on their placeholders). resolve.py numbers and links them.
Writers only read a resolved Book; the checks read it too, with each file's source lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import html as lxml_html

from pressroom.fonts import FontFace
from pressroom.ids import slugify
from pressroom.metadata import Metadata
from pressroom.resources import BookFolders

FRONT_ROLES = {"dedication", "epigraph", "foreword", "preface", "acknowledgments", "note"}
BODY_ROLES = {"chapter", "part"}
BACK_ROLES = {"appendix", "afterword", "chronology", "glossary", "bibliography", "endnotes", "index", "colophon"}
ROLES = FRONT_ROLES | BODY_ROLES | BACK_ROLES


def line_of(element) -> int:
    """The source line of an element: its own ``data-line`` or its nearest ancestor's."""
    while element is not None:
        if element.get("data-line"):
            return int(element.get("data-line"))
        element = element.getparent()
    return 1


@dataclass
class SourceFile:
    """A manuscript file as the author wrote it: its lines (1-based line n is ``lines[n - 1]``),
    for the checks' columns and the proofs' sentences. Nothing parses these lines again."""

    path: Path
    role: str
    lines: list[str]
    first_line: int = 1  # where the Markdown starts (after a single-file manuscript's YAML block)
    start_id: str = ""  # the id of its first block: where a link to the file (``x.md``, ``x.html``) goes


@dataclass
class CiteItem:
    """One item of a citation or cross-reference: ``see @key, p. 4`` or ``-@fig:x``."""

    key: str
    prefix: str = ""
    locator: str = ""
    suppress_author: bool = False


@dataclass
class Citation:
    """``[see @a, p. 4; @b]`` (bracketed) or ``@a`` (in the running text)."""

    id: str
    items: list[CiteItem]
    in_text: bool = False


@dataclass
class CrossRef:
    """``@fig:x``, ``[-@fig:x]``, ``[@fig:x; @fig:y]``, ``[@sec:x, page]`` (pandoc-crossref)."""

    id: str
    items: list[CiteItem]

    @property
    def page(self) -> bool:
        """``[@fig:x, page]``: in print "page 47"; the ebook has no pages and keeps "Figure 3"."""
        return self.items[0].locator == "page"


@dataclass
class Note:
    """A footnote: its number within the chapter, its content, and where it was written."""

    id: str
    ref_id: str
    number: int
    body: lxml_html.HtmlElement
    line: int
    key: str = ""  # what the chapter's <a class="noteref" data-note="…"> marker names


@dataclass(frozen=True)
class RunningHeads:
    """What the print edition's running heads say over a chapter's pages (resolve decides it)."""

    verso: str  # the left-hand page: the book's title, or its author when rectos carry the title
    recto: str  # the right-hand page: the chapter's title, or its part's (or the book's) when bare


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
    unnumbered: bool = False  # {.unnumbered} on the heading: resolve gives it no number
    untitled: bool = False  # text before any heading: the book's title heads it (an article's title block)
    slug: str = ""  # the EPUB file name stem, e.g. "chapter-03"
    labels: dict[str, str] = field(default_factory=dict)  # manuscript id → id in the output
    generated: str = ""  # "index": the content is made by the writers from Book.index
    part: Chapter | None = field(default=None, compare=False, repr=False)  # the part it stands in
    running_heads: RunningHeads | None = None  # print: what the heads over its pages say

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

    kind: str  # fig, tbl, lst, sec, chap
    id: str
    number: str
    chapter: Chapter
    title: str = ""
    short_title: str = ""  # a figure's or table's in the lists: fig-scap/tbl-scap, or its first sentence


@dataclass
class Book:
    meta: Metadata
    folders: BookFolders
    chapters: list[Chapter]
    cover: Path | None = None
    assets: dict[Path, str] = field(default_factory=dict)  # file on disk → name inside the book
    images: dict = field(default_factory=dict)  # name inside the book → images.ImageInfo (type, natural size)
    targets: dict[str, Target] = field(default_factory=dict)  # label ("fig:gulag") → target
    words: dict = field(default_factory=dict)  # generated wording in the book's language
    references: list[tuple[str, str]] = field(default_factory=list)  # (key, formatted entry) in order
    sources: list[SourceFile] = field(default_factory=list)  # every Markdown file, in reading order
    citations: dict[str, Citation] = field(default_factory=dict)  # placeholder data-ref → citation
    crossrefs: dict[str, CrossRef] = field(default_factory=dict)  # placeholder data-ref → cross-reference
    index: list = field(default_factory=list)  # index Headings, sorted (pressroom.index)
    fonts: list[FontFace] = field(default_factory=list)  # the mainfont's files (book.yaml mainfont)
    abstract: str = ""  # the metadata's abstract as HTML (an article's title block)
    back_cover: str = ""  # the metadata's back-cover text as HTML (the print cover)
    figures: list[Target] = field(default_factory=list)  # in book order, for lists of figures
    tables: list[Target] = field(default_factory=list)
    listings: list[Target] = field(default_factory=list)  # code listings (``{#lst:x caption="…"}``)

    @property
    def slug(self) -> str:
        return slugify(self.meta.title)[:60].strip("-")

    def continuing_file(self, chapter_file: Path, name: str) -> SourceFile | None:
        """The file a chapter's continued section came from (its blocks' ``data-source``): the
        first file so named after the chapter's own."""
        paths = [source.path for source in self.sources]
        after = paths.index(chapter_file) + 1 if chapter_file in paths else 0
        return next((source for source in self.sources[after:] if source.path.name == name), None)

    @property
    def outline(self) -> list[tuple[Chapter, list[Chapter]]]:
        """The contents as a tree: each part with its chapters; chapters outside parts alone."""
        entries: list[tuple[Chapter, list[Chapter]]] = []
        for chapter in self.chapters:
            if chapter.part is not None and entries and entries[-1][0] is chapter.part:
                entries[-1][1].append(chapter)
            else:
                entries.append((chapter, []))
        return entries
