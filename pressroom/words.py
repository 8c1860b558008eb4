"""The words generated text uses (Figure, chapter, Contents …), by the book's language."""

from __future__ import annotations

from pathlib import Path

from pressroom.metadata import parse_yaml
from pressroom.resources import BookFolders, read_text


def load_words(folders: BookFolders, lang: str, overrides: dict | None = None) -> dict:
    """English as the base, the book's language over it, the book's own words (its styles/words
    and book.yaml's ``words``) over both."""
    words: dict = {}
    primary = lang.split("-")[0].lower()
    for base in reversed(folders.theme_dirs):
        for name in ("en", primary):
            path: Path = base / "words" / f"{name}.yaml"
            if path.is_file():  # a book's own words/<lang>.yaml: invalid YAML is a BookError at its line
                words.update(parse_yaml(read_text(path), path)[0])
    words.update(overrides or {})
    return words
