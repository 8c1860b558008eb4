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

from pressroom.book import Book
from pressroom.html import chapter_html
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


def print_html(book: Book, timestamp: dt.datetime) -> str:
    image_paths = {name: path for path, name in book.assets.items()}
    chapters = []
    for chapter in book.chapters:
        title, body = chapter_html(chapter, xhtml=False, notes="inline",
                                   src=lambda name: image_paths[name].as_uri())
        chapters.append((chapter, title, body))
    return environment(book).get_template("print/book.html").render(
        chapters=chapters, trim=book.meta.trim, timestamp=timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"))


def layout(book: Book, timestamp: dt.datetime):
    """The laid-out document (WeasyPrint's pages and boxes), for writing and for layout checks."""
    fonts = FontConfiguration()
    fetch = BookFetcher(book)
    base = book.folders.theme_file("print.css").parent
    stylesheets = [CSS(filename=str(book.folders.theme_file(name)), font_config=fonts, url_fetcher=fetch)
                   for name in STYLESHEETS]
    document = HTML(string=print_html(book, timestamp), base_url=str(base) + "/", url_fetcher=fetch)
    return document.render(stylesheets=stylesheets, font_config=fonts)


def write_pdf(book: Book, out_dir: Path, timestamp: dt.datetime) -> Path:
    pdf = layout(book, timestamp).write_pdf()
    target = out_dir / f"{book.slug}.pdf"
    write_atomically({target: pdf})
    return target
