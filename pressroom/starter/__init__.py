"""``make-book init``: a new book that builds at once, copied from the files in ``book/`` beside
this module (package data: book.yaml, two chapters with a note, a citation and a figure, a BibTeX
file and the figure's SVG)."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from pressroom.errors import BookError


def starter_files(folder: Traversable | None = None, prefix: str = "") -> list[tuple[str, Traversable]]:
    """Every file of the starter book as (path relative to the book folder, file), sorted."""
    folder = folder or files(__name__) / "book"
    found = []
    for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if entry.is_dir():
            found.extend(starter_files(entry, f"{prefix}{entry.name}/"))
        elif entry.is_file():
            found.append((f"{prefix}{entry.name}", entry))
    return found


def init_book(folder: Path) -> list[Path]:
    """Write the starter book into ``folder`` (``manuscript/``, ``images/``); returns the files
    written. Nothing is overwritten: a manuscript folder that holds anything, or any file already
    there, is a BookError and nothing is written."""
    folder = Path(folder)
    manuscript = folder / "manuscript"
    if manuscript.is_dir() and any(manuscript.iterdir()):
        raise BookError(f"{folder}: {manuscript} is not empty; nothing written")
    if manuscript.exists() and not manuscript.is_dir():
        raise BookError(f"{folder}: {manuscript} is not a folder; nothing written")
    targets = [(folder / name, source) for name, source in starter_files()]
    for target, _ in targets:
        if target.exists():
            raise BookError(f"{folder}: {target} already exists; nothing written")
    for target, source in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    return [target for target, _ in targets]
