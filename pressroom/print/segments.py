"""The print layout in segments: each run of the book that opens a new page is laid out as its own
WeasyPrint document, and the pages of the documents are joined into one.

Laid out as one document, the whole book is laid out again for every fix a pass makes (a short
chapter ending, a note a page late) and for the index's page numbers. In segments, a layout pass
lays out again only the segments whose HTML changed: the chapter a fix is for, the contents when
a page number in it moved, and the chapters after a chapter whose page count changed.

A segment is the front matter (half title to the lists of figures and tables, with the
dedication and epigraph), or one chapter (part, appendix, index…). The layout of a segment
depends on its HTML only, which holds everything it prints that comes from elsewhere:

- at its start, an empty stand-in for the page before it, on that page's side and with its folio
  (a generated ``@page :first`` counter reset, and the root's ``break-before``), so the break to
  its first section (a recto, with a blank verso before it, or any page) and the folios after it
  are the ones a single document makes; the stand-in's page is dropped;
- the folios of targets in other segments (contents, lists, page references) as ``data-page``,
  and the index's page numbers, from the segments laid out before it in the same round.

One difference from a single document, on purpose: notes that WeasyPrint carries past the end
of a chapter stand on a page of their own before the next chapter, not at the foot of its
opening page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup
from weasyprint.formatting_structure import boxes

from pressroom.book import Book, Chapter
from pressroom.contents import book_contents
from pressroom.index import page_locators, render_index
from pressroom.print import profiles
from pressroom.print.pages import roman
from pressroom.print.splices import Splice, apply_splices
from pressroom.render import EditionPolicy, chapter_markup
from pressroom.templating import environment

DISPLAY_ROLES = ("dedication", "epigraph")  # set with the front matter, before the contents
MAX_ROUNDS = 6  # a round re-lays only what changed; two or three settle a book
MAX_FIXES = 3  # times a segment is laid out again for fixes its own layout calls for


@dataclass(frozen=True)
class Segment:
    """Sections laid out as one document: the front matter, or one chapter."""

    chapters: tuple[Chapter, ...]
    front: bool  # holds the half title, title page, copyright page, contents and lists
    lead: Segment | None  # the segment before it, whose last page it opens with a stand-in for

    @property
    def name(self) -> str:
        return "front matter" if self.front else self.chapters[0].id


@dataclass(frozen=True)
class Fix:
    """A CSS rule a layout pass adds for one chapter (short endings, notes a page late); the
    changes to the text CSS cannot make are ``splices``."""

    chapter_id: str
    rule: str


LayoutFix = Fix | Splice


def whole_book(book: Book) -> Segment:
    """The book as one segment (one document)."""
    return Segment(tuple(book.chapters), front=book.meta.layout != "article", lead=None)


def book_segments(book: Book) -> list[Segment]:
    """The book's segments in order; an article runs on from section to section, so it is one."""
    if book.meta.layout == "article":
        return [whole_book(book)]
    display = tuple(c for c in book.chapters if c.role in DISPLAY_ROLES)
    rest = [c for c in book.chapters if c.role not in DISPLAY_ROLES]
    segments = [Segment(display, front=True, lead=None)]
    for chapter in rest:
        segments.append(Segment((chapter,), front=False, lead=segments[-1]))
    return segments


@dataclass
class Placement:
    """Where the layout so far puts ids: physical page index and printed folio."""

    first_body_id: str | None
    pages: dict[str, tuple[int, str]] = field(default_factory=dict)
    body_start: int | None = None  # the physical index of the first body page (folio 1)

    def folio(self, index: int) -> str:
        if self.body_start is None or index < self.body_start:
            return roman(index + 1)
        return str(index - self.body_start + 1)

    def counter(self, index: int) -> int:
        """The page counter's value on physical page ``index`` (roman or arabic as CSS prints it)."""
        if self.body_start is None or index < self.body_start:
            return index + 1
        return index - self.body_start + 1

    def add(self, start: int, pages) -> None:
        for offset, page in enumerate(pages):
            if self.first_body_id in page.anchors and self.body_start is None:
                self.body_start = start + offset
        for offset, page in enumerate(pages):
            for anchor in page.anchors:
                self.pages.setdefault(anchor, (start + offset, self.folio(start + offset)))

    def label(self, target_id: str) -> str | None:
        found = self.pages.get(target_id)
        return found[1] if found else None


@dataclass
class Joined:
    """One round's layout: the joined document, the segment documents it keeps alive (their fonts),
    and how many segments the round laid out."""

    document: object
    documents: list
    placement: Placement
    laid_out: int
    share: float = 1.0  # the share of the book's text laid out: less when the round stopped early


class SegmentedLayout:
    """Lays the book out in segments and keeps each segment's document by its HTML, so a later
    round or pass of the same build lays out again only the segments whose HTML changed.

    ``fixes_for(document)`` names the fixes a laid-out segment needs, in tiers (``fixes.segment_fixes``:
    the text's own first, notes placed on the text they settle); the segment is laid out again
    with the first tier that has new ones before the next segment is placed, so a fix moves the
    segments after it once at most."""

    def __init__(
        self,
        book: Book,
        timestamp: dt.datetime,
        policy: EditionPolicy,
        render: Callable[[str], object],
        on_segment: Callable[[Segment], None] = lambda segment: None,
        fixes_for: Callable[[object], list[frozenset[LayoutFix]]] | None = None,
    ):
        self.book, self.timestamp, self.policy, self.render = book, timestamp, policy, render
        self.on_segment, self.fixes_for = on_segment, fixes_for
        self._use(book_segments(book))
        self.env = environment(book)
        self.first_body = next((c for c in book.chapters if c.matter == "bodymatter"), None)
        self.cache: dict[str, object] = {}  # the last round's documents by their HTML's hash
        self.settled: set[str] = set()  # documents (by HTML hash) that need no further fix
        self.labels: dict[str, str] = {}  # id → folio, as the last round placed it
        self.fixes: frozenset[LayoutFix] = frozenset()  # every fix found so far, at self.geometry
        self.geometry: profiles.Geometry | None = None
        self.fix_all = False  # True once a round ran to the end: no segment goes unfixed
        self.laid_out = 0  # segment documents laid out so far

    def _use(self, segments: list[Segment]) -> None:
        self.segments = segments
        self.text_lengths = [sum(len(c.body.text_content()) for c in segment.chapters) for segment in segments]
        self.text_length = max(1, sum(self.text_lengths))

    def lay_out(
        self, geometry: profiles.Geometry, page_limit: int | None = None, hard_limit: int | None = None
    ) -> Joined:
        """Rounds in book order until one lays nothing out again (or MAX_ROUNDS): each round gives
        every segment the folios the round before found, and those of the segments before it.

        A round stops as soon as the book has more than ``page_limit`` pages (the most the gutter
        serves: the book needs a wider one, and the rest would be laid out for nothing), or is
        sure to (``_doomed``), or has more than ``hard_limit``; its Joined then holds the pages so
        far and the share of the text they hold."""
        if geometry != self.geometry:  # fixes are for line breaks at one measure
            self.geometry, self.fixes, self.settled = geometry, frozenset(), set()
        for _ in range(MAX_ROUNDS):
            try:
                joined = self._round(geometry, page_limit, hard_limit)
            except RunsOn:  # the book's CSS runs a chapter on from the one before: one document
                self._use([whole_book(self.book)])
                self.cache, self.settled = {}, set()
                joined = self._round(geometry, page_limit, hard_limit)
            self.laid_out += joined.laid_out
            self.labels.update({anchor: folio for anchor, (_, folio) in joined.placement.pages.items()})
            if joined.share < 1:
                break
            if joined.laid_out == 0 and self.fix_all:
                break
            self.fix_all = True
        return joined

    def _round(self, geometry: profiles.Geometry, page_limit: int | None, hard_limit: int | None) -> Joined:
        placement = Placement(self.first_body.id if self.first_body else None)
        kept_cache: dict[str, object] = {}
        documents, pages, laid, text = [], [], 0, 0
        for segment, length in zip(self.segments, self.text_lengths, strict=True):
            over = any(limit is not None and len(pages) > limit for limit in (page_limit, hard_limit))
            if over or self._doomed(page_limit, len(pages), text):
                return Joined(documents[0].copy(pages), documents, placement, laid, text / self.text_length)
            text += length
            start = len(pages)
            known = {**self.labels, **{anchor: folio for anchor, (_, folio) in placement.pages.items()}}
            for _ in range(MAX_FIXES + 1):
                html = self.html(segment, geometry, self.fixes, known, placement, start)
                key = hashlib.sha256(html.encode()).hexdigest()
                document = self.cache.get(key) or kept_cache.get(key)
                if document is None:
                    self.on_segment(segment)
                    document = self.render(html)
                    laid += 1
                kept = document.pages[1:] if segment.lead is not None else document.pages
                if segment.lead is not None and not stand_in_only(document.pages[0]):
                    raise RunsOn(segment.name)
                if not self._needs_fixes(key, document, kept):
                    break
            kept_cache[key] = document  # the segment's last layout only: one a fix replaced is freed
            placement.add(start, kept)
            documents.append(document)
            pages.extend(kept)
        self.cache = kept_cache  # only this round's documents can be reused; the rest are stale
        joined = documents[0].copy(pages)
        return Joined(joined, documents, placement, laid)

    def _doomed(self, page_limit: int | None, pages: int, text: int) -> bool:
        """Whether this round would end past the limit: its pages so far, over the share of the
        text they hold (a tenth at least), pass the limit by a tenth. Until a round has run to the
        end, such a round stops there rather than lay out the rest for a gutter it cannot keep."""
        if self.fix_all or page_limit is None or text < self.text_length / 10:
            return False
        return pages / (text / self.text_length) > page_limit * 1.1

    def _needs_fixes(self, key: str, document, kept: list) -> bool:
        """Whether the segment's pages call for fixes not made yet (they join ``self.fixes``)."""
        if self.fixes_for is None or key in self.settled:
            return False
        for tier in self.fixes_for(document.copy(kept)):
            if new := tier - self.fixes:
                self.fixes |= new
                return True
        self.settled.add(key)
        return False

    def html(
        self,
        segment: Segment,
        geometry: profiles.Geometry,
        fixes: frozenset[LayoutFix],
        labels: dict[str, str],
        placement: Placement,
        start: int,
    ) -> str:
        ids = {chapter.id for chapter in segment.chapters}
        own_fixes = sorted(fix.rule for fix in fixes if isinstance(fix, Fix) and fix.chapter_id in ids)
        splices = tuple(fix for fix in fixes if not isinstance(fix, Fix) and fix.chapter_id in ids)
        first = start - 1 if segment.lead is not None else start  # the stand-in stands on the page before
        first_side = "right" if first % 2 == 0 else "left"
        page_css = "\n".join(
            [
                geometry.css(),
                f"html {{ break-before: {first_side}; }}",
                f"@page :first {{ counter-reset: page {placement.counter(first)}; }}",
                *own_fixes,
                *([self.env.get_template("print/splices.css").render()] if splices else []),
            ]
        )
        return segment_html(self, segment, page_css, Folios(labels), placement, splices)


class RunsOn(Exception):
    """A segment's first section does not open a new page (the book's CSS runs it on from the one
    before), so it cannot be laid out on its own."""


def stand_in_only(page) -> bool:
    """Whether the stand-in's page holds nothing of the segment (margin boxes and the stand-in's
    own generated content aside): it is dropped, so anything else on it would be lost."""
    stack = [child for child in page._page_box.children if not isinstance(child, boxes.MarginBox)]
    while stack:
        box = stack.pop()
        element = getattr(box, "element", None)
        if element is not None and "segment-lead" in (element.get("class") or "").split():
            continue
        if isinstance(box, (boxes.TextBox, boxes.ReplacedBox)):
            return False
        if isinstance(box, boxes.ParentBox):
            stack.extend(box.children)
    return True


STAND_IN = "00"  # the folio of a target not placed yet: about as wide as one, so lines break alike


class Folios:
    """The folio of each id as the layout so far places it, and a stand-in for the rest, so a
    segment laid out before its targets (the contents, a forward reference) usually keeps its line
    breaks and page count once the real folios come."""

    def __init__(self, known: dict[str, str], stand_in: str | None = STAND_IN):
        self.known, self.stand_in = known, stand_in

    def get(self, target_id: str) -> str | None:
        """The folio, or the stand-in; None (CSS's target-counter) with no stand-in."""
        return self.known.get(target_id, self.stand_in)


class LabelledPolicy:
    """The print policy with the folios known so far (``page_label``) and the splices the layout
    made to the segment's text (``splice``)."""

    def __init__(self, policy: EditionPolicy, folios: Folios, splices: tuple[Splice, ...] = ()):
        self._policy, self._folios, self._splices = policy, folios, splices

    def __getattr__(self, name):
        return getattr(self._policy, name)

    def splice(self, chapter: Chapter, body) -> None:
        apply_splices(body, [s for s in self._splices if s.chapter_id == chapter.id])

    def page_label(self, target_id: str) -> str | None:
        return self._folios.get(target_id)


def segment_html(
    layout: SegmentedLayout,
    segment: Segment,
    page_css: str,
    folios: Folios,
    placement: Placement,
    splices: tuple[Splice, ...] = (),
) -> str:
    """One segment's document: the print template with only its sections."""
    book, env = layout.book, layout.env
    policy = LabelledPolicy(layout.policy, folios, splices)
    sections = []
    for chapter in segment.chapters:
        title, body = chapter_markup(chapter, policy)
        if chapter.generated == "index":
            body = Markup(render_index(book, env, index_locators(placement.pages)))
        sections.append((chapter, title, body))
    return env.get_template("print/book.html").render(
        front=segment.front,
        sections=sections,
        contents=book_contents(book, DISPLAY_ROLES) if segment.front else [],
        display_roles=DISPLAY_ROLES,
        first_body=layout.first_body,
        lead=segment.lead,
        page_of=folios,
        trim=book.meta.trim,
        timestamp=layout.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        page_css=Markup(page_css),
        href=lambda target: f"#{target.id}",
    )


def index_locators(pages: dict[str, tuple[int, str]]):
    """The index's locators: each heading's pages as the layout so far places its marks (a mark
    not placed yet keeps CSS's target-counter, which finds it when it is in the same document)."""

    def locators(heading):
        placed = page_locators(heading, pages)
        unplaced = [(f"#{mark.id}", "") for mark in heading.marks if mark.id not in pages]
        return [(f"#{mark_id}", label) for mark_id, label in placed] + unplaced

    return locators
