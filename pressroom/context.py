"""The build context: what every stage of one build shares, passed explicitly (no module globals);
the build date it carries (``build_timestamp``)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pressroom.findings import Diagnostics
from pressroom.output import source_date_epoch

if TYPE_CHECKING:
    from pressroom.book import Book


def default_jobs() -> int:
    return os.cpu_count() or 1


def build_timestamp(book: Book) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set; else the newest manuscript file, so rebuilds are identical.
    Here, not in pressroom.build, so ``check`` gets it without importing the writers (WeasyPrint)."""
    epoch = source_date_epoch()
    if epoch is None:
        files = [book.meta.source, *(source.path for source in book.sources), *book.assets]
        epoch = int(max(f.stat().st_mtime for f in files))
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).replace(tzinfo=None)


@dataclass
class BuildContext:
    out_dir: Path
    timestamp: dt.datetime  # the build date written into the editions (SOURCE_DATE_EPOCH)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    jobs: int = field(default_factory=default_jobs)
    # Laid-out print editions of this build, by what they were laid out from, so the cover, the
    # layout checks and the proof reuse the PDF writer's layout instead of laying out again.
    layouts: dict = field(default_factory=dict)
    progress: Callable[[str], None] = lambda step: None
    # Where the print edition's pages begin (print/pagestarts.py), when this build lays it out:
    # the EPUB carries them as page-break markers and a page-list. None: not laid out.
    page_starts: list | None = None
