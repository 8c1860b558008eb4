"""The book's images: every <img> resolved through the book's folders and named inside the book."""

from __future__ import annotations

from pathlib import Path

from pressroom.book import Book, line_of
from pressroom.errors import BookError
from pressroom.findings import Diagnostics


def collect_images(book: Book, diagnostics: Diagnostics) -> None:
    """Resolve every image through the book's folders and give it a name inside the book."""
    for chapter in book.chapters:
        for image in chapter.body.iter("img"):
            try:
                path = book.folders.resolve(image.get("src", ""), chapter.file.parent, chapter.file, line_of(image))
            except BookError as error:
                diagnostics.problem(error, "f-missing-image")
                continue
            name = book.assets.setdefault(path, unique_asset_name(book, path))
            image.set("src", name)


def unique_asset_name(book: Book, path: Path) -> str:
    taken = set(book.assets.values())
    name, stem, number = f"images/{path.name}", path.stem, 2
    while name in taken:
        name, number = f"images/{stem}-{number}{path.suffix}", number + 1
    return name
