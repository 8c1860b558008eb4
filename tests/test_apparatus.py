"""Citations, bibliography, cross-references, lists, notes and the index, in both editions."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
import weasyprint
from conftest import FIXTURES, epub_text
from lxml import etree
from lxml import html as lxml_html

from pressroom.build import build, read
from pressroom.errors import BookError
from pressroom.findings import Diagnostics
from pressroom.render import EditionPolicy, chapter_markup
from pressroom.resources import DEFAULT_THEME

XHTML = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}


def pdf_pages(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def index_columns(path: Path) -> str:
    """The index page's text, left column then right (it is set in two columns)."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            if (page.extract_text() or "").strip().startswith("Index"):
                middle = page.width / 2
                left = page.crop((0, 0, middle, page.height)).extract_text()
                right = page.crop((middle, 0, page.width, page.height)).extract_text()
                return left + "\n" + right
    raise AssertionError("no index page")


def folio_pages(pages: list[str]) -> dict[str, int]:
    """Printed folio (the last line, or the head line's number) → physical page index."""
    folios = {}
    for index, text in enumerate(pages):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if not lines:
            continue
        head = re.search(r"^(\d+)\s|\s(\d+)$", lines[0])
        if re.fullmatch(r"\d+|[ivxlc]+", lines[-1]):  # an opening page: the folio at the foot
            folio = lines[-1]
        else:
            folio = head and (head[1] or head[2])
        if folio:
            folios[folio] = index
    return folios


@pytest.fixture()
def apparatus_copy(tmp_path):
    target = tmp_path / "apparatus"
    shutil.copytree(FIXTURES / "apparatus", target)
    return target / "manuscript"


def test_citation_in_running_text_becomes_a_note_with_the_full_form(apparatus_book):
    html = apparatus_book["html"].read_text()
    assert 'A claim in the running text<a class="noteref"' in html  # no space before the number
    assert (
        '<a href="#ref-doe2020" class="citation">Jane Doe, <i>The Archive: A Study of Records</i> '
        "(Example Press, 2020), 45</a>."
    ) in html


def test_name_in_text_and_the_reference_in_a_note(apparatus_book):
    html = apparatus_book["html"].read_text()
    assert 'As Roe and Poe<a class="noteref"' in html
    assert "Richard Roe and Paula Poe, “Counting the Past,” <i>Journal of Tests</i> 12, no. 3 (2019): 110" in html


def test_several_works_with_prefix_and_the_short_form_after_the_first(apparatus_book):
    html = apparatus_book["html"].read_text()
    assert "See Doe, <i>Archive</i>, 3; Roe and Poe, “Counting the Past,” 101–105</a>." in html
    assert 'short: <a href="#ref-doe2020" class="citation">Doe, <i>Archive</i>, 50</a>.' in html


def test_bibliography_lists_the_cited_works_and_warns_of_the_uncited(apparatus_book):
    html = apparatus_book["html"].read_text()
    entries = re.findall(r'<p class="csl-entry" id="ref-(\w+)">', html)
    assert entries == ["doe2020", "roe2019"]
    assert "Roe, Richard, and Paula Poe. “Counting the Past.” <i>Journal of Tests</i> 12, no. 3 (2019): 101–30." in html
    diagnostics = Diagnostics()
    read(FIXTURES / "apparatus" / "manuscript", diagnostics)
    (warning,) = diagnostics.warnings
    assert (warning.code, warning.file.name, warning.line) == ("r-uncited-entry", "references.bib", 20)


def test_epub_citations_link_to_the_bibliography_file(apparatus_book):
    chapter = epub_text(apparatus_book["epub"], "EPUB/text/endnotes.xhtml")
    assert 'href="bibliography.xhtml#ref-doe2020"' in chapter
    bibliography = epub_text(apparatus_book["epub"], "EPUB/text/bibliography.xhtml")
    assert 'id="ref-doe2020"' in bibliography


def test_author_date_style(apparatus_copy, tmp_path):
    metadata = apparatus_copy / "book.yaml"
    metadata.write_text(metadata.read_text().replace("chicago-notes-bibliography", "chicago-author-date"))
    text = apparatus_copy / "01-citing.md"
    text.write_text(
        text.read_text().replace("A second citation of a work is short: [@doe2020, p. 50].", "Year only: [-@doe2020].")
    )
    (html,) = build(apparatus_copy, tmp_path, ("html",))
    page = html.read_text()
    assert 'running text <a href="#ref-doe2020" class="citation">(Doe 2020, 45)</a> becomes' in page
    assert 'As <a href="#ref-roe2019" class="citation">Roe and Poe (2019, 110)</a> argue' in page
    assert 'Year only: <a href="#ref-doe2020" class="citation">(2020)</a>.' in page
    assert "Doe, Jane. 2020. <i>The Archive: A Study of Records</i>. Example Press." in page


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("[@doe2020, p. 45]", "[@nobody1999, p. 45]", "01-citing.md:3: unknown citation key '@nobody1999'"),
        ("[@doe2020, p. 50]", "[@nobody1999, p. 50]", "01-citing.md:15: unknown citation key '@nobody1999'"),
        ("@tbl:counts", "@tbl:nothing", "01-citing.md:13: unknown cross-reference label '@tbl:nothing'"),
    ],
)
def test_unknown_keys_and_labels_are_errors_at_their_line(apparatus_copy, old, new, message):
    text = apparatus_copy / "01-citing.md"
    text.write_text(text.read_text().replace(old, new, 1))
    with pytest.raises(BookError) as error:
        read(apparatus_copy)
    assert str(error.value).endswith(message)


def test_cross_references_in_every_form(apparatus_book):
    html = apparatus_book["html"].read_text()
    assert (
        'See <a class="xref" href="#fig-chart">Figure\u00a01.1</a> and <a class="xref" href="#fig-chart">1.1</a>'
        in html
    )
    assert '<a class="xref" href="#tbl-counts">Tab.\u00a01</a>' in html  # words from book.yaml
    later = '<a class="xref" href="#sec-later">“<span class="xref-title">Later</span>”</a>'  # no page in HTML
    assert f'{later} in <a class="xref" href="#chap-more">chapter\u00a02</a>' in html
    chapter = epub_text(apparatus_book["epub"], "EPUB/text/chapter-02.xhtml")
    assert 'shown on <a class="xref" href="chapter-01.xhtml#fig-chart">Figure\u00a01.1</a>' in chapter


SECTIONS = """\
# One {#sec:one}

See @sec:sub. @sec:two has it, as [@sec:sub; @sec:one] do; [@sec:sub, page] and [-@sec:two] stay.

# Two {#sec:two}

## Sub Part {#sec:sub}

Text; and @sec:twelve.

# XII {#sec:twelve}

Text.
"""


class PageFortySeven(EditionPolicy):
    def page_label(self, target_id: str) -> str:
        return "47"


def test_section_references_give_number_title_and_in_print_the_page(tmp_path):
    (tmp_path / "book.yaml").write_text("title: X\nlang: en\ncontents: [a.md]\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(SECTIONS, encoding="utf-8")
    chapter = read(tmp_path).chapters[0]
    ebook = lxml_html.fromstring(chapter_markup(chapter, EditionPolicy())[1]).text_content()
    assert ebook == (
        "See “Sub Part”. Chapter\u00a02, “Two” has it, as “Sub Part” and chapter\u00a01, “One” do; "
        "“Sub Part” and 2 stay."
    )
    body = lxml_html.fromstring(chapter_markup(chapter, PageFortySeven(page_references=True, keep_source=True))[1])
    pages = [(a.text_content(), a.get("data-page")) for a in body.iter("a")]
    assert pages[:4] == [
        ("“Sub Part”, page\u00a0", "47"),  # CSS prints data-page after it
        ("Chapter\u00a02, “Two”, page\u00a0", "47"),
        ("“Sub Part”, page\u00a0", "47"),
        ("chapter\u00a01, “One”, page\u00a0", "47"),
    ]
    assert [a.get("class") for a in body.iter("a")][-1] == "xref"  # [-@sec:two]: the number alone
    twelve = chapter_markup(read(tmp_path).chapters[1], EditionPolicy())[1]  # a chapter titled by its number
    assert "and <a" in twelve and ">chapter\u00a0XII</a>" in twelve
    assert all(span.text in {"Sub Part", "Two", "One"} for span in body.find_class("xref-title"))


def test_a_chapter_reference_inside_a_sentence_stays_lower_case(tmp_path):
    """Only a reference that opens a sentence is capitalized, not one after a sentence's middle."""
    (tmp_path / "book.yaml").write_text("title: X\nlang: en\ncontents: [a.md, b.md]\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(
        "# One {#chap:one}\n\nIt ended. @chap:two tells it. The end is told in @chap:one.\n", encoding="utf-8"
    )
    (tmp_path / "b.md").write_text("# Two {#chap:two}\n\nText.\n", encoding="utf-8")
    chapter = read(tmp_path).chapters[0]
    text = lxml_html.fromstring(chapter_markup(chapter, EditionPolicy())[1]).text_content()
    assert "It ended. Chapter\u00a02 tells it. The end is told in chapter\u00a01." in text


def test_a_cross_reference_in_a_note_is_set_once(tmp_path):
    (tmp_path / "book.yaml").write_text("title: X\nlang: en\ncontents: [a.md, b.md]\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("# One\n\nText.[^1]\n\n[^1]: Plain; see @chap:two.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Two {#chap:two}\n\nText.\n", encoding="utf-8")
    note = read(tmp_path).chapters[0].notes[0]
    assert note.body.text_content().strip() == "Plain; see chapter\u00a02."


def test_section_references_print_their_page(apparatus_book):
    pages = pdf_pages(apparatus_book["pdf"])
    later = next(i for i, text in enumerate(pages) if text.splitlines()[2:3] == ["Later"])
    folio = next(folio for folio, index in folio_pages(pages).items() if index == later)
    assert any(f"“Later”, page {folio} in chapter 2." in text for text in pages)


def test_page_references_and_lists_carry_the_real_page(apparatus_book):
    pages = pdf_pages(apparatus_book["pdf"])
    folios = folio_pages(pages)
    figure_page = next(i for i, text in enumerate(pages) if re.search(r"figure 1\.1\.\s?A chart\.", text))
    folio = next(f for f, i in folios.items() if i == figure_page)
    assert any(f"shown on page {folio}." in text for text in pages)
    listing = next(text for text in pages if text.strip().startswith("illustrations"))
    assert re.search(rf"1\.1 A chart[ .]*{folio}$", listing, re.M)  # the caption's first sentence, no stop


def test_epub_endnotes_are_numbered_through_the_book(apparatus_book):
    notes = epub_text(apparatus_book["epub"], "EPUB/text/endnotes.xhtml")
    numbers = re.findall(r'role="doc-backlink" class="note-number"[^>]*>(\d+)\.</a>', notes)
    assert numbers == ["1", "2", "3"]
    assert 'href="chapter-01.xhtml#chapter-01-noteref-1"' in notes
    chapter = epub_text(apparatus_book["epub"], "EPUB/text/chapter-01.xhtml")
    assert "<aside" not in chapter and 'href="endnotes.xhtml#chapter-01-note-1"' in chapter


def test_print_index_page_numbers_are_pages_where_the_term_stands(apparatus_book):
    pages = pdf_pages(apparatus_book["pdf"])
    folios = folio_pages(pages)
    index = index_columns(apparatus_book["pdf"])
    entry = re.search(r"^Yezhov, Nikolai, (.+)$", index, re.M)
    assert entry and entry[1] == "1, 3–5"
    numbers = []
    for part in entry[1].split(", "):
        first, _, last = part.partition("–")
        numbers += [str(n) for n in range(int(first), int(last or first) + 1)]
    for number in numbers:
        assert "Yezhov" in pages[folios[number]], number
    assert re.search(r"kulaks\. See ?dekulakization", index)  # (the italic "See" loses its space in extraction)
    assert re.search(r"OGPU, 1\. See also ?NKVD", index)
    assert re.search(r"^NKVD, 1\nOrder No\. 00447, 1$", index, re.M)


def test_epub_index_links_land_on_the_marked_terms(apparatus_book):
    index = etree.fromstring(epub_text(apparatus_book["epub"], "EPUB/text/index.xhtml").encode())
    assert index.xpath("//x:section[@epub:type='index']", namespaces=XHTML)
    entries = index.xpath("//x:li[@epub:type='index-entry']", namespaces=XHTML)
    assert len(entries) == 6
    checked = 0
    for entry in entries:
        term = entry.xpath("x:span[@epub:type='index-term']", namespaces=XHTML)[0].text
        for locator in entry.xpath("x:a[@epub:type='index-locator']", namespaces=XHTML):
            file, _, anchor = locator.get("href").partition("#")
            chapter = etree.fromstring(epub_text(apparatus_book["epub"], f"EPUB/text/{file}").encode())
            (marked,) = chapter.xpath(f"//*[@id='{anchor}']")
            assert term.split(",")[0].split()[0].lower()[:5] in "".join(marked.itertext()).lower(), term
            checked += 1
    assert checked == 6
    related = index.xpath("//x:a[@epub:type='index-xref-related']", namespaces=XHTML)
    assert related[0].get("href") == "#index-nkvd"


def test_apparatus_epub_passes_epubcheck(epubcheck_reports, apparatus_book):
    messages = epubcheck_reports[apparatus_book["epub"]]
    assert [m for m in messages if m["ID"] != "CSS-028"] == []


def test_csl_json_and_yaml_bibliographies_read_like_bibtex(tmp_path):
    import json

    import yaml

    from pressroom.bibliography import load_bibliography

    bib = load_bibliography(FIXTURES / "apparatus" / "manuscript" / "references.bib", tmp_path, 1)
    items = [{k: v for k, v in item.items() if not k.startswith("_")} for item in bib.values()]
    assert bib["doe2020"]["title"] == "The Archive: A Study of Records"
    assert bib["doe2020"]["title-short"] == "Archive"
    assert bib["roe2019"]["author"] == [{"family": "Roe", "given": "Richard"}, {"family": "Poe", "given": "Paula"}]
    (tmp_path / "refs.json").write_text(json.dumps(items))
    (tmp_path / "refs.yaml").write_text(yaml.safe_dump({"references": items}, allow_unicode=True))
    for name in ("refs.json", "refs.yaml"):
        loaded = load_bibliography(tmp_path / name, tmp_path, 1)
        assert {key: {k: v for k, v in item.items() if k != "_line"} for key, item in loaded.items()} == {
            item["id"]: item for item in items
        }


def test_a_section_references_title_is_never_hyphenated_in_print():
    title = "Extraordinarily Incomprehensible Administration"
    reference = f'<a class="xref page-ref" data-page="51" href="#x">“<span class="xref-title">{title}</span>”</a>'
    page = f'<html lang="en"><body><p style="width: 1.3in">Before the reference to {reference} and after.</p></body></html>'
    sheets = [weasyprint.CSS(filename=str(DEFAULT_THEME / name)) for name in ("base.css", "print.css")]
    sheets.append(weasyprint.CSS(string="@page { size: 3in 4in; margin: 0.5in }"))
    pdf = pdfplumber.open(io.BytesIO(weasyprint.HTML(string=page).write_pdf(stylesheets=sheets)))
    lines = pdf.pages[0].extract_text().splitlines()
    assert {"“Extraordinarily", "Incomprehensible", "Administration”51"} <= set(lines), lines


def test_a_table_breaks_between_rows_keeping_its_caption_head_and_rows_together():
    """Wherever a table falls, its caption stands on the page with its head and first three rows,
    at least two rows follow a break, the head repeats; no cell is hyphenated."""
    rows = "".join(f"<tr><td>Administration</td><td>n{i}</td></tr>" for i in range(12))
    table = f"<table><caption>Caption.</caption><thead><tr><th>Body</th><th>N</th></tr></thead><tbody>{rows}</tbody></table>"
    sheets = [weasyprint.CSS(filename=str(DEFAULT_THEME / name)) for name in ("base.css", "print.css")]
    sheets.append(weasyprint.CSS(string="@page { size: 2.2in 3.2in; margin: 0.3in }"))
    for lines in (6, 8, 9, 10, 11):
        page = f'<html lang="en"><body>{"<p>Text.</p>" * lines}{table}</body></html>'
        pdf = pdfplumber.open(io.BytesIO(weasyprint.HTML(string=page).write_pdf(stylesheets=sheets)))
        pages = [page.extract_text().splitlines() for page in pdf.pages]
        holding = [[int(number) for number in re.findall(r"\bn(\d+)", "\n".join(text))] for text in pages]
        split = [numbers for numbers in holding if numbers]
        assert sum(split, []) == list(range(12)), pages
        assert all(len(numbers) >= 3 for numbers in split[:-1]) and len(split[-1]) >= 2, (lines, split)
        caption = next(index for index, text in enumerate(pages) if "Caption." in text)
        assert holding[caption][:3] == [0, 1, 2], (lines, pages)
        assert all("Body N" in pages[index] for index, numbers in enumerate(holding) if numbers)
        assert not any(line.rstrip().endswith(("-", "\u2010")) for text in pages for line in text), pages


def test_a_narrow_tables_caption_is_not_a_column_of_hyphenated_scraps():
    table = "<table><caption>Table 1. Two years of numbers.</caption><tr><td>1937</td><td>353,074</td></tr></table>"
    sheets = [weasyprint.CSS(filename=str(DEFAULT_THEME / name)) for name in ("base.css", "print.css")]
    pdf = pdfplumber.open(
        io.BytesIO(weasyprint.HTML(string=f'<html lang="en">{table}</html>').write_pdf(stylesheets=sheets))
    )
    caption = [line for line in pdf.pages[0].extract_text().splitlines() if not line[:1].isdigit()]  # no folio, row
    assert len(caption) <= 2 and not any(line.endswith(("-", "\u2010")) for line in caption), caption
