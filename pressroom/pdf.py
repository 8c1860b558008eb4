"""The print edition: the whole book as one HTML document laid out by WeasyPrint.

Page geometry, running heads and folios are CSS (styles/print.css); this module renders the
template, lays it out with fonts and files only from the book's folders, and writes the PDF.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from markupsafe import Markup

from pressroom.book import Book
from pressroom.html import chapter_html
from pressroom.index import page_locators, render_index
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


def print_html(book: Book, timestamp: dt.datetime, index_pages: dict | None = None) -> str:
    """The book as one HTML document. The index shows index_pages (mark id → (page, folio)) when
    known, and target-counter page numbers in the first layout pass."""
    image_paths = {name: path for path, name in book.assets.items()}
    env = environment(book)
    chapters = []
    for chapter in book.chapters:
        title, body = chapter_html(chapter, xhtml=False, notes="inline",
                                   src=lambda name: image_paths[name].as_uri())
        if chapter.generated == "index":
            body = Markup(render_index(book, env, index_locators(index_pages)))
        chapters.append((chapter, title, body))
    return env.get_template("print/book.html").render(
        chapters=chapters, trim=book.meta.trim, timestamp=timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"))


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
    """The laid-out document (WeasyPrint's pages and boxes), for writing and for layout checks.

    With an index, a first pass finds the page of every index mark; the second sets the index
    with those pages, ranges collapsed (the index stands after the text it points to)."""
    document = render(book, print_html(book, timestamp))
    if book.index:
        document = render(book, print_html(book, timestamp, anchor_pages(book, document)))
    return document


def write_pdf(book: Book, out_dir: Path, timestamp: dt.datetime) -> Path:
    pdf = layout(book, timestamp).write_pdf()
    target = out_dir / f"{book.slug}.pdf"
    write_atomically({target: pdf})
    return target
