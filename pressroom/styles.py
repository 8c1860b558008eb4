"""A book's own look over the theme: the stylesheets each edition loads after the theme's.

First the stylesheet made from what book.yaml asks (``mainfont`` and its files, ``print.font-size``:
``theme/templates/styles/book.css``), then the book's ``styles/custom.css``, so that a book can
change one rule without copying a theme file (a file of the theme's name replaces it whole).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pressroom.book import Book
from pressroom.templating import environment

GENERATED = "book.css"  # the name of the generated stylesheet in an edition (the EPUB's styles/book.css)
CUSTOM = "custom.css"


@dataclass(frozen=True)
class Sheet:
    """A stylesheet as an edition loads it."""

    name: str  # its file name (in the EPUB: styles/<name>)
    text: str
    base: Path  # the folder its url()s are relative to


def theme_sheet(book: Book, name: str) -> Sheet:
    """A theme stylesheet, the book's own file of that name first."""
    path = book.folders.theme_file(name)
    return Sheet(name, path.read_text(encoding="utf-8"), path.parent)


def book_sheets(book: Book, edition: str) -> list[Sheet]:
    """The book's own stylesheets for ``edition`` (epub, print or html), in loading order.

    Font files go with the print edition, and with the EPUB when it embeds fonts; the one-page HTML
    has none beside it, so it names the family only (the reader's installed fonts)."""
    embed = edition == "print" or (edition == "epub" and book.meta.epub_fonts == "embed")
    generated = (
        environment(book, autoescape=False)
        .get_template(f"styles/{GENERATED}")
        .render(
            family=book.meta.mainfont,
            faces=book.fonts if embed else [],
            font_size=book.meta.font_size if edition == "print" else None,
        )
    )
    styles = book.folders.styles_dir
    sheets = [Sheet(GENERATED, generated.strip() + "\n", styles)] if generated.strip() else []
    custom = styles / CUSTOM
    if custom.is_file():
        sheets.append(Sheet(CUSTOM, custom.read_text(encoding="utf-8"), styles))
    return sheets
