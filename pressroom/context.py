"""The build context: what every stage of one build shares, passed explicitly (no module globals)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pressroom.findings import Diagnostics


def default_jobs() -> int:
    return os.cpu_count() or 1


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
