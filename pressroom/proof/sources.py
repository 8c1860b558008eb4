"""The source lines findings point at, and the ``check-ignore:`` markers in them.

Silencing (docs/checks.md): a marker in a comment, ``<!-- check-ignore: t-range-hyphen -->``,
at the end of a line silences those codes on that line; alone on a line, on the next line too
(``# check-ignore: …`` or ``% check-ignore: …`` in YAML and BibTeX files). The spelling check
reads the markers before it groups a word's places, the other checks after them.
"""

from __future__ import annotations

import re
from pathlib import Path

from pressroom.book import Book

MARKER = re.compile(r"check-ignore:\s*([a-z]-[a-z-]*[a-z](?:[\s,]+[a-z]-[a-z-]*[a-z])*)")
HTML_COMMENT_ONLY = re.compile(r"^\s*(?:<!--.*?-->\s*)*$")
COMMENT_ONLY = re.compile(r"^\s*(?:#|%|//)")  # YAML, BibTeX
MARKDOWN = {".md", ".markdown", ".txt"}
TEXT_FILES = MARKDOWN | {".yaml", ".yml", ".bib", ".json"}


class SourceLines:
    """The lines of the files findings point at: the Book's Markdown files as read, and the
    metadata and bibliography files read as text (never parsed here)."""

    def __init__(self, book: Book):
        self.lines: dict[Path, list[str]] = {source.path.resolve(): source.lines for source in book.sources}
        self._markers: dict[Path, dict[int, set[str]]] = {}

    def of(self, path: Path) -> list[str]:
        path = Path(path).resolve()
        if path not in self.lines:
            try:
                self.lines[path] = path.read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                self.lines[path] = []
        return self.lines[path]

    def markers(self, path: Path) -> dict[int, set[str]]:
        """Line → the codes silenced there (asked once per place a word stands: cached by the
        path as given, so that it is resolved once)."""
        if path not in self._markers:
            resolved = Path(path).resolve()
            if resolved not in self._markers:
                lines = self.of(resolved)
                self._markers[resolved] = read_markers(resolved, lines) if resolved.suffix in TEXT_FILES else {}
            self._markers[path] = self._markers[resolved]
        return self._markers[path]

    def silenced(self, path: Path, line: int, code: str) -> bool:
        return code in self.markers(path).get(line, ())


def read_markers(path: Path, lines: list[str]) -> dict[int, set[str]]:
    """Line number → codes silenced there by ``check-ignore:`` markers."""
    silenced: dict[int, set[str]] = {}
    for number, line in enumerate(lines, start=1):
        if "check-ignore" not in line:
            continue
        for match in MARKER.finditer(line):
            codes = set(re.split(r"[\s,]+", match[1].strip()))
            silenced.setdefault(number, set()).update(codes)
            alone = HTML_COMMENT_ONLY.match(line) or (path.suffix not in MARKDOWN and COMMENT_ONLY.match(line))
            if alone:
                silenced.setdefault(number + 1, set()).update(codes)
    return silenced
