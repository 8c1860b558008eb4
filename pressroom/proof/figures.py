"""f- checks: image files, alt text, captions, unused files and print resolution.

Every image is looked up through the book's folders (pressroom.resources), as the build does, so
a missing, remote or outside file is reported at the line that names it, all of them in one run.

Print size: the default theme sets a figure at its natural size (96 CSS px to the inch) but no
wider than the text block (the trim width less 1.325in of margins) and no taller than 5.2in, or
at its ``width`` attribute (``width="50%"``, ``width="3in"``). A raster needs 300 pixels for each
inch it is printed at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from pressroom.errors import BookError
from pressroom.findings import Finding
from pressroom.proof import finding
from pressroom.proof.source import Manuscript, Unit

RASTER = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".bmp"}
IMAGES = RASTER | {".svg", ".avif"}
PRINT_DPI = 300
CSS_DPI = 96
SIDE_MARGINS = 0.625 + 0.7  # inches: styles/print.css
MAX_HEIGHT = 5.2  # inches: figure img { max-height } in styles/print.css
LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%|in|cm|mm|pt|px)?\s*$")
UNITS = {"in": 1.0, "cm": 1 / 2.54, "mm": 1 / 25.4, "pt": 1 / 72, "px": 1 / CSS_DPI, None: 1 / CSS_DPI}


def check(manuscript: Manuscript) -> Iterator[Finding]:
    used: set[Path] = set()
    text_width = manuscript.meta.trim[0] - SIDE_MARGINS
    for file in manuscript.files:
        for unit in file.units:
            cursor = (-1, -1)
            for image in unit.element.iter("img"):
                src = image.get("src", "")
                place = unit.find(src, cursor) if src else None
                cursor = place or cursor
                line, column = (place[0] + 1, place[1] + 1) if place else (unit.line, 1)
                try:
                    path = manuscript.folders.resolve(src, file.path.parent, file.path, line)
                except BookError as error:
                    yield finding("f-missing-image", file.path, line, column, error.message)
                    continue
                used.add(path)
                yield from alt_text(unit, image, line, column)
                yield from resolution(path, image, text_width, file.path, line, column)
            for figure in unit.element.iter("figure"):
                caption = figure.find_class("caption-text")
                if not caption or not caption[0].text_content().strip():
                    place = unit.find("![")
                    line, column = (place[0] + 1, place[1] + 1) if place else (unit.line, 1)
                    yield finding("f-no-caption", file.path, line, column,
                                  "figure without a caption: write it between ![ and ]")
    yield from cover(manuscript, used)
    yield from unused(manuscript, used)


def alt_text(unit: Unit, image, line: int, column: int) -> Iterator[Finding]:
    if image.get("data-alt-missing"):
        yield finding("f-no-alt", unit.file.path, line, column,
                      'figure without alt text: add alt="…" (what the image shows) to its attributes')
        return
    alt = image.get("alt")
    if alt is None or (not alt.strip() and not re.search(r"alt\s*=\s*(\"\"|'')", unit.file.lines[line - 1])):
        yield finding("f-no-alt", unit.file.path, line, column,
                      "image without alt text: describe it in ![…] (or alt=\"\" if it is decoration)")


def resolution(path: Path, image, text_width: float, file: Path, line: int, column: int) -> Iterator[Finding]:
    if path.suffix.lower() not in RASTER:
        return
    try:
        from PIL import Image

        with Image.open(path) as opened:
            width, height = opened.size
    except Exception:  # noqa: BLE001 - an unreadable image is the build's to report
        return
    printed = print_width(image.get("width"), width, height, text_width)
    if printed <= 0:
        return
    dpi = width / printed
    if dpi < PRINT_DPI:
        yield finding("f-low-resolution", file, line, column,
                      f"{path.name} is {width}×{height} px: about {dpi:.0f} dpi at its print width of "
                      f"{printed:.2f} in ({PRINT_DPI} dpi needs {round(printed * PRINT_DPI)} px)")


def print_width(attribute: str | None, width: int, height: int, text_width: float) -> float:
    """The width in inches the print edition gives an image."""
    match = LENGTH.match(attribute or "")
    if match:
        value, unit = float(match[1]), match[2]
        printed = text_width * value / 100 if unit == "%" else value * UNITS[unit]
    else:
        printed = width / CSS_DPI
    printed = min(printed, text_width)
    if width and height and printed * height / width > MAX_HEIGHT:
        printed = MAX_HEIGHT * width / height
    return printed


def cover(manuscript: Manuscript, used: set[Path]) -> Iterator[Finding]:
    meta = manuscript.meta
    if not meta.cover_image:
        return
    line = meta.line_of("cover-image")
    try:
        used.add(manuscript.folders.resolve(meta.cover_image, manuscript.folder, meta.source, line))
    except BookError as error:
        yield finding("f-missing-image", meta.source, line, 1, f"cover image: {error.message}")


def unused(manuscript: Manuscript, used: set[Path]) -> Iterator[Finding]:
    """Image files in images/ (beside the manuscript folder, or inside it) the book never shows."""
    folders = {manuscript.images_dir, (manuscript.folder / "images").resolve()}
    for folder in sorted(folders):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix.lower() in IMAGES and path.resolve() not in used:
                yield finding("f-unused-image", path, 1, 1, "image file not shown anywhere in the book")
