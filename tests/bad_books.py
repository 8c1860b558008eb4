"""Small books written to hold one bad input each, built in-process by the command line.

``BadBook`` writes ``manuscript/book.yaml`` (title "Bad Input", contents ``01.md``), the chapter and
whatever a case needs into a folder of its own, with ``build/`` holding the outputs of an earlier
build; ``run`` calls ``make_book.py COMMAND -m manuscript -o build -q`` there (paths in messages are
relative to it, as an author sees them). While a case runs the network is cut off: a build that
tried to open a connection would fail the test (``NetworkUsed`` is no Exception, so no ``except``
in Pressroom hides it).
"""

from __future__ import annotations

import socket
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pressroom import cli

SLUG = "bad-input"
BOOK_YAML = "title: Bad Input\nlang: en\ncontents:\n  - 01.md\n"
PREVIOUS = b"the previous build"
OUTPUTS = (f"{SLUG}.epub", f"{SLUG}.pdf")


class NetworkUsed(BaseException):
    """A build tried to open a network connection."""


def cut_off_network(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise NetworkUsed(f"a build tried to use the network: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@dataclass
class Outcome:
    status: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.err.splitlines()


class BadBook:
    def __init__(self, root: Path, capsys):
        self.root, self.capsys = root, capsys
        self.manuscript, self.images, self.build = root / "manuscript", root / "images", root / "build"
        for folder in (self.manuscript, self.images, self.build):
            folder.mkdir(parents=True)
        self.write("manuscript/book.yaml", BOOK_YAML)
        for name in OUTPUTS:
            (self.build / name).write_bytes(PREVIOUS)

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def chapter(self, body: str, name: str = "01.md") -> Path:
        """A chapter: '# One', a blank line, then ``body`` from line 3."""
        return self.write(f"manuscript/{name}", f"# One\n\n{body}\n")

    def run(self, command: str = "epub", *options: str) -> Outcome:
        self.capsys.readouterr()
        where = [] if command == "check" else ["-o", "build", "-j", "1"]
        status = cli.main([command, "-m", "manuscript", *where, "-q", *options])
        captured = self.capsys.readouterr()
        return Outcome(status, captured.out, captured.err)

    def untouched(self) -> bool:
        """The previous outputs byte for byte, and nothing new beside them."""
        return sorted(p.name for p in self.build.iterdir()) == sorted(OUTPUTS) and all(
            (self.build / name).read_bytes() == PREVIOUS for name in OUTPUTS
        )

    def epub_pages(self) -> str:
        """Every XHTML page of the EPUB that was built, one after another."""
        with zipfile.ZipFile(self.build / f"{SLUG}.epub") as epub:
            return "".join(epub.read(n).decode("utf-8") for n in epub.namelist() if n.endswith(".xhtml"))

    def epub_names(self) -> list[str]:
        with zipfile.ZipFile(self.build / f"{SLUG}.epub") as epub:
            return epub.namelist()


def fails(outcome: Outcome, book: BadBook, *lines: str) -> None:
    """A fatal problem: exit status 2, exactly these lines (``file:line: message``) on stderr, no
    traceback, the previous outputs untouched."""
    assert "Traceback" not in outcome.err, outcome.err
    assert outcome.lines == list(lines), outcome.err
    assert outcome.status == 2
    assert book.untouched()


def builds(outcome: Outcome, book: BadBook, *warnings: str, edition: str = "epub") -> None:
    """A problem the build survives: exit status 0, exactly these warnings, the edition written."""
    assert "Traceback" not in outcome.err, outcome.err
    assert outcome.lines == list(warnings), outcome.err
    assert outcome.status == 0
    assert (book.build / f"{SLUG}.{edition}").read_bytes() != PREVIOUS


def bad_book(tmp_path, monkeypatch, capsys) -> BadBook:
    """The book of one case (each test module's ``book`` fixture), the network cut off."""
    made = BadBook(tmp_path / "book", capsys)
    made.chapter("Text.")
    monkeypatch.chdir(made.root)
    cut_off_network(monkeypatch)
    return made
