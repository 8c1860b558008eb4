"""The print cover: one full-wrap spread sized from the trim, bleed, page count and paper."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from conftest import FIXTURES

from pressroom.build import build, build_timestamp, read
from pressroom.cli import human_size
from pressroom.findings import Diagnostics
from pressroom.print.cover import cover_pdf

PT = 72
ROOT = Path(__file__).parent.parent
BACK_COVER = """back-cover: |
  A small book about *building* books.

  It is printed on demand, and its cover "wraps" round it.
"""


def cover_book(target: Path, settings: str = "print: {profile: kdp, trim: 6x9in}") -> Path:
    shutil.copytree(FIXTURES / "folder-book", target)
    meta = target / "manuscript" / "book.yaml"
    text = meta.read_text(encoding="utf-8").replace("print:\n  trim: 6x9in", settings)
    meta.write_text(text + BACK_COVER, encoding="utf-8")
    return target / "manuscript"


@pytest.fixture(scope="module")
def book(tmp_path_factory, source_date_epoch):
    return read(cover_book(tmp_path_factory.mktemp("cover") / "book"), Diagnostics())


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "cover.pdf"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("pages, paper, thickness", [(200, "white", 0.002252), (320, "cream", 0.0025)])
def test_cover_is_two_panels_a_spine_and_the_bleed_wide(book, tmp_path, monkeypatch, pages, paper, thickness):
    monkeypatch.setattr(book.meta, "paper", paper)
    page = pypdf.PdfReader(write(tmp_path, cover_pdf(book, pages, build_timestamp(book)))).pages[0]
    spine = pages * thickness
    assert float(page.mediabox.width) == pytest.approx((2 * 6 + spine + 2 * 0.125) * PT, abs=0.01)
    assert float(page.mediabox.height) == pytest.approx((9 + 2 * 0.125) * PT, abs=0.01)
    assert [round(float(v), 2) for v in page.trimbox] == [0, 0, round((12 + spine) * PT, 2), 648]
    assert [round(float(v), 2) for v in page.bleedbox] == [round(float(v), 2) for v in page.mediabox]


def chars(path: Path) -> list[dict]:
    with pdfplumber.open(path) as document:
        return [c for c in document.pages[0].chars if c["text"].strip()]


def spine_chars(path: Path, spine: float) -> list[dict]:
    return [c for c in chars(path) if c["x0"] > 6 * PT and c["x1"] < (6 + spine) * PT]


def test_spine_text_only_where_kdp_allows_it(book, tmp_path):
    timestamp = build_timestamp(book)
    thin = write(tmp_path, cover_pdf(book, 79, timestamp))
    assert not spine_chars(thin, 79 * 0.002252)
    (tmp_path / "thick").mkdir()
    thick = write(tmp_path / "thick", cover_pdf(book, 80, timestamp))
    text = spine_chars(thick, 80 * 0.002252)
    assert text and all(not c["upright"] for c in text)  # set along the spine
    clearance = 0.0625 * PT  # and clear of the folds
    assert min(c["x0"] for c in text) >= 6 * PT + clearance - 0.5
    assert max(c["x1"] for c in text) <= (6 + 80 * 0.002252) * PT - clearance + 0.5


def test_front_title_back_text_and_a_clear_barcode_area(book, tmp_path):
    path = write(tmp_path, cover_pdf(book, 200, build_timestamp(book)))
    spine = 200 * 0.002252
    with pdfplumber.open(path) as document:
        page = document.pages[0]
        back = page.crop((page.bbox[0], page.bbox[1], 6 * PT, page.bbox[3])).extract_text()
        front = page.crop(((6 + spine) * PT, page.bbox[1], page.bbox[2], page.bbox[3])).extract_text()
        top = page.bbox[1]  # pdfplumber's tops start at the media box (the bleed)
        barcode = (
            (6 - 0.25 - 2) * PT,
            top + (0.125 + 9 - 0.25 - 1.2) * PT,
            (6 - 0.25) * PT,
            top + (0.125 + 9 - 0.25) * PT,
        )
        inside = [
            c
            for c in page.chars
            if c["x1"] > barcode[0] and c["x0"] < barcode[2] and c["bottom"] > barcode[1] and c["top"] < barcode[3]
        ]
        white = [
            r
            for r in page.rects
            if r["non_stroking_color"] in ((1, 1, 1), [1, 1, 1], (1,), 1)
            and abs(r["x0"] - barcode[0]) < 0.5
            and abs(r["x1"] - barcode[2]) < 0.5
        ]
    assert "Stalin" not in front and "A Small Test Book" in " ".join(front.split()) and "Being a Fixture" in front
    assert "ADA AUTHOR" in front
    assert "A small book about building books." in back and "its cover “wraps” round it." in back
    assert not inside and white


def test_cover_command_sizes_the_spine_from_the_laid_out_interior(tmp_path, source_date_epoch):
    manuscript = cover_book(tmp_path / "book", "print: {profile: kdp, trim: 5x8in, paper: cream}")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "make_book.py"),
            "cover",
            "--manuscript",
            str(manuscript),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    cover = tmp_path / "out" / "a-small-test-book-cover.pdf"
    assert result.stdout.strip() == f"wrote {cover} ({human_size(cover.stat().st_size)})"
    (interior,) = build(manuscript, tmp_path / "interior", ("pdf",))
    pages = len(pypdf.PdfReader(interior).pages)
    width = float(pypdf.PdfReader(cover).pages[0].mediabox.width)
    assert width == pytest.approx((2 * 5 + pages * 0.0025 + 2 * 0.125) * PT, abs=0.01)


def test_same_inputs_give_the_same_cover(book):
    timestamp = build_timestamp(book)
    assert cover_pdf(book, 120, timestamp) == cover_pdf(book, 120, timestamp)


def test_offset_cover_has_crop_marks_outside_the_bleed(tmp_path, source_date_epoch):
    book = read(cover_book(tmp_path / "book", "print: {profile: offset, trim: 6x9in}"), Diagnostics())
    path = write(tmp_path, cover_pdf(book, 160, build_timestamp(book)))
    page = pypdf.PdfReader(path).pages[0]
    assert [round(float(v), 2) for v in page.bleedbox][:2] == [-9, -9]
    assert [round(float(v), 2) for v in page.mediabox][:2] == [-27, -27]
    with pdfplumber.open(path) as document:
        assert len(document.pages[0].lines) == 8
