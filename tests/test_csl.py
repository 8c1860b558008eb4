"""CSL styles and bibliography files that cannot be used: one line at the file and line to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressroom.build import read
from pressroom.cli import main
from pressroom.csl import suggestion
from pressroom.errors import BookError

BIBTEX = "@book{doe2000,\n  author = {Doe, Jane},\n  title = {A Book},\n  year = {2000},\n  publisher = {P}\n}\n"


def cited_book(folder: Path, csl: str = "apa", bibliography: str = "refs.bib", bib_text: str = BIBTEX) -> Path:
    book = folder / "book.md"
    book.write_text(f"---\ntitle: Cited\nbibliography: {bibliography}\ncsl: {csl}\n---\n\n# One\n\nText [@doe2000].\n")
    (folder / bibliography).write_text(bib_text)
    return book


def failure(manuscript: Path) -> str:
    with pytest.raises(BookError) as error:
        read(manuscript)
    return str(error.value)


def test_a_misspelt_style_name_is_one_line_with_a_suggestion_and_exit_2(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["epub", "--manuscript", str(cited_book(tmp_path, csl="chicgo")), "--out", "out"]) == 2
    error = capsys.readouterr().err
    assert error.startswith(
        "book.md:4: unknown citation style 'chicgo' (did you mean 'chicago-note-bibliography'? known: apa, "
        "chicago-author-date, chicago-note-bibliography, harvard-cite-them-right, ieee, "
        "modern-language-association, nature, vancouver, or any of the "
    )
    assert error.rstrip().endswith("names of the CSL style repository, or a .csl file)")
    assert "Traceback" not in error and len(error.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "typed, meant",
    [("apa7", "apa"), ("mla", "modern-language-association"), ("chicago-author-dat", "chicago-author-date")],
)
def test_suggestions(typed, meant):
    assert suggestion(typed) == meant


def test_a_name_is_never_a_path_out_of_the_style_repository(tmp_path):
    assert "unknown citation style '../styles/apa'" in failure(cited_book(tmp_path, csl="../styles/apa"))


@pytest.mark.parametrize(
    "csl_text, message",
    [
        (None, "book.md:4: file not found: mine.csl"),
        ('<style xmlns="http://purl.org/net/xbiblio/csl">\n<info>\n</style', "mine.csl:3: malformed CSL style: "),
        ('<?xml version="1.0"?>\n<bibliography/>\n', "mine.csl:2: not a CSL style: the root element is <bibliography>"),
        (
            '<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0"><info/>'
            '<citation><layout><nonesuch variable="title"/></layout></citation></style>',
            "mine.csl:1: citeproc-py cannot format with this CSL style (",
        ),
    ],
)
def test_a_style_file_that_cannot_be_used(tmp_path, csl_text, message):
    if csl_text is not None:
        (tmp_path / "mine.csl").write_text(csl_text)
    assert message in failure(cited_book(tmp_path, csl="mine.csl"))


def test_a_dependent_style_file_formats_with_its_parent(tmp_path):
    dependent = (
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text"><info>'
        '<title>Mine</title><id>mine</id><link href="http://www.zotero.org/styles/apa" rel="independent-parent"/>'
        "</info></style>"
    )
    (tmp_path / "mine.csl").write_text(dependent)
    book = read(cited_book(tmp_path, csl="mine.csl"))
    assert "Text (Doe, 2000)." in book.chapters[0].body.text_content()  # APA's author-date form


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("refs.json", '[{"id": "doe2000", "title": "x"},\n {"id": ]\n', "refs.json:2: malformed CSL-JSON: "),
        ("refs.json", '{"references": 3}', "refs.json:1: a CSL bibliography is a list of items"),
        ("refs.json", '[{"id": "doe2000"}, {"title": "y"}]', "refs.json:1: bibliography item 2 has no 'id'"),
        ("refs.yaml", "references:\n- id: doe2000\n  title: [x\n", "refs.yaml:4: malformed CSL-YAML: "),
        ("refs.bib", "@book{doe2000, title =", "refs.bib:1: unterminated BibTeX entry"),
        ("refs.bib", "@book{doe2000, title = ,}", "refs.bib:1: malformed BibTeX field: no value"),
        ("refs.txt", "doe2000", "book.md:3: bibliography must be .bib, .json, .yaml, .yml: refs.txt"),
    ],
)
def test_a_bibliography_that_cannot_be_read(tmp_path, name, text, message):
    assert message in failure(cited_book(tmp_path, bibliography=name, bib_text=text))


def test_a_missing_bibliography(tmp_path):
    book = cited_book(tmp_path, bibliography="refs.bib")
    (tmp_path / "refs.bib").unlink()
    assert failure(book).endswith("book.md:3: file not found: refs.bib")
