"""Jinja2 over the theme: the book's styles/templates first, then Pressroom's defaults."""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from pressroom.book import Book
from pressroom.phrases import em_width, phrased

TITLE_FACE = "fonts/GentiumBookPlus-Regular.ttf"  # the face fonts.css gives the title page


def environment(book: Book, autoescape: bool = True, xhtml: bool = False) -> jinja2.Environment:
    """``xhtml``: the EPUB's pages, where ``epub_type("index-entry")`` writes the epub:type
    attribute (elsewhere nothing: it is not HTML)."""
    loader = jinja2.FileSystemLoader([str(d / "templates") for d in book.folders.theme_dirs])
    env = jinja2.Environment(
        loader=loader,
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        book=book,
        meta=book.meta,
        words=book.words,
        epub_type=lambda value: Markup(' epub:type="%s"') % value if xhtml else "",
    )
    # A title set large: broken only at phrase boundaries (pressroom/phrases.py); given a measure
    # (in em of its size), into balanced lines as the theme's book face sets them.
    glue, bound = book.words.get("no-break-after", ()), book.words.get("no-break-before", ())
    face = book.folders.theme_file(TITLE_FACE)
    env.filters["phrased"] = lambda text, measure=0.0: phrased(
        text, glue, em_width(face) if measure else None, measure, bound
    )
    return env
