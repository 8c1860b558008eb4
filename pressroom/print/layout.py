"""The print layout: the whole book as one HTML document laid out by WeasyPrint.

Page geometry, running heads and folios are CSS (the theme's print.css); this module renders the
print template with each chapter's markup under the print edition's policy (``PrintPolicy``: notes
at their reference, source lines kept, page references, images by file URI) and lays it out with
fonts and files only from the book's folders.

Print profiles (``profiles``) say what the printer demands: the template gets the trim, bleed, crop
marks and the printer's minimum margins as a generated @page block; the gutter follows the final
page count, so the book is laid out again when its count calls for another gutter (and when a
chapter would end on a page of one or two lines, a note stands a page late, or the index needs
its pages). ``laid_out(book, context)`` keeps the finished layout in the build context, so the PDF,
the cover, the layout checks and the proof of one build share one layout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from pressroom.book import Book, Chapter
from pressroom.context import BuildContext
from pressroom.images import size_for_print
from pressroom.print import profiles, weasyprint_patches
from pressroom.print.fixes import segment_fixes
from pressroom.print.segments import Folios, Placement, SegmentedLayout, segment_html, whole_book
from pressroom.render import EditionPolicy, NotePlacement
from pressroom.styles import Sheet, book_sheets

STYLESHEETS = ("fonts.css", "base.css", "print.css")


class BookFetcher(URLFetcher):
    """Serve only local files inside the book's folders (and data: URLs); never the network."""

    def __init__(self, book: Book):
        super().__init__(allowed_protocols={"file", "data"})
        self.book = book

    def fetch(self, url, headers=None):
        if url.startswith("file:") and not self.book.folders.is_allowed(Path(unquote(urlsplit(url).path))):
            raise ValueError(f"outside the book's folders: {url}")
        return super().fetch(url, headers)


class PrintPolicy(EditionPolicy):
    """The print edition: one HTML document (every id in it), each note's text at its reference
    (CSS floats it to the page foot), ``data-line``/``data-source`` kept for the layout checks and
    the proof, "page 47" references (CSS target-counter), images by the file URI of the asset."""

    def __init__(self, book: Book):
        super().__init__(
            xhtml=False,
            notes=NotePlacement.AT_REFERENCE,
            keep_source=True,
            page_references=True,
            tabs_from_line_start=True,
            link_addresses=book.meta.link_addresses,
        )
        self.image_paths = {name: path for path, name in book.assets.items()}
        self.images = book.images  # natural sizes: no raster prints larger than at 300 dpi

    def href(self, fragment: str, chapter: Chapter | None) -> str:
        return fragment

    def image_src(self, name: str) -> str:
        return self.image_paths[name].as_uri()

    def size_image(self, image) -> None:
        size_for_print(image, self.images.get(image.get("src", "")))


def print_html(book: Book, timestamp: dt.datetime) -> str:
    """The whole book as one HTML document, as a first layout pass would see it (page numbers by
    CSS's target-counter); the print edition is laid out in segments (``segments``)."""
    segmented = SegmentedLayout(book, timestamp, PrintPolicy(book), render=lambda html: None)
    return segment_html(
        segmented, whole_book(book), first_geometry(book).css(), Folios({}, stand_in=None), Placement(None)
    )


class Typesetter:
    """WeasyPrint with the theme's stylesheets, then the book's ``own`` (``styles.book_sheets``),
    fonts and files only from the book's folders. The stylesheets are parsed and the fonts loaded
    once, for every document it lays out."""

    def __init__(self, book: Book, stylesheet_names: tuple[str, ...] = STYLESHEETS, own: Sequence[Sheet] = ()):
        weasyprint_patches.apply()
        self.fonts = FontConfiguration()
        self.fetch = BookFetcher(book)
        self.base = book.folders.theme_file(stylesheet_names[-1]).parent
        self.stylesheets = [
            CSS(filename=str(book.folders.theme_file(name)), font_config=self.fonts, url_fetcher=self.fetch)
            for name in stylesheet_names
        ] + [CSS(string=s.text, base_url=f"{s.base}/", font_config=self.fonts, url_fetcher=self.fetch) for s in own]

    def render(self, html: str):
        document = HTML(string=html, base_url=str(self.base) + "/", url_fetcher=self.fetch)
        return document.render(stylesheets=self.stylesheets, font_config=self.fonts)


def render(book: Book, html: str, stylesheet_names: tuple[str, ...] = STYLESHEETS, own: Sequence[Sheet] = ()):
    """Lay out one HTML document (the proof's marks, tests' single passes)."""
    return Typesetter(book, stylesheet_names, own).render(html)


@dataclass
class PrintLayout:
    """A finished layout and what it was laid out for."""

    document: object  # weasyprint.Document: the segments' pages joined
    profile: profiles.Profile
    geometry: profiles.Geometry
    bleed: bool
    pages: int  # the final page count, padding included
    passes: int  # how many layout passes the book took (each lays out only the segments that changed)
    book: Book | None = None  # what was laid out (keeps its id unique while the layout is cached)
    segments: list = field(default_factory=list)  # the segments' documents, whose fonts the pages use
    segment_layouts: int = 0  # how many segment documents were laid out in all


def profile_of(book: Book) -> profiles.Profile:
    return profiles.PROFILES[book.meta.print_profile]


def bleeds(book: Book) -> bool:
    """print.bleed yes/no, or auto: the book bleeds when a figure is marked to the edge ({.bleed})."""
    if book.meta.print_bleed != "auto":
        return book.meta.print_bleed == "yes"
    return any(
        "bleed" in (figure.get("class") or "").split()
        for chapter in book.chapters
        for figure in chapter.body.iter("figure")
    )


def first_geometry(book: Book) -> profiles.Geometry:
    """The first guess: the narrowest gutter the printer allows (the count is not known yet)."""
    return profiles.geometry(profile_of(book), book.meta.trim, bleeds(book), pages=0)


MAX_PASSES = 6  # the gutter only widens, so the passes end; a book needs two or three at most
# A pass stopped early guesses the page count from the share of the text laid out, a little low:
# a guess too low costs one more pass, one too high a gutter wider than the printer needs.
ESTIMATE_MARGIN = 0.95


def print_layout(
    book: Book, timestamp: dt.datetime, progress: Callable[[str], None] = lambda step: None
) -> PrintLayout:
    """Lay the book out until its gutter suits its final page count.

    The first pass uses the narrowest gutter; if the padded page count calls for a wider one, the
    book is laid out again with it (a wider gutter only adds pages, so this ends). A pass stops as
    soon as the pages pass the most its gutter serves, and the next gutter is the one for the count
    that share of the text predicts. A chapter whose last page would hold one or two lines, or that
    sets a note a page after its reference, is laid out again at once with a rule that fixes it
    (``segment_fixes``); each pass lays out only the segments whose HTML changed."""
    profile, bleed = profile_of(book), bleeds(book)
    geometry = first_geometry(book)
    typesetter = Typesetter(book, own=book_sheets(book, "print"))
    segmented = SegmentedLayout(
        book,
        timestamp,
        PrintPolicy(book),
        typesetter.render,
        on_segment=lambda segment: progress(f"laying out {segment.name}"),
        fixes_for=lambda document: segment_fixes(book, document),
    )
    passes = 0
    while True:
        joined = segmented.lay_out(geometry, profiles.most_pages(profile, geometry.gutter), book.meta.max_pages)
        profiles.check_page_limit(book, len(joined.document.pages))  # print.max-pages: a runaway book stops here
        passes += 1
        if joined.share < 1:  # more pages than this gutter serves: guess the count from the share
            estimate = round(len(joined.document.pages) / joined.share * ESTIMATE_MARGIN)
            geometry = profiles.geometry(profile, book.meta.trim, bleed, max(len(joined.document.pages), estimate))
            continue
        document = joined.document
        pages = final_page_count(profile, document)
        needed = profiles.geometry(profile, book.meta.trim, bleed, pages)
        if needed.gutter <= geometry.gutter or passes == MAX_PASSES:
            return PrintLayout(
                document, profile, geometry, bleed, pages, passes, book, joined.documents, segmented.laid_out
            )
        geometry = needed


def is_blank(page) -> bool:
    """A page with no text and no image on it (margin boxes included)."""
    stack = [page._page_box]
    while stack:
        box = stack.pop()
        if isinstance(box, boxes.TextBox) and box.text.strip():
            return False
        if isinstance(box, boxes.ReplacedBox):
            return False
        stack.extend(box.all_children())
    return True


def final_page_count(profile: profiles.Profile, document) -> int:
    return profiles.padded_pages(profile, len(document.pages), is_blank(document.pages[-1]))


def layout_key(book: Book, timestamp: dt.datetime) -> tuple:
    """What a layout depends on, as the key of the build's layout cache (``BuildContext.layouts``):

    - the Book by identity: its text, assets and resolved numbering are fixed once it is resolved
      (no stage changes a resolved Book), so identity stands for its content. ``id`` is unique only
      while the object lives; the cached ``PrintLayout`` holds the Book, so while the entry is in
      the cache no other Book can get its id;
    - the metadata the page geometry comes from, read now (callers may change a Book's meta between
      layouts, tests do): the print profile's name (its gutter table), and the first geometry,
      which folds in the trim, the bleed (print.bleed, or the figures marked to the edge) and the
      profile's margins, marks and slug;
    - the build date, which the print HTML carries (its dcterms metadata).
    The PDF standard and the paper are not in it: they change the written PDF and the cover, not
    the layout."""
    return (id(book), timestamp, book.meta.print_profile, first_geometry(book))


def laid_out(book: Book, context: BuildContext) -> PrintLayout:
    """The book's final print layout in this build: laid out once, then taken from the context."""
    key = layout_key(book, context.timestamp)
    cached = context.layouts.get(key)
    if cached is not None and cached.book is book:
        return cached
    context.progress("laying out the print edition")
    result = print_layout(book, context.timestamp, context.progress)
    context.layouts[key] = result
    return result
