"""The one resolver through which every file the book embeds is found.

It refuses remote URLs and anything outside the book's folders, so a build never touches the
network and never embeds a file it was not meant to.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pressroom.errors import BookError

DEFAULT_THEME = Path(__file__).resolve().parent / "theme"  # package data: CSS, templates, fonts, words
REMOTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
# What XML 1.0, and so every edition, cannot hold: control characters but tab and line ends, U+FFFE, U+FFFF.
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def not_text_message(character: str, where: str = "") -> str:
    kind = "control character" if ord(character) < 0x20 else "character"  # or a noncharacter, U+FFFE
    return f"{kind} U+{ord(character):04X}{where} (not text, and no edition can hold it): remove it"


def read_text(file: Path, cited_in: Path | str | None = None, line: int | None = None) -> str:
    """A text file of the book (Markdown, book.yaml, a stylesheet): UTF-8, a byte-order mark
    dropped, CRLF and CR line ends read as LF. A file that cannot be read is a BookError at the
    line that names it (``cited_in``); one that is not UTF-8, at the line of its first bad byte;
    one with a control character (NOT_TEXT), at its line."""
    cited_in = file if cited_in is None else cited_in
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise BookError(f"file not found: {file.name}", cited_in, line) from None
    except IsADirectoryError:
        raise BookError(f"{file.name} is a folder, not a file", cited_in, line) from None
    except PermissionError:
        raise BookError(f"file cannot be read (permission denied): {file.name}", cited_in, line) from None
    except OSError as error:
        raise BookError(f"file cannot be read ({error.strerror or error}): {file.name}", cited_in, line) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start]
        raise BookError(
            f"file is not UTF-8 text (byte 0x{bad:02x} on this line): save it as UTF-8",
            file,
            data[: error.start].count(b"\n") + 1,
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if found := NOT_TEXT.search(text):
        raise BookError(not_text_message(found[0]), file, text.count("\n", 0, found.start()) + 1)
    return text


def styles_folder(metadata_file: Path, folder: Path) -> Path:
    """The book's own ``styles/`` folder (which may not exist), found by one rule and never further up.

    A single Markdown file: ``styles/`` beside it. A folder with ``book.yaml``: ``styles/`` inside
    it; or, when the folder is named ``manuscript`` and has no ``styles/`` of its own, the one
    beside it (the project layout ``manuscript/ images/ styles/``).
    """
    own = folder / "styles"
    if metadata_file.suffix in {".yaml", ".yml"} and folder.name == "manuscript" and not own.is_dir():
        return folder.parent / "styles"
    return own


class BookFolders:
    """The folders a book may read from.

    The manuscript's own folder, the ``images/`` folder beside it (the project layout
    ``manuscript/ images/ styles/``), and the theme: the book's ``styles/`` folder
    (``styles_folder``) first, then Pressroom's default styles.
    """

    def __init__(self, manuscript_dir: Path, styles_dir: Path, theme: Path = DEFAULT_THEME):
        self.manuscript_dir = manuscript_dir.resolve()
        self.content_dirs = [self.manuscript_dir, self.manuscript_dir.parent / "images"]
        self.styles_dir = styles_dir.resolve()
        self.theme_dirs = [self.styles_dir, theme.resolve()]

    @property
    def allowed(self) -> list[Path]:
        return [*self.content_dirs, *self.theme_dirs]

    def is_allowed(self, path: Path) -> bool:
        path = path.resolve()
        return any(path == base or base in path.parents for base in self.allowed)

    def resolve(self, reference: str, relative_to: Path, file: Path | str, line: int | None) -> Path:
        """Find the file a manuscript reference names, or raise a BookError at file:line."""
        if reference.lower().startswith("file:"):
            raise BookError(f"file: URL not allowed (name the file by its path in the book): {reference}", file, line)
        if REMOTE.match(reference):
            raise BookError(f"remote resource not allowed (builds never use the network): {reference}", file, line)
        if not reference.strip():
            raise BookError("no file named (the reference is empty)", file, line)
        named = relative_to / unquote(urlsplit(reference).path)
        path = named.resolve()
        if not self.is_allowed(path):
            if self.is_allowed(named.parent) and named.is_symlink():
                raise BookError(f"file outside the book's folders: {reference} (a link to {path})", file, line)
            raise BookError(f"file outside the book's folders: {reference}", file, line)
        if path.is_dir():
            raise BookError(f"a folder, not a file: {reference}", file, line)
        if not path.is_file():
            raise BookError(f"file not found: {reference}", file, line)
        return path

    def theme_file(self, name: str) -> Path:
        """A stylesheet, template or font: the book's own styles/ first, then the default theme."""
        for base in self.theme_dirs:
            candidate = base / name
            if candidate.is_file():
                return candidate
        raise BookError(f"theme file not found: {name}")
