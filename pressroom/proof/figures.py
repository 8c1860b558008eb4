"""f- checks on the Book: alt text, captions and image files the book never shows.

A missing, remote or outside image is the reader's to report (``f-missing-image``, from
pressroom.manuscript), and a raster too small for print the layout checks' (``l-low-resolution``,
pressroom.print.checks, at the size the layout gives it).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from pressroom.findings import Finding
from pressroom.proof import finding
from pressroom.proof.units import BookText, Unit

IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".bmp", ".svg", ".avif"}
EMPTY_ALT = re.compile(r"alt\s*=\s*(\"\"|'')")


def check(text: BookText) -> Iterator[Finding]:
    book = text.book
    files = {name: path for path, name in book.assets.items()}
    for unit in text.units:
        if unit.kind == "note":
            continue
        cursor = 0
        for image in unit.element.iter("img"):
            line, column, cursor = image_place(unit, files.get(image.get("src", "")), cursor)
            yield from alt_text(unit, image, line, column)
        for figure in unit.element.iter("figure"):
            if not captioned(figure):
                line, column = unit.find("![") or (unit.line, 1)
                yield finding(
                    "f-no-caption", unit.file, line, column, "figure without a caption: write it between ![ and ]"
                )
    yield from unused(text)


def captioned(figure) -> bool:
    """A caption with words: the Markdown figure's, or a raw ``<figure>``'s ``<figcaption>``."""
    captions = figure.find_class("caption-text") or list(figure.iter("figcaption"))
    return any(caption.text_content().strip() for caption in captions)


def image_place(unit: Unit, path: Path | None, cursor: int) -> tuple[int, int, int]:
    """Where an image is named in the unit's source: its path as written from the chapter's
    folder, else its file name; and where to look for the next image."""
    if path is not None:
        for needle in (os.path.relpath(path, unit.file.parent), path.name):
            offset = unit.raw.find(needle, cursor)
            if offset >= 0:
                return (*unit.position(offset), offset + 1)
    return unit.line, 1, cursor


def alt_text(unit: Unit, image, line: int, column: int) -> Iterator[Finding]:
    if image.get("data-alt-missing"):
        yield finding(
            "f-no-alt",
            unit.file,
            line,
            column,
            'figure without alt text: add alt="…" (what the image shows) to its attributes',
        )
        return
    alt = image.get("alt")
    if alt is None or (not alt.strip() and not EMPTY_ALT.search(unit.raw)):
        yield finding(
            "f-no-alt",
            unit.file,
            line,
            column,
            'image without alt text: describe it in ![…] (or alt="" if it is decoration)',
        )


def unused(text: BookText) -> Iterator[Finding]:
    """Image files in images/ (beside the manuscript folder, or inside it) the book never shows."""
    book = text.book
    used = {path.resolve() for path in book.assets}
    if book.cover is not None:
        used.add(Path(book.cover).resolve())
    folder = book.folders.manuscript_dir.resolve()
    for images in sorted({folder.parent / "images", folder / "images"}):
        if not images.is_dir():
            continue
        for path in sorted(images.rglob("*")):
            if path.is_file() and path.suffix.lower() in IMAGES and path.resolve() not in used:
                yield finding("f-unused-image", path, 1, 1, "image file not shown anywhere in the book")
