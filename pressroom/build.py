"""Build editions: read the manuscript once, resolve it, hand it to each writer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pressroom.book import Book
from pressroom.cover import write_cover
from pressroom.epub import write_epub
from pressroom.html import write_html
from pressroom.manuscript import load_book
from pressroom.output import source_date_epoch
from pressroom.pdf import write_pdf
from pressroom.resolve import resolve

WRITERS = {"epub": write_epub, "pdf": write_pdf, "html": write_html, "cover": write_cover}
EDITIONS = ("epub", "pdf")  # what "all" builds, besides nothing else; html is on request


def read(manuscript: Path) -> Book:
    return resolve(load_book(manuscript))


def build_timestamp(book: Book) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set; else the newest manuscript file, so rebuilds are identical."""
    epoch = source_date_epoch()
    if epoch is None:
        files = [book.meta.source, *(c.file for c in book.chapters), *book.assets]
        epoch = int(max(f.stat().st_mtime for f in files))
    return dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc).replace(tzinfo=None)


def build(manuscript: Path, out_dir: Path, editions: tuple[str, ...],
          progress: Callable[[str], None] = lambda step: None,
          warn: Callable = lambda finding: None) -> list[Path]:
    progress("reading the manuscript")
    book = read(manuscript)
    for finding in book.warnings:
        warn(finding)
    timestamp = build_timestamp(book)
    outputs = []
    for edition in editions:
        progress(f"writing the {edition.upper()}")
        writer = WRITERS[edition]
        if edition == "html":
            outputs.append(writer(book, out_dir))
        else:
            outputs.append(writer(book, out_dir, timestamp))
    return outputs
