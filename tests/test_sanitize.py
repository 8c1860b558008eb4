"""Raw HTML by allowlist (pressroom/sanitize.py): what authors write is kept, what runs or loads is
removed, unknown elements are unwrapped, each with a warning at its line."""

from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html

from pressroom.epub import declare_math, xhtml_item
from pressroom.findings import Diagnostics
from pressroom.manuscript import load_book
from pressroom.markdown import ReferenceRegistry, convert
from pressroom.render import serialize
from pressroom.sanitize import sanitize, svg_for_xhtml


def clean(text: str):
    """The reader's tree of ``text``, sanitized, and what sanitizing reported: (code, message, line)."""
    root = lxml_html.fragment_fromstring(convert(text, "en", ReferenceRegistry()).html, create_parent="div")
    reported = []
    sanitize(root, lambda code, message, line: reported.append((code, message, line)))
    return root, reported


def test_raw_html_is_kept_when_safe_and_sanitized_when_not():
    root, _ = clean(
        '<div class="note" onclick="x()">Safe <abbr title="t">T</abbr></div>\n\n'
        '<script>alert(1)</script>\n\n<p><a href="javascript:evil()">link</a></p>\n'
    )
    assert root.xpath("//div[@class='note']/abbr") and root.find(".//div").get("onclick") is None
    assert root.find(".//script") is None and root.find(".//a").get("href") is None


def test_what_authors_write_in_raw_html_stays_as_written():
    root, reported = clean(
        'Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, 2<sup>10</sup>, H<sub>2</sub>O, <abbr title="HyperText">HTML</abbr>,'
        '<br>a <span class="filename">Makefile</span> and <a id="here" name="old" href="ch2.md#x">a link</a>.\n\n'
        "<details>\n<summary>Why?</summary>\n\nBecause.\n\n</details>\n\n"
        '<div class="aside"><figure id="f"><img src="a.png" alt="A" width="50%"><figcaption>Cap</figcaption>'
        "</figure></div>\n\n"
        '<table><tr><th colspan="2">Head</th></tr><tr><td>1</td><td style="text-align: right">2</td></tr></table>\n\n'
        "<!-- a note to self -->\n\nAfter.\n"
    )
    assert reported == []
    for path in ("//kbd", "//sup", "//sub", "//abbr[@title='HyperText']", "//br", "//span[@class='filename']"):
        assert root.xpath(path), path
    assert root.xpath("//a[@id='here'][@name='old'][@href='ch2.md#x']")
    assert root.xpath("//details/summary") and root.xpath("//div[@class='aside']/figure[@id='f']/figcaption")
    assert root.xpath("//img[@src='a.png'][@alt='A'][@width='50%']")
    assert root.xpath("//th[@colspan='2']") and root.xpath("//td[@style='text-align:right']")
    assert not root.xpath("//comment()") and "note to self" not in lxml_html.tostring(root, encoding="unicode")


def test_the_readers_own_markup_survives():
    root, reported = clean(
        '# Title {#top}\n\n[Yezhov]{.index term="Yezhov, N." see="NKVD"}\n\nText.[^1]\n\n[^1]: A note.\n'
    )
    assert reported == []
    assert root.xpath("//h1[@id='top'][@data-line='1']")
    assert root.xpath("//span[@class='index'][@term='Yezhov, N.'][@see='NKVD']")
    assert root.xpath("//sup/a[@class='footnote-ref']") and root.find_class("footnote")


def test_unsafe_elements_and_values_are_removed_each_with_a_warning_at_its_line():
    root, reported = clean(
        "Intro.\n\n"
        '<div onclick="steal()" onmouseover="x()">\n'
        "  <script>alert(1)</script>\n"
        '  <iframe src="https://example.com"></iframe>\n'
        "  <form><input name=q><button>Go</button></form>\n"
        "</div>\n\n"
        '<p><a href="JavaScript:evil()">a</a> <a href="vbscript:x">b</a> <img src="data:image/png;base64,AAAA" alt="c">'
        ' <a href="https://example.com">fine</a> <a href="mailto:a@b.c">mail</a></p>\n\n'
        "<style>body { display: none }</style>\n\n"
        '<object data="x.swf"><embed src="x.swf"></object>\n'
    )
    assert reported == [
        ("x-unsafe-html", "event handler onclick was removed from <div>", 3),
        ("x-unsafe-html", "event handler onmouseover was removed from <div>", 3),
        ("x-unsafe-html", "unsafe HTML element <script> was removed", 4),
        ("x-unsafe-html", "unsafe HTML element <iframe> was removed", 5),
        ("x-unsafe-html", "unsafe HTML element <form> was removed", 6),
        ("x-unsafe-html", "javascript: URL in href was removed from <a>", 9),
        ("x-unsafe-html", "vbscript: URL in href was removed from <a>", 9),
        ("x-unsafe-html", "data: URL in src was removed from <img> (the book embeds its own files)", 9),
        ("x-unsafe-html", "unsafe HTML element <style> was removed", 11),
        ("x-unsafe-html", "unsafe HTML element <object> was removed", 13),
    ]
    html = lxml_html.tostring(root, encoding="unicode")
    for gone in ("script", "iframe", "form", "input", "button", "style", "object", "embed", "onclick", "alert", "Go"):
        assert gone not in html, gone
    assert [a.get("href") for a in root.iter("a")] == [None, None, "https://example.com", "mailto:a@b.c"]
    assert root.find(".//img").get("src") is None and root.find(".//img").get("alt") == "c"


def test_unknown_elements_are_unwrapped_with_their_text_and_a_warning():
    root, reported = clean(
        'Intro.\n\n<Sidebar kind="tip">\n<p>Inside.</p>\n</Sidebar>\n\nA <custom-thing>kept</custom-thing> word.\n'
    )
    assert reported == [
        ("x-unknown-html", "unknown HTML element <sidebar> was unwrapped (its text kept)", 3),
        ("x-unknown-html", "unknown HTML element <custom-thing> was unwrapped (its text kept)", 7),
    ]
    assert root.find(".//sidebar") is None and root.find(".//custom-thing") is None
    assert root.xpath("//p[.='Inside.']") and "A kept word." in root.text_content()


def test_inline_svg_keeps_its_drawing_and_loses_scripts_and_external_references():
    root, reported = clean(
        "Intro.\n\n<div>\n"
        '<svg viewBox="0 0 10 10" width="100"><title>A square</title><defs><linearGradient id="g">\n'
        '<stop offset="0" stop-color="red"/></linearGradient><clipPath id="c"><rect width="5" height="5"/></clipPath>\n'
        '</defs><g><rect width="10" height="10" fill="url(#g)" clip-path="url(#c)"/><circle cx="5" cy="5" r="2"/>\n'
        '<path d="M0 0L10 10"/><text x="1" y="9">A<tspan>b</tspan></text><use href="#g"/></g>\n'
        "<script>alert(1)</script><foreignObject><p>html</p></foreignObject>\n"
        '<use href="https://x.org/s.svg#a"/><rect fill="url(https://x.org/p.svg#p)" onload="x()"/>\n'
        '<image href="photo.png"/></svg>\n</div>\n'
    )
    assert reported == [
        ("x-unsafe-html", "unsafe HTML element <script> was removed", 8),
        ("x-unsafe-html", "unsafe HTML element <foreignobject> was removed", 8),
        ("x-unsafe-html", "external reference https://x.org/s.svg#a in href was removed from <use>", 9),
        ("x-unsafe-html", "external reference in fill was removed from <rect>", 9),
        ("x-unsafe-html", "event handler onload was removed from <rect>", 9),
        ("x-unsafe-html", "SVG element <image> is not allowed and was removed", 10),
    ]
    svg = root.find(".//svg")
    kept = {element.tag for element in svg.iter()}
    assert {"svg", "title", "defs", "lineargradient", "stop", "clippath", "g", "rect", "circle", "path"} <= kept
    assert {"text", "tspan", "use"} <= kept and not {"script", "foreignobject", "image", "p"} & kept
    assert svg.get("viewbox") == "0 0 10 10" and svg.find("g/rect").get("fill") == "url(#g)"
    assert [use.get("href") for use in svg.iter("use")] == ["#g", None]


def test_style_attributes_keep_layout_and_lose_what_loads_files():
    root, _ = clean('<p style="color: red; background: url(https://x.org/t.png); display: none">x</p>\n')
    assert root.find(".//p").get("style") == "color:red;display:none"


def test_a_raw_html_block_knows_the_line_of_each_tag_even_across_blank_lines():
    root, _ = clean(
        "Intro.\n\n<aside>\n<b>Why?</b>\n\nBecause.\n\n</aside>\n\n<div>\n<img src=x.png>\n</div>\n"
    )  # (a <details> is read as Markdown, as CommonMark reads it: markdown/blocks.py)
    assert root.find(".//aside").get("data-line") == "3" and root.find(".//b").get("data-line") == "4"
    assert root.find(".//div").get("data-line") == "10" and root.find(".//img").get("data-line") == "11"


def test_the_reader_reports_them_at_file_and_line(tmp_path: Path):
    book = tmp_path / "book.md"
    book.write_text("---\ntitle: T\n---\n\n# One\n\nText <b onclick='x()'>bold</b>.\n\n<Sidebar>Kept.</Sidebar>\n")
    diagnostics = Diagnostics()
    loaded = load_book(book, diagnostics)
    assert [f"{f.file.name}:{f.line}: {f.severity}: {f.code} {f.message}" for f in diagnostics.findings] == [
        "book.md:7: warning: x-unsafe-html event handler onclick was removed from <b>",
        "book.md:9: warning: x-unknown-html unknown HTML element <sidebar> was unwrapped (its text kept)",
    ]
    assert "Kept." in loaded.chapters[0].body.text_content()


def test_inline_svg_is_written_in_its_namespace_with_its_own_names_for_the_ebook():
    root, _ = clean(
        '<div>\n<svg viewBox="0 0 10 10"><linearGradient id="g"/><use xlink:href="#g"/><text>T</text></svg>\n</div>\n'
    )
    svg_for_xhtml(root)
    xhtml = serialize(root, xhtml=True)
    assert '<svg xmlns="http://www.w3.org/2000/svg" data-line="2" viewBox="0 0 10 10">' in xhtml
    assert '<linearGradient data-line="2" id="g"/><use data-line="2" href="#g"/><text data-line="2">T</text>' in xhtml
    assert 'viewBox="0 0 10 10"' in serialize(root, xhtml=False)  # the print HTML reads the same


def test_an_ebook_page_with_inline_svg_declares_it():
    root, _ = clean('Text.\n\n<svg viewBox="0 0 1 1"><rect width="1" height="1"/></svg>\n')
    page, plain = xhtml_item("one", "<html/>"), xhtml_item("two", "<html/>")
    declare_math(page, root)
    declare_math(plain, clean("Text.\n")[0])
    assert page.properties == ["svg"] and plain.properties == []
