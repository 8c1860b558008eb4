"""Manuscripts written elsewhere build as their authors expect: a Pandoc article, a programming
book in the mdBook shape (one file per section, .html links, fences with attributes, raw <img>,
math) and a novel in three parts (100 short chapters, epigraphs). Each is built once (EPUB and
PDF); the tests read what a reader would see."""

from __future__ import annotations

import functools
import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from conftest import FIXTURES, epubcheck

from pressroom.build import build
from pressroom.findings import Diagnostics

MANUSCRIPTS = {
    "article": FIXTURES / "article" / "article.md",
    "mdbook": FIXTURES / "mdbook" / "manuscript",
    "novel": FIXTURES / "novel" / "manuscript",
}
# What Markdown or Pandoc syntax looks like when it was not understood (outside code).
RAW_MARKUP = re.compile(r"\[\^|\]\{|\{#|```|~~~|:::|\[@|\$\$|\\frac|\{\.[a-z]")


@pytest.fixture(scope="session")
def manuscripts(tmp_path_factory, source_date_epoch) -> dict[str, dict]:
    built = {}
    for name, source in MANUSCRIPTS.items():
        diagnostics = Diagnostics()
        epub, pdf = build(source, tmp_path_factory.mktemp(name), ("epub", "pdf"), diagnostics=diagnostics)
        built[name] = {"epub": epub, "pdf": pdf, "findings": diagnostics.findings}
    reports = epubcheck([entry["epub"] for entry in built.values()])
    for entry in built.values():
        entry["epubcheck"] = reports[entry["epub"]]
    return built


@functools.cache  # read once: several tests read each PDF, and pdfplumber takes seconds
def pdf_text(path: Path) -> str:
    """The text as printed (pdfplumber: pdftotext would join a code line wrapped after a hyphen)."""
    with pdfplumber.open(path) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def pdf_layout_text(path: Path) -> str:
    """The text with each line's indent kept as spaces (pdftotext -layout)."""
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("name", MANUSCRIPTS)
def test_the_ebook_passes_epubcheck(manuscripts, name):
    messages = [m for m in manuscripts[name]["epubcheck"] if m["ID"] != "CSS-028"]
    assert messages == [], messages


@pytest.mark.parametrize("name", MANUSCRIPTS)
def test_no_raw_markup_reaches_the_page_and_nothing_leaves_the_text_block(manuscripts, name):
    findings = manuscripts[name]["findings"]
    assert [f for f in findings if f.severity == "error" or f.code == "l-overflow"] == []
    prose = code_free(pdf_text(manuscripts[name]["pdf"]), name)
    assert RAW_MARKUP.findall(prose) == []


def code_free(text: str, name: str) -> str:
    """The mdBook fixture documents Markdown in its code; the text outside code must be clean
    (a PDF line that is part of a code line, wrapped or not, is code)."""
    if name != "mdbook":
        return text
    code = "\n".join(line.strip() for line in fence_lines(MANUSCRIPTS["mdbook"]))
    return "\n".join(line for line in text.splitlines() if line.strip().lstrip("\u21aa ") not in code)


def fence_lines(folder: Path) -> list[str]:
    lines = []
    for path in sorted(folder.glob("*.md")):
        inside = False
        for line in path.read_text(encoding="utf-8").splitlines():
            line = re.sub(r"^(?:\s*>)+ ?", "", line)  # fences in blockquotes too
            if re.match(r"\s*(```|~~~)", line):
                inside = not inside
            elif inside:
                lines.append(line)
    return lines


def test_every_code_line_is_printed_whole(manuscripts):
    printed = re.sub(r"[\s\u21aa]+", "", pdf_text(manuscripts["mdbook"]["pdf"]))  # wrapped lines joined
    missing = [
        line
        for line in fence_lines(MANUSCRIPTS["mdbook"])
        if line.strip() and re.sub(r"\s+", "", line.replace("\t", "")) not in printed
    ]
    assert missing == []


def test_indented_code_lines_keep_their_indent(manuscripts):
    """Each indented line (after a blank line too) stands to the right of its block's first line."""
    layout = pdf_layout_text(manuscripts["mdbook"]["pdf"]).splitlines()

    def column(text: str) -> int | None:
        found = [line.index(text) for line in layout if text in line]
        return found[0] if len(found) == 1 else None

    checked = 0
    blocks = "\n".join(fence_lines(MANUSCRIPTS["mdbook"])).split("\n\n")
    for block in blocks:
        lines = [line for line in block.splitlines() if line.strip() and len(line) < 60]
        outer = next((line for line in lines if not line[0].isspace()), None)
        for line in lines:
            if outer is None or not line[0].isspace() or "\t" in line:
                continue
            outer_column, inner_column = column(outer.strip()), column(line.strip())
            if outer_column is not None and inner_column is not None:
                assert inner_column > outer_column, (outer, line)
                checked += 1
    assert checked >= 10


def test_the_novel_in_parts(manuscripts):
    text = pdf_text(manuscripts["novel"]["pdf"])
    for title in ("Part One: Flour", "Part Two: Salt", "Part Three: Yeast"):
        assert title in text
    assert "Chapter 1\n" not in text  # chapters titled with their numeral are not numbered twice
