"""``make_book.py proof``: the proof PDF, the report and the changes since the previous proof.

One copy of the folder fixture with planted problems is proofed twice (module fixture): first
through the command line, then, after a word is changed, again into the same folder.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from conftest import FIXTURES

from pressroom.build import build
from pressroom.cli import main
from pressroom.proof.build import build_proof
from pressroom.proof.version import describe

ROOT = Path(__file__).parent.parent
SLUG = "a-small-test-book"
PLANTED = (
    "Paragraph 5. The committee met again in the spring, and the minutes record a long and careful\n"
    "argument about the order",
    "Paragraph 5. The committee met again in the spring, and the minutes record a long and careful\n"
    "argument about the years 1927-1953 and the order",
)
IN_A_NOTE = ("[^one]: The first note, with *emphasis*.", "[^one]: The first note, with *emphasis*, on the 1930's.")
EDIT = ("Paragraph 7. The committee met", "Paragraph 7. The board met")
OUTER = 0.7 * 72  # the outer margin (print.css)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def proofs(tmp_path_factory):
    root = tmp_path_factory.mktemp("proof")
    shutil.copytree(FIXTURES / "folder-book", root / "book")
    manuscript = root / "book" / "manuscript"
    replace(manuscript / "02-second.md", *PLANTED)
    replace(manuscript / "01-first.md", *IN_A_NOTE)
    out = root / "out"
    assert main(["proof", "--manuscript", str(manuscript), "--out", str(out), "--quiet"]) == 0
    folder = out / "proof"
    first = root / "first"
    shutil.copytree(folder, first)
    (printed,) = build(manuscript, root / "print", ("pdf",))
    replace(manuscript / "02-second.md", *EDIT)
    build_proof(manuscript, out)
    return {"first": first, "second": folder, "print": printed, "manuscript": manuscript}


def pdf_path(folder: Path) -> Path:
    return folder / f"{SLUG}-proof.pdf"


def report(folder: Path) -> dict:
    return json.loads((folder / "report.json").read_text(encoding="utf-8"))


def finding(folder: Path, code: str) -> dict:
    found = [f for chapter in report(folder)["chapters"] for f in chapter["findings"] if f["code"] == code]
    assert len(found) == 1, found
    return found[0]


def margin_words(page, recto: bool) -> list[dict]:
    """Words in the outer margin (small type: line numbers, codes)."""
    edge = page.width - OUTER if recto else OUTER
    words = page.extract_words(x_tolerance=1.5, extra_attrs=["size"])
    return [
        w
        for w in words
        if w["size"] < 7 and (w["x0"] > edge if recto else w["x1"] < edge) and w["top"] < page.height - 0.4 * 72
    ]  # not the stamp


def line_of(page, text: str) -> dict:
    """The body-text word containing ``text``."""
    words = [w for w in page.extract_words(x_tolerance=1.5, extra_attrs=["size"]) if w["size"] > 7]
    found = [w for w in words if text in w["text"]]
    assert found, text
    return found[0]


def test_proof_writes_its_files(proofs):
    for folder in (proofs["first"], proofs["second"]):
        for name in (f"{SLUG}-proof.pdf", "report.html", "report.json", "changes.html", "previous/blocks.json"):
            assert (folder / name).is_file(), name


def test_proof_pages_are_the_print_pages(proofs):
    with pdfplumber.open(proofs["first"] / f"{SLUG}-proof.pdf") as proof, pdfplumber.open(proofs["print"]) as printed:
        assert len(proof.pages) == len(printed.pages)
        for mine, theirs in zip(proof.pages, printed.pages):
            assert (mine.width, mine.height) == (theirs.width, theirs.height)
            body = theirs.extract_text() or ""
            assert all(word in (mine.extract_text() or "") for word in body.split()[:12])


def test_every_page_has_the_stamp_version_and_date(proofs):
    with pdfplumber.open(pdf_path(proofs["first"])) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            text = page.extract_text() or ""
            assert "PROOF" in text and "unversioned" in text and "2023-11-14 22:13 UTC" in text, number
            assert f"page {number} of {len(pdf.pages)}" in text


def test_line_numbers_stand_in_the_outer_margin(proofs):
    with pdfplumber.open(pdf_path(proofs["first"])) as pdf:
        for index in (8, 9, 10, 11):  # chapter 1 (a recto), its verso, chapter 2, its verso
            page = pdf.pages[index]
            numbers = [int(w["text"]) for w in margin_words(page, recto=index % 2 == 0) if w["text"].isdigit()]
            assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 5, (index, numbers)


def test_finding_code_is_printed_beside_its_line(proofs):
    entry = finding(proofs["first"], "t-range-hyphen")
    with pdfplumber.open(pdf_path(proofs["first"])) as pdf:
        index = entry["page"] - 1
        page = pdf.pages[index]
        word = line_of(page, "1927-1953")
        margin = margin_words(page, recto=index % 2 == 0)
        number = [w for w in margin if w["text"] == str(entry["proof_line"])]
        assert number and abs(number[0]["bottom"] - word["bottom"]) < 2  # on the line's baseline
        code = "".join(
            w["text"] for w in margin if not w["text"].isdigit() and word["top"] - 2 < w["top"] < word["bottom"] + 10
        )
        assert code == "t-range-hyphen"
        red = [c for c in page.chars if c["text"] == "h" and c["size"] < 7]
        assert red and all(c["non_stroking_color"][0] > 0.6 > c["non_stroking_color"][1] for c in red)


def test_a_finding_in_a_note_points_at_the_note_line(proofs):
    entry = finding(proofs["first"], "t-decade-apostrophe")
    assert entry["file"] == "01-first.md" and entry["line"] == 24
    with pdfplumber.open(pdf_path(proofs["first"])) as pdf:
        page = pdf.pages[entry["page"] - 1]
        word = line_of(page, "1930")
        assert word["top"] > page.height * 0.7  # the foot of the page
        number = [w for w in margin_words(page, recto=entry["page"] % 2 == 1) if w["text"] == str(entry["proof_line"])]
        assert number and abs(number[0]["bottom"] - word["bottom"]) < 2


def test_report_json_has_each_finding_with_file_line_page_and_proof_line(proofs):
    data = report(proofs["first"])
    entry = finding(proofs["first"], "t-range-hyphen")
    assert entry["file"] == "02-second.md" and entry["line"] == 33 and entry["column"] > 1
    assert entry["chapter"] == "The Second Chapter" and entry["severity"] == "error"
    assert entry["page"] >= 11 and entry["proof_line"] >= 1 and entry["folio"].isdigit()
    assert "1927-1953" in entry["sentence"] and entry["sentence"].startswith("The committee met")
    assert entry["sentence"][slice(*entry["spot"])] == "1927-1953"
    assert data["summary"] == {"findings": 3, "errors": 2, "warnings": 1}  # 'Gentium': a name, a warning
    assert data["version"] == "unversioned" and data["date"] == "2023-11-14 22:13 UTC"
    with pdfplumber.open(pdf_path(proofs["first"])) as pdf:
        assert data["pages"] == len(pdf.pages)
    assert {c["code"]: c["count"] for c in data["counts"]} == {
        "t-range-hyphen": 1,
        "t-decade-apostrophe": 1,
        "s-unknown-name": 1,
    }
    assert [c["title"] for c in data["chapters"]] == ["The First Chapter", "The Second Chapter", "Colophon"]


def test_report_html_groups_by_chapter_with_counts(proofs):
    page = (proofs["first"] / "report.html").read_text(encoding="utf-8")
    assert "<style>" in page and "<link" not in page  # the stylesheet is inlined
    summary = page[: page.index("Findings by code")]
    assert re.search(r"<dt>errors</dt><dd>2</dd>", summary) and "unversioned" in summary
    assert re.search(r'<td class="code">t-range-hyphen</td><td>error</td><td class="count">1</td>', page)
    second = (
        page.index("The Second Chapter</h2>")
        if "The Second Chapter</h2>" in page
        else page.index('The Second Chapter <span class="file">')
    )
    colophon = page.index('Colophon <span class="file">')
    assert page.index("1927-1953", second) < colophon < page.index("Gentium", colophon)
    assert f'href="{SLUG}-proof.pdf#page=' in page and "02-second.md:33" in page


def test_first_proof_has_no_changes(proofs):
    page = (proofs["first"] / "changes.html").read_text(encoding="utf-8")
    assert "This is the first proof" in page and "<del>" not in page


def test_changes_show_the_words_and_the_new_page(proofs):
    page = (proofs["second"] / "changes.html").read_text(encoding="utf-8")
    assert "<del>committee</del> <ins>board</ins>" in page
    match = re.search(r'02-second\.md:(\d+)</a>.*?#page=(\d+)">page \d+</a>, line (\d+)', page, re.S)
    assert match and int(match[1]) == 40
    with pdfplumber.open(pdf_path(proofs["second"])) as pdf:
        assert "board" in pdf.pages[int(match[2]) - 1].extract_text()


def change_bars(page, recto: bool) -> list[dict]:
    edge = page.width - OUTER if recto else OUTER
    return [
        r
        for r in page.rects
        if r["width"] < 2
        and r["height"] > 5
        and (edge - 1 <= r["x0"] <= edge + 6 if recto else edge - 6 <= r["x1"] <= edge + 1)
    ]


def test_change_bar_beside_the_changed_line(proofs):
    with pdfplumber.open(pdf_path(proofs["second"])) as pdf:
        index = next(i for i, p in enumerate(pdf.pages) if "board met" in (p.extract_text() or ""))
        page = pdf.pages[index]
        bars = change_bars(page, recto=index % 2 == 0)
        word = line_of(page, "board")
        assert len(bars) == 1 and bars[0]["top"] <= word["top"] + 1 and bars[0]["bottom"] >= word["bottom"] - 1
    with pdfplumber.open(pdf_path(proofs["first"])) as pdf:
        assert not any(change_bars(p, recto=i % 2 == 0) for i, p in enumerate(pdf.pages))


def test_version_is_git_describe_and_marks_changes(tmp_path):
    assert describe(tmp_path) == "unversioned"
    git = ["git", "-C", str(tmp_path), "-c", "user.name=T", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    (tmp_path / "a.md").write_text("# A\n\nText.\n")
    subprocess.run([*git, "add", "a.md"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "one"], check=True)
    subprocess.run([*git, "tag", "v1"], check=True)
    assert describe(tmp_path) == "v1"
    (tmp_path / "a.md").write_text("# A\n\nMore text.\n")
    assert describe(tmp_path) == "v1 + changes"


def test_a_book_that_cannot_be_built_writes_no_proof(book_copy, tmp_path, capsys):
    replace(book_copy / "manuscript" / "01-first.md", "../images/chart.svg", "../images/nothing.svg")
    assert main(["proof", "--manuscript", str(book_copy / "manuscript"), "--out", str(tmp_path)]) == 2
    assert "01-first.md:12: file not found" in capsys.readouterr().err
    assert not (tmp_path / "proof").exists()


def test_help_names_the_proof_command():
    result = subprocess.run([sys.executable, str(ROOT / "make_book.py"), "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "proof" in result.stdout and "OUT/proof/" in result.stdout


def test_a_proof_converts_each_file_once(book_copy, tmp_path, conversions):
    """One reading per proof: the checks, the layout and the layout checks share one Book."""
    from pressroom.findings import Diagnostics
    from pressroom.manuscript import load_book

    manuscript = book_copy / "manuscript"
    sources = load_book(manuscript, Diagnostics()).sources
    conversions.clear()
    converted = conversions
    build_proof(manuscript, tmp_path)
    assert len(sources) >= 4 and len(converted) == len(sources)
    assert sorted(converted) == sorted(source.path.read_text(encoding="utf-8") for source in sources)
