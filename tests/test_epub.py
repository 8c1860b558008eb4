"""The EPUB edition as readers and validators see it."""

from __future__ import annotations

import re
import zipfile

from conftest import FIXTURES, epub_text, epubcheck

from pressroom.build import build


def test_epubcheck_finds_nothing_but_the_font_face_notes(epubcheck_reports):
    for path, messages in epubcheck_reports.items():
        other = [m for m in messages if not (m["severity"] == "USAGE" and m["ID"] == "CSS-028")]
        assert other == [], f"{path.name}: {other}"


def test_epubcheck_reports_nothing_at_all_without_embedded_fonts(book_copy, tmp_path):
    metadata = book_copy / "manuscript" / "book.yaml"
    metadata.write_text(metadata.read_text() + "epub:\n  fonts: none\n")
    (epub,) = build(book_copy / "manuscript", tmp_path / "out", ("epub",))
    assert epubcheck([epub])[epub] == []
    with zipfile.ZipFile(epub) as archive:
        assert not [name for name in archive.namelist() if name.endswith(".ttf")]


def test_one_xhtml_file_per_chapter_in_reading_order(folder_book):
    opf = epub_text(folder_book["epub"], "EPUB/content.opf")
    spine = re.findall(r'<itemref idref="([^"]+)"', opf)
    assert spine == [
        "cover",
        "titlepage",
        "copyright",
        "nav",
        "preface",
        "chapter-01",
        "chapter-02",
        "appendix-a",
        "colophon",
    ]


def test_footnotes_are_epub3_notes_linked_both_ways(folder_book):
    chapter = epub_text(folder_book["epub"], "EPUB/text/chapter-01.xhtml")
    assert (
        '<a class="noteref" href="#chapter-01-note-1" id="chapter-01-noteref-1" role="doc-noteref" '
        'epub:type="noteref">1</a>'
    ) in chapter
    assert '<aside id="chapter-01-note-1" class="footnote" epub:type="footnote" role="doc-footnote">' in chapter
    assert (
        '<p><a href="#chapter-01-noteref-1" role="doc-backlink" class="note-number" '
        'aria-label="Back to text 1">1.</a> The first note, with <em>emphasis</em>.</p>'
    ) in chapter


def test_cross_references_resolve_across_files(folder_book):
    first = epub_text(folder_book["epub"], "EPUB/text/chapter-01.xhtml")
    second = epub_text(folder_book["epub"], "EPUB/text/chapter-02.xhtml")
    assert '<a class="xref" href="#fig-chart">Figure\u00a01</a>' in first  # same file: no file name
    assert '<a class="xref" href="appendix-a.xhtml#chap-appendix">appendix\u00a0A</a>' in first
    assert '<a href="chapter-02.xhtml#sec-later">the second chapter</a>' in first
    assert '<a class="xref" href="chapter-01.xhtml#chap-first">chapter\u00a01</a>' in second
    assert '<a class="xref" href="chapter-01.xhtml#fig-chart">1</a>' in second
    assert 'As <a class="xref" href="#tbl-numbers">Table\u00a01</a> shows' in second


def test_figure_has_caption_credit_and_separate_alt_text(folder_book):
    chapter = epub_text(folder_book["epub"], "EPUB/text/chapter-01.xhtml")
    assert '<img alt="Three bars rising from left to right." src="../images/chart.svg"/>' in chapter
    assert (
        '<figcaption><span class="label">Figure\u00a01.</span> <span class="caption-text">A chart with a '
        '<em>caption</em>.</span><span class="credit">Data: invented for the test.</span></figcaption>'
    ) in chapter


def test_smart_punctuation_and_no_source_attributes(folder_book):
    preface = epub_text(folder_book["epub"], "EPUB/text/preface.xhtml")
    assert "says “hello” in curly quotes—and it’s short." in preface
    assert "data-line" not in preface


def test_package_metadata(folder_book):
    opf = epub_text(folder_book["epub"], "EPUB/content.opf")
    assert '<dc:identifier id="id">urn:isbn:9780000000002</dc:identifier>' in opf
    assert "<dc:title>A Small Test Book: Being a Fixture</dc:title>" in opf
    assert '<dc:creator id="creator-1">Ada Author</dc:creator>' in opf
    assert '<dc:contributor id="contributor-2">Ed Editor</dc:contributor>' in opf
    assert '<meta property="dcterms:modified">2023-11-14T22:13:20Z</meta>' in opf
    assert '<meta property="schema:accessibilityFeature">structuralNavigation</meta>' in opf
    assert 'properties="cover-image"' in opf and 'properties="nav"' in opf
    assert '<meta name="cover" content="cover-image">' in opf  # Kindle and Calibre


def test_nav_has_contents_and_landmarks(folder_book):
    nav = epub_text(folder_book["epub"], "EPUB/text/nav.xhtml")
    assert '<a href="chapter-02.xhtml">2. The Second Chapter</a>' in nav
    assert '<a epub:type="bodymatter" href="chapter-01.xhtml">' in nav
    assert epub_text(folder_book["epub"], "EPUB/toc.ncx").count("<navPoint") == 5


def test_fonts_are_embedded_and_offered(folder_book):
    with zipfile.ZipFile(folder_book["epub"]) as archive:
        names = archive.namelist()
    assert "EPUB/styles/fonts/GentiumBookPlus-Regular.ttf" in names
    assert "META-INF/com.apple.ibooks.display-options.xml" in names


def test_same_inputs_give_the_same_bytes(folder_book, tmp_path):
    again, _ = build(FIXTURES / "folder-book" / "manuscript", tmp_path, ("epub", "pdf"))  # as folder_book was
    assert again.read_bytes() == folder_book["epub"].read_bytes()
