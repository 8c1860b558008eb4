"""The command as a user meets it: help, outputs, and one clear line for every bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "make_book.py"), *args], cwd=cwd,
                          capture_output=True, text=True)


def test_help_explains_every_option():
    result = run("--help")
    assert result.returncode == 0
    for option in ("all", "epub", "pdf", "html", "--manuscript", "--out", "--quiet", "SOURCE_DATE_EPOCH"):
        assert option in result.stdout


def test_html_edition_is_one_page_with_its_images(book_copy, tmp_path):
    result = run("html", "--manuscript", str(book_copy / "manuscript"), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "a-small-test-book.html").read_text()
    assert "The First Chapter" in page and "The Second Chapter" in page
    assert 'src="a-small-test-book-images/chart.svg"' in page
    assert (tmp_path / "a-small-test-book-images" / "chart.svg").is_file()


def break_book(book: Path, file: str, old: str, new: str) -> None:
    path = book / "manuscript" / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


BAD_INPUTS = {
    "missing chapter file": ("book.yaml", "  - 02-second.md", "  - 02-missing.md",
                             "book.yaml:26: chapter file not found: 02-missing.md"),
    "missing image": ("01-first.md", "../images/chart.svg", "../images/nothing.svg",
                      "01-first.md:12: file not found: ../images/nothing.svg"),
    "invalid YAML": ("book.yaml", "lang: en", "lang: [en", "book.yaml:"),
    "unknown metadata key": ("book.yaml", "lang: en", "lang: en\nlanguage: en",
                             "book.yaml:8: unknown metadata key 'language'"),
    "image outside the book's folders": ("01-first.md", "../images/chart.svg", "../../../../../etc/hosts",
                                         "01-first.md:12: file outside the book's folders"),
    "remote URL": ("01-first.md", "../images/chart.svg", "https://example.com/chart.svg",
                   "01-first.md:12: remote resource not allowed"),
    "unknown cross-reference": ("02-second.md", "@tbl:numbers shows", "@tbl:nothing shows",
                                "02-second.md:14: unknown cross-reference label '@tbl:nothing'"),
    "unknown trim size": ("book.yaml", "trim: 6x9in", "trim: huge", "book.yaml:21: unknown trim size 'huge'"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_exit_two_and_outputs_untouched(case, book_copy, tmp_path):
    file, old, new, expected = BAD_INPUTS[case]
    break_book(book_copy, file, old, new)
    out = tmp_path / "build"
    out.mkdir()
    previous = out / "a-small-test-book.pdf"
    previous.write_bytes(b"the previous build")
    result = run("all", "--manuscript", str(book_copy / "manuscript"), "--out", str(out), cwd=book_copy)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("manuscript/") and expected in result.stderr, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a-small-test-book.pdf"]
    assert previous.read_bytes() == b"the previous build"


def test_missing_manuscript_is_reported():
    result = run("--manuscript", "no/such/folder")
    assert result.returncode == 2
    assert result.stderr.strip() == "no/such/folder:1: manuscript not found"


def test_an_uncited_bibliography_entry_is_a_warning_not_an_error(tmp_path):
    result = run("epub", "--manuscript", "tests/fixtures/apparatus/manuscript", "--out", str(tmp_path), "--quiet")
    assert result.returncode == 0
    assert result.stderr == ("tests/fixtures/apparatus/manuscript/references.bib:20: warning: "
                             "bibliography entry 'unused2001' is never cited\n")
