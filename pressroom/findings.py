"""A finding: one problem a check or the layout found, pointing at file:line (and page).

Codes follow Standard Ebooks' ``se lint`` families: t- typography, s- spelling, c- consistency,
r- references, f- figures, x- structure, l- layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Finding:
    file: Path
    line: int
    column: int
    code: str
    message: str
    severity: str = "error"  # "error" or "warning"
    page: int | None = field(default=None, compare=False)
    context: str = field(default="", compare=False)  # the sentence or line it is in

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.code} {self.message}"
