"""The print edition: the whole book as one HTML document laid out by WeasyPrint.

Page geometry, running heads and folios are CSS (styles/print.css); this module renders the
template, lays it out with fonts and files only from the book's folders, and writes the PDF.

Print profiles (pressroom/print_profiles.py) say what the printer demands: the template gets the
trim, bleed, crop marks and the printer's minimum margins as a generated @page block; the gutter
follows the final page count, so the book is laid out again when its count calls for another
gutter. The PDF is tagged (PDF/UA-1, or PDF/A-2b/-3b), padded to the page count the printer wants
and, for print-on-demand profiles, free of link annotations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from urllib.parse import unquote, urlsplit

import pydyf
from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from markupsafe import Markup

from pressroom import print_profiles
from pressroom.book import Book
from pressroom.findings import Finding
from pressroom.html import chapter_html
from pressroom.index import page_locators, render_index
from pressroom.layout_checks import low_resolution, notes_away, short_endings, walk
from pressroom.output import write_atomically
from pressroom.templating import environment

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


def print_html(book: Book, timestamp: dt.datetime, index_pages: dict | None = None,
               geometry: print_profiles.Geometry | None = None, fixes: frozenset[str] = frozenset()) -> str:
    """The book as one HTML document. The index shows index_pages (mark id → (page, folio)) when
    known, and target-counter page numbers in the first layout pass."""
    image_paths = {name: path for path, name in book.assets.items()}
    env = environment(book)
    chapters = []
    for chapter in book.chapters:
        title, body = chapter_html(chapter, xhtml=False, notes="inline", pages=True,
                                   src=lambda name: image_paths[name].as_uri())
        if chapter.generated == "index":
            body = Markup(render_index(book, env, index_locators(index_pages)))
        chapters.append((chapter, title, body))
    return env.get_template("print/book.html").render(
        chapters=chapters, trim=book.meta.trim, timestamp=timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        page_css=Markup("\n".join([(geometry or first_geometry(book)).css(), *sorted(fixes)])),
        href=lambda target: f"#{target.id}")


def index_locators(index_pages: dict | None):
    if index_pages is None:
        return lambda heading: [(f"#{mark.id}", "") for mark in heading.marks]
    return lambda heading: [(f"#{mark_id}", label) for mark_id, label in page_locators(heading, index_pages)]


def render(book: Book, html: str):
    fonts = FontConfiguration()
    fetch = BookFetcher(book)
    base = book.folders.theme_file("print.css").parent
    stylesheets = [CSS(filename=str(book.folders.theme_file(name)), font_config=fonts, url_fetcher=fetch)
                   for name in STYLESHEETS]
    document = HTML(string=html, base_url=str(base) + "/", url_fetcher=fetch)
    return document.render(stylesheets=stylesheets, font_config=fonts)


def anchor_pages(book: Book, document) -> dict[str, tuple[int, str]]:
    """Where each id stands: (physical page index, printed folio: roman before the first chapter)."""
    where = {anchor: index for index, page in enumerate(document.pages) for anchor in page.anchors}
    first_body = next((c for c in book.chapters if c.matter == "bodymatter"), book.chapters[0])
    start = where.get(first_body.id, 0)
    return {anchor: (index, roman(index + 1) if index < start else str(index - start + 1))
            for anchor, index in where.items()}


def roman(number: int) -> str:
    numerals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    text = ""
    for value, numeral in numerals:
        while number >= value:
            text, number = text + numeral, number - value
    return text


def layout(book: Book, timestamp: dt.datetime):
    """The laid-out document (WeasyPrint's pages and boxes), for writing and for layout checks."""
    return print_layout(book, timestamp).document


@dataclass
class PrintLayout:
    """A finished layout and what it was laid out for."""

    document: object  # weasyprint.Document
    profile: print_profiles.Profile
    geometry: print_profiles.Geometry
    bleed: bool
    pages: int  # the final page count, padding included
    passes: int  # how many times the book was laid out


def profile_of(book: Book) -> print_profiles.Profile:
    return print_profiles.PROFILES[book.meta.print_profile]


def bleeds(book: Book) -> bool:
    """print.bleed yes/no, or auto: the book bleeds when a figure is marked to the edge ({.bleed})."""
    if book.meta.print_bleed != "auto":
        return book.meta.print_bleed == "yes"
    return any("bleed" in (figure.get("class") or "").split()
               for chapter in book.chapters for figure in chapter.body.iter("figure"))


def first_geometry(book: Book) -> print_profiles.Geometry:
    """The first guess: the narrowest gutter the printer allows (the count is not known yet)."""
    return print_profiles.geometry(profile_of(book), book.meta.trim, bleeds(book), pages=0)


MAX_PASSES = 6  # the gutter only widens, so the passes end; a book needs two or three at most


def print_layout(book: Book, timestamp: dt.datetime) -> PrintLayout:
    """Lay the book out until its gutter suits its final page count (and its index its pages).

    The first pass uses the narrowest gutter; if the padded page count calls for a wider one, the
    book is laid out again with it (a wider gutter only adds pages, so this ends). A chapter whose
    last page would hold one or two lines gets a rule that carries more lines over, in the next
    pass. With an index, the last pass sets it with the pages the pass before it found."""
    profile, bleed = profile_of(book), bleeds(book)
    geometry = first_geometry(book)
    fixes: frozenset[str] = frozenset()
    index_pages, index_from = None, None
    passes = 0
    while True:
        document = render(book, print_html(book, timestamp, index_pages, geometry, fixes))
        passes += 1
        pages = final_page_count(profile, document)
        needed = print_profiles.geometry(profile, book.meta.trim, bleed, pages)
        laid_out = walk(book, document)
        new_fixes = (ending_fixes(laid_out) | footnote_fixes(laid_out)) - fixes
        stale_index = bool(book.index) and index_from != (geometry, fixes)
        if (needed.gutter <= geometry.gutter and not new_fixes and not stale_index) or passes == MAX_PASSES:
            return PrintLayout(document, profile, geometry, bleed, pages, passes)
        if book.index:
            index_pages, index_from = anchor_pages(book, document), (geometry, fixes)
        if needed.gutter > geometry.gutter:
            geometry = needed
        fixes = fixes | new_fixes


def ending_fixes(layout) -> frozenset[str]:
    """CSS that keeps a chapter's last page from holding only one or two lines: a paragraph that
    runs over keeps three lines together at its end; a short block alone there takes the end of the
    one before it along (layout_checks.short_endings finds them)."""
    rules = set()
    for chapter, _, _, block, continued in short_endings(layout):
        if block is None:
            continue
        name = chapter.file.name.replace("\\", "\\\\").replace('"', '\\"')
        selector = f'section[data-source="{name}"] [data-line="{block.line}"]'
        rules.add(f"{selector}, {selector} * {{ widows: 3; }}" if continued
                  else f"{selector} {{ break-before: avoid; }}")
    return frozenset(rules)


def footnote_fixes(layout) -> frozenset[str]:
    """WeasyPrint may set a note on the page after its reference. For such a note the next pass
    moves the line holding the reference over with it (footnote-policy: line) — only there: set
    everywhere, or forced with page breaks, it leaves pages half empty, which is worse than the
    rare note that still stands a page late (layout check l-footnote-away reports those)."""
    return frozenset(f"#{note_id} {{ footnote-policy: line; }}" for note_id, _, _, _ in notes_away(layout))


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


def final_page_count(profile: print_profiles.Profile, document) -> int:
    return print_profiles.padded_pages(profile, len(document.pages), is_blank(document.pages[-1]))


PDF_OPTIONS = {
    "ua": {"pdf_variant": "pdf/ua-1"},
    "a-2b": {"pdf_variant": "pdf/a-2b", "pdf_tags": True},
    "a-3b": {"pdf_variant": "pdf/a-3b", "pdf_tags": True},
    "none": {},
}


def pdf_bytes(book: Book, result: PrintLayout) -> bytes:
    """The interior PDF as the profile wants it: links, padding, boxes and PDF standard."""
    document = result.document
    if not result.profile.links:  # no link annotations (bookmarks and the contents' pages stay)
        for page in document.pages:
            page.links = []
    extra = result.pages - len(document.pages)
    blank = next((index for index, page in enumerate(document.pages) if is_blank(page)), None)
    return document.write_pdf(finisher=Finisher(result.geometry, extra, blank),
                              **PDF_OPTIONS[book.meta.pdf_standard])


class Finisher:
    """Post-layout work on WeasyPrint's PDF objects, before they are written.

    Sets each page's BleedBox to the real bleed (WeasyPrint puts it up to 10 pt out, which with
    crop marks is the slug) and appends the blank pages the profile's page count asks for: they
    share the content of a blank page of the book (its crop marks, if any), or have none."""

    def __init__(self, geometry: print_profiles.Geometry, extra_pages: int, blank_page: int | None = None):
        self.geometry, self.extra_pages, self.blank_page = geometry, extra_pages, blank_page

    def __call__(self, document, pdf) -> None:
        pages = [pdf.objects[number] for number in pdf.pages["Kids"][::3]]
        for index, page in enumerate(pages):
            page["BleedBox"] = self.bleed_box(index, page["TrimBox"])
        content = None
        for index in range(len(pages), len(pages) + self.extra_pages):
            like = pages[-1] if (len(pages) - 1 - index) % 2 == 0 or len(pages) < 2 else pages[-2]  # same side
            if self.blank_page is not None and pages[self.blank_page]["MediaBox"] == like["MediaBox"]:
                contents = pages[self.blank_page]["Contents"]
            else:
                if content is None:
                    content = pydyf.Stream([], compress=True)
                    pdf.add_object(content)
                contents = content.reference
            blank = pydyf.Dictionary({
                "Type": "/Page", "Parent": pdf.pages.reference, "Contents": contents,
                "Resources": like["Resources"], "MediaBox": like["MediaBox"], "TrimBox": like["TrimBox"],
                "BleedBox": like["BleedBox"],
            })
            if "Tabs" in like:
                blank["Tabs"] = like["Tabs"]
            pdf.add_page(blank)

    def bleed_box(self, index: int, trim) -> pydyf.Array:
        """The trim box grown by the bleed: top, foot and outer edge (and spine edge if all sides);
        index 0 is a recto, its outer edge on the right."""
        g = self.geometry
        outer, inner, edge = (72 * value for value in (g.bleed_outer, g.bleed_inner, g.bleed_edge))
        left, right = (inner, outer) if index % 2 == 0 else (outer, inner)
        x1, y1, x2, y2 = trim
        return pydyf.Array([x1 - left, y1 - edge, x2 + right, y2 + edge])


def write_pdf(book: Book, out_dir: Path, timestamp: dt.datetime) -> Path:
    result = print_layout(book, timestamp)
    remember(book, timestamp, result)
    if result.pages < result.profile.min_pages:
        book.warnings.append(Finding(book.meta.source, book.meta.line_of("print"), 1, "l-page-count",
                                     f"{result.profile.label} needs at least {result.profile.min_pages} "
                                     f"pages; this book has {result.pages}", severity="warning"))
    book.warnings.extend(low_resolution(walk(book, result.document)))  # rasters below 300 dpi
    pdf = pdf_bytes(book, result)
    target = out_dir / f"{book.slug}.pdf"
    write_atomically({target: pdf})
    return target


_LAST: list = []  # the last layout (book, timestamp, PrintLayout), so the cover need not lay out again


def remember(book: Book, timestamp: dt.datetime, result: PrintLayout) -> None:
    _LAST[:] = [(book, timestamp, result)]


def final_layout(book: Book, timestamp: dt.datetime) -> PrintLayout:
    """The book's layout, reused when this process has just laid the same book out."""
    if _LAST and _LAST[0][0] is book and _LAST[0][1] == timestamp:
        return _LAST[0][2]
    result = print_layout(book, timestamp)
    remember(book, timestamp, result)
    return result
