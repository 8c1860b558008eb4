"""A book's own look over the theme: the stylesheets each edition loads after the theme's.

First the stylesheet made from what book.yaml asks (``mainfont`` and its files, ``print.font-size``:
``theme/templates/styles/book.css``), then the book's ``styles/custom.css``, so that a book can
change one rule without copying a theme file (a file of the theme's name replaces it whole).

The book's own stylesheets are read with the manuscript (``check_stylesheets``), so that one that
cannot be read, that loads a file from the network or from outside the book's folders, or whose
braces do not match, stops the build at its line before any edition is written (``x-stylesheet``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pressroom.book import Book
from pressroom.errors import BookError
from pressroom.findings import Diagnostics
from pressroom.resources import REMOTE, read_text
from pressroom.templating import environment

GENERATED = "book.css"  # the name of the generated stylesheet in an edition (the EPUB's styles/book.css)
CUSTOM = "custom.css"
# What a stylesheet loads: @import "x.css", @import url(x.css), url(fonts/x.woff2) …
CSS_REFERENCE = re.compile(r"""@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)|url\(\s*['"]?([^'")\s]+)""", re.IGNORECASE)


# What holds braces that are not the stylesheet's own: comments and quoted strings.
CSS_QUOTED = re.compile(r"""/\*.*?(?:\*/|\Z)|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'""", re.DOTALL)


@dataclass(frozen=True)
class Sheet:
    """A stylesheet as an edition loads it."""

    name: str  # its file name (in the EPUB: styles/<name>)
    text: str
    base: Path  # the folder its url()s are relative to


def theme_sheet(book: Book, name: str) -> Sheet:
    """A theme stylesheet, the book's own file of that name first."""
    path = book.folders.theme_file(name)
    return Sheet(name, read_text(path), path.parent)


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
        sheets.append(Sheet(CUSTOM, read_text(custom), styles))
    return sheets


def check_stylesheets(book: Book, diagnostics: Diagnostics) -> None:
    """Read the book's own stylesheets (``styles/*.css``) and report, at its line, each file one
    loads that no edition may: from the network, by a file: URL, or from outside the book's folders
    (a build never fetches them; the ebook would carry the reference)."""
    styles = book.folders.styles_dir
    for path in sorted(styles.glob("*.css")) if styles.is_dir() else []:
        try:
            text = read_text(path)
        except BookError as error:
            diagnostics.problem(error, "x-stylesheet")
            continue
        for number, message in unbalanced_braces(text):
            diagnostics.error("x-stylesheet", message, path, number)
        for number, line in enumerate(text.split("\n"), start=1):
            for match in CSS_REFERENCE.finditer(line):
                reference = match[1] or match[2]
                problem = refused_reference(book, path, reference)
                if problem:
                    diagnostics.error("x-stylesheet", f"{problem}: {reference}", path, number)


def unbalanced_braces(text: str) -> list[tuple[int, str]]:
    """A '}' that closes nothing and a '{' never closed, by line: browsers recover from them, but
    EPUBCheck refuses the ebook (CSS-008), and the rules after one are not what they seem."""
    plain = CSS_QUOTED.sub(lambda match: "\n" * match[0].count("\n"), text)
    problems, open_at, line = [], [], 1
    for character in plain:
        if character == "\n":
            line += 1
        elif character == "{":
            open_at.append(line)
        elif character == "}":
            if open_at:
                open_at.pop()
            else:
                problems.append((line, "stylesheet has a '}' that closes no '{'"))
    problems += [(number, "stylesheet has a '{' that is never closed") for number in open_at]
    return sorted(problems)


def refused_reference(book: Book, sheet: Path, reference: str) -> str | None:
    if reference.startswith(("#", "data:")):
        return None
    if reference.lower().startswith("file:"):
        return "stylesheet loads a file: URL (name the file by its path in the book)"
    if REMOTE.match(reference):
        return "stylesheet loads a remote resource (builds never use the network)"
    if not book.folders.is_allowed(sheet.parent / reference.split("?")[0].split("#")[0]):
        return "stylesheet loads a file outside the book's folders"
    return None
