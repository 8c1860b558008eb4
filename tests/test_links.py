"""External links in print (render.show_link_addresses): a reader of paper cannot click, so the
address follows the link text, inline or as a footnote, and breaks only at sensible points."""

from __future__ import annotations

import io
import re

import pdfplumber
import weasyprint
from lxml import html as lxml_html

from pressroom.build import read
from pressroom.markdown import ReferenceRegistry, convert
from pressroom.print.layout import PrintPolicy
from pressroom.render import EditionPolicy, chapter_markup, show_link_addresses
from pressroom.resources import DEFAULT_THEME

ARCHIVE = "https://www.example.org/archives/finding-aids/collection-4711?lang=en&view=full#box-17"
TEXT = (
    f"The [finding aid]({ARCHIVE}) lists every box; [the society](https://example.com/) keeps a copy.[^1] "
    "Write to [the editor](mailto:editor@example.com), see [the notes](#links) or "
    "<https://www.example.net/a/long-path/index.html> itself.\n\n"
    "[^1]: A note with [a link](https://example.com/notes/a-long-path/and/more).\n"
)


def body_of(markdown: str, placement: str):
    body = lxml_html.fragment_fromstring(convert(markdown, "en", ReferenceRegistry()).html, create_parent="div")
    for note in body.xpath("//div[@class='footnote']"):  # the note's text, as print places it at its reference
        note.drop_tree()
    show_link_addresses(body, placement)
    return body


def seen(element) -> str:
    """The text a reader sees (word joiners are invisible)."""
    return element.text_content().replace("\u2060", "")


def test_an_external_links_address_follows_it_in_parentheses():
    body = body_of(TEXT, "inline")
    text = seen(body)
    assert f"The finding aid ({ARCHIVE}) lists every box; the society (https://example.com/) keeps" in text
    assert "Write to the editor, see the notes or https://www.example.net/a/long-path/index.html itself." in text
    markup = lxml_html.tostring(body, encoding="unicode")
    # Breaks after a slash, before . ? # &; a hyphen joined to what follows, so no break there reads as hyphenation.
    assert (
        "https://<wbr>www<wbr>.example<wbr>.org/<wbr>archives/<wbr>finding-\u2060aids/<wbr>collection-\u20604711"
        "<wbr>?\u2060lang=en<wbr>&amp;view=full<wbr>#box-\u206017" in markup.replace("</wbr>", "")
    )
    assert len(body.find_class("link-address")) == 2  # not for mailto:, #top, or the link that is its address


def test_addresses_as_footnotes_and_inline_within_a_note():
    body = body_of(TEXT, "notes")
    notes = [seen(note) for note in body.find_class("footnote")]
    assert notes == [ARCHIVE, "https://example.com/"]
    markdown = '<span class="footnote">See [it](https://example.com/x).</span>'
    assert seen(body_of(markdown, "notes")) == "See it (https://example.com/x)."


def test_only_print_shows_addresses(tmp_path):
    (tmp_path / "book.yaml").write_text("title: Links\nlang: en\ncontents: [a.md]\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("# Links\n\n" + TEXT, encoding="utf-8")
    book = read(tmp_path)
    assert "link-address" in chapter_markup(book.chapters[0], PrintPolicy(book))[1]
    assert "link-address" not in chapter_markup(book.chapters[0], EditionPolicy())[1]  # the EPUB, the HTML page
    book.meta.link_addresses = "none"
    assert "link-address" not in chapter_markup(book.chapters[0], PrintPolicy(book))[1]


def test_a_long_address_stays_within_the_measure():
    long = "https://example.com/" + "a" * 90 + "/" + "-".join(["segment"] * 12)
    body = body_of(f"A paragraph with [a long address]({long}) in it, and more words after it.", "inline")
    page = f"<html><body><div class='text'>{lxml_html.tostring(body, encoding='unicode')}</div></body></html>"
    sheets = [weasyprint.CSS(filename=str(DEFAULT_THEME / name)) for name in ("base.css", "print.css")]
    sheets.append(weasyprint.CSS(string="@page { size: 5in 4in; margin: 0.5in }"))
    pdf = pdfplumber.open(io.BytesIO(weasyprint.HTML(string=page).write_pdf(stylesheets=sheets)))
    chars = pdf.pages[0].chars
    assert max(char["x1"] for char in chars) <= 4.5 * 72 + 0.5
    lines = re.sub(r"[\u2060\u200b]", "", pdf.pages[0].extract_text()).splitlines()
    assert len(lines) > 3 and f"({long})" in "".join(lines)  # broken over lines, no hyphen added
