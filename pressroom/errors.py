"""The one exception type for problems the author can fix."""

from __future__ import annotations

from pathlib import Path


class BookError(Exception):
    """A fixable problem in the manuscript, reported as ``file:line: message``."""

    def __init__(self, message: str, file: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.file is None:
            return self.message
        return f"{display_path(self.file)}:{self.line or 1}: {self.message}"


def display_path(file: str) -> str:
    """A path relative to the working folder when it lies inside it, as compilers print them."""
    path = Path(file)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
