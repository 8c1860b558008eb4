"""Build editions: read the manuscript once, resolve it, hand it to each writer.

Writers are siblings behind one protocol (as Sphinx's builders are): each takes the resolved Book
and the BuildContext and returns the path it wrote; its problems go to ``context.diagnostics``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from pressroom.book import Book
from pressroom.context import BuildContext, build_timestamp, default_jobs
from pressroom.epub import write_epub
from pressroom.findings import Diagnostics
from pressroom.html import write_html
from pressroom.lock import output_lock
from pressroom.manuscript import load_book
from pressroom.output import all_or_nothing
from pressroom.print.cover import write_cover
from pressroom.print.layout import laid_out
from pressroom.print.pagestarts import page_starts
from pressroom.print.writer import write_pdf
from pressroom.resolve import resolve


class Writer(Protocol):
    def __call__(self, book: Book, context: BuildContext) -> Path: ...


WRITERS: dict[str, Writer] = {"epub": write_epub, "pdf": write_pdf, "html": write_html, "cover": write_cover}
EDITIONS = ("epub", "pdf")  # what "all" builds; html and cover on request


def read(manuscript: Path, diagnostics: Diagnostics | None = None) -> Book:
    """The resolved Book; reading and resolving report every problem before the build stops."""
    diagnostics = diagnostics if diagnostics is not None else Diagnostics()
    book = load_book(manuscript, diagnostics)
    if book.chapters:  # resolve even after reading errors (as check does), so one run lists them all
        resolve(book, diagnostics)
    diagnostics.stop_on_errors()
    return book


def build(
    manuscript: Path,
    out_dir: Path,
    editions: tuple[str, ...],
    progress: Callable[[str], None] = lambda step: None,
    diagnostics: Diagnostics | None = None,
    jobs: int | None = None,
) -> list[Path]:
    """Read, resolve and write the editions; raises BuildFailed listing every error.

    One build at a time writes to ``out_dir`` (another raises lock.FolderBusy), and its editions
    replace the previous ones together, only when all of them were written."""
    diagnostics = diagnostics if diagnostics is not None else Diagnostics()
    with output_lock(out_dir):
        progress("reading the manuscript")
        book = read(manuscript, diagnostics)
        context = BuildContext(
            out_dir=out_dir,
            timestamp=build_timestamp(book),
            diagnostics=diagnostics,
            jobs=jobs or default_jobs(),
            progress=progress,
        )
        with all_or_nothing():
            return write_editions(book, context, editions)


def write_editions(book: Book, context: BuildContext, editions: tuple[str, ...]) -> list[Path]:
    """Write the editions of a resolved Book; they share the context's layout cache, so the PDF,
    the cover and the layout checks of one context lay the book out once."""
    outputs = []
    if "epub" in editions and "pdf" in editions:  # the EPUB carries the print page numbers
        context.page_starts = page_starts(book, laid_out(book, context).document)
    for edition in editions:
        context.progress(f"writing the {edition.upper()}")
        outputs.append(WRITERS[edition](book, context))
    return outputs
