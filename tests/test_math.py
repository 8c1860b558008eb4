"""Math: Pandoc's dollars read into the Book (pressroom/markdown/math.py), typeset per edition
(pressroom/math.py): MathML in the EPUB, SVG in print and on the HTML page."""

from __future__ import annotations

from pathlib import Path

from conftest import epub_text
from lxml import etree
from lxml import html as lxml_html

from pressroom.book import Chapter
from pressroom.epub import EpubPolicy
from pressroom.findings import Diagnostics
from pressroom.manuscript import load_book
from pressroom.markdown import ReferenceRegistry, convert
from pressroom.math import MATHML, SVG, problem
from pressroom.render import EditionPolicy, chapter_markup

MATH = f"{{{MATHML}}}math"


def read(text: str):
    conversion = convert(text, "en", ReferenceRegistry())
    return lxml_html.fragment_fromstring(conversion.html, create_parent="div"), conversion.problems


def formulas(root) -> list[tuple[str, str, str]]:
    return [(e.tag, e.get("class"), e.get("data-tex")) for e in root.iter() if e.get("data-tex") is not None]


def test_inline_and_display_math_carry_their_tex():
    root, problems = read("Euler: $e^{i\\pi} + 1 = 0$, and\n\n$$\n\\sum_i i\n$$\n\nin text $$a_b$$ too.\n")
    assert formulas(root) == [
        ("span", "math inline", "e^{i\\pi} + 1 = 0"),
        ("div", "math display", "\\sum_i i"),
        ("span", "math display", "a_b"),
    ]
    assert root.find("div").get("data-line") == "3"  # a display block keeps its line
    assert problems == []


def test_tex_is_not_read_as_markdown():
    root, _ = read("$a_1 * b_2 * c$ and $f'(x)$ and `$code$`\n")
    assert [tex for _, _, tex in formulas(root)] == ["a_1 * b_2 * c", "f'(x)"]
    assert root.find(".//code").text == "$code$"


def test_prices_and_escaped_dollars_stay_text():
    text = "It cost $5 and $10, then $20,000 and $30,000; \\$x\\$ is not math, nor $ x$, $x $ or $1$2.\n"
    root, problems = read(text)
    assert formulas(root) == []
    assert root.text_content().strip() == (
        "It cost $5 and $10, then $20,000 and $30,000; $x$ is not math, nor $ x$, $x $ or $1$2."
    )
    assert problems == []


def test_dollars_in_addresses_stay_in_them():
    root, _ = read('[a](https://x.org/a$b$c), <https://x.org/$p$q>, <a href="u$v$w">x</a> and $x<y$.\n')
    assert [a.get("href") for a in root.iter("a")] == ["https://x.org/a$b$c", "https://x.org/$p$q", "u$v$w"]
    assert formulas(root) == [("span", "math inline", "x<y")]


def test_bad_tex_is_reported_at_its_line():
    _, problems = read("Fine $x$.\n\nA paragraph\nwith $\\frac{a$ in it\nand $\\foo x$.\n\n$$\n\\left( x\n$$\n")
    assert [(p.line, p.code) for p in problems] == [(4, "x-math"), (5, "x-math"), (8, "x-math")]
    assert problems[0].message == "math that could not be read: $\\frac{a$: a '{' is never closed"
    assert problems[1].message.endswith("unknown command '\\foo'")
    assert problems[2].message.endswith("a \\left without its \\right")


def test_an_unclosed_double_dollar_is_reported():
    _, problems = read("Text.\n\nOpens $$ x + y\nand never closes.\n\nEscaped \\$\\$ is fine.\n")
    assert [(p.line, p.message) for p in problems] == [(3, "math that could not be read: '$$' is never closed")]


def test_what_latex2mathml_would_pass_over_is_a_problem():
    assert problem("x^2", False) is None
    assert problem("\\begin{aligned} a &= b \\\\ &= c \\end{aligned}", True) is None
    assert "unknown environment 'gathered'" in problem("\\begin{gathered} a \\end{gathered}", True)
    assert "fraction is missing a part" in problem("\\frac a", False)
    assert "an '&' outside aligned" in problem("a & b", False)


def test_a_bad_formula_stops_the_reading_at_file_and_line(tmp_path: Path):
    book = tmp_path / "book.md"
    book.write_text("---\ntitle: T\n---\n\n# One\n\nGood $x$, bad $\\frac{a}$.\n", encoding="utf-8")
    diagnostics = Diagnostics()
    load_book(book, diagnostics)
    assert [f.location() for f in diagnostics.errors] == [
        f"{book}:7: math that could not be read: $\\frac{{a}}$: a fraction is missing a part (an argument in braces?)"
    ]


def chapter(text: str) -> Chapter:
    root, _ = read(text)
    title = lxml_html.Element("h1")
    return Chapter(file=Path("x.md"), line=1, role="chapter", id="x", title=title, body=root)


def test_the_epub_gets_mathml_with_its_tex_as_alttext():
    _, body = chapter_markup(chapter("Inline $x^2$.\n\n$$\\frac{a}{b}$$\n"), EpubPolicy(xhtml=True))
    root = etree.fromstring(f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>')
    inline, display = root.iter(MATH)
    assert (inline.get("alttext"), inline.get("display")) == ("x^2", "inline")
    assert (display.get("alttext"), display.get("display")) == ("\\frac{a}{b}", "block")
    assert "data-tex" not in body and "\\frac" not in "".join(root.itertext())


def test_print_and_html_get_svg_on_the_baseline_named_by_its_tex():
    _, body = chapter_markup(chapter("Inline $x_i^2$.\n"), EditionPolicy(keep_source=True))
    svg = lxml_html.fragment_fromstring(str(body), create_parent="div").find(".//svg")
    assert svg.get("role") == "img" and svg.get("aria-label") == "x_i^2"
    assert svg.find("title").text == "x_i^2"  # the PDF's tags take their alternative text from it
    style = dict(part.split(": ") for part in svg.get("style").split("; "))
    assert style["width"].endswith("em") and style["vertical-align"].startswith("-")  # subscript below the line
    assert f'xmlns="{SVG}"' in body


def test_an_epub_with_math_declares_it_and_passes_epubcheck(single_file_book, epubcheck_reports):
    """The single-file fixture has a formula in its second chapter."""
    opf = epub_text(single_file_book["epub"], "EPUB/content.opf")
    assert 'id="second-chapter" media-type="application/xhtml+xml" properties="mathml"' in opf
    assert opf.count('properties="mathml"') == 1  # only the page with math
    assert "schema:accessibilityFeature" in opf and ">MathML<" in opf
    messages = epubcheck_reports[single_file_book["epub"]]
    assert [m for m in messages if not (m["severity"] == "USAGE" and m["ID"] == "CSS-028")] == []  # @font-face
