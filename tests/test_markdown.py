"""The Markdown layer: Pandoc's conventions on Python-Markdown, with source lines."""

from __future__ import annotations

from lxml import html as lxml_html

from pressroom.findings import Diagnostics
from pressroom.manuscript import load_book
from pressroom.markdown import ReferenceRegistry, convert, to_html


def tree(text: str, lang: str = "en"):
    return lxml_html.fragment_fromstring(to_html(text, lang)[0], create_parent="div")


def test_every_block_knows_its_line_even_after_code_and_raw_html():
    root = tree("# Title\n\n```\ncode\n\nmore code\n```\n\n<div>raw</div>\n\nA paragraph.\n\n## Next\n")
    assert root.xpath("//p[.='A paragraph.']")[0].get("data-line") == "11"
    assert root.xpath("//h2")[0].get("data-line") == "13"


def test_footnote_definitions_know_their_lines():
    _, lines = to_html("Text.[^a]\n\n[^a]: The note.\n", "en")
    assert lines == {"a": 3}


def test_smart_punctuation_follows_the_language():
    assert "“quoted” – and — it’s…" in tree('"quoted" -- and --- it\'s...').text_content()
    assert "„zitiert“" in tree('"zitiert"', "de").text_content()
    assert "«\u00a0cité\u00a0»" in tree('"cité"', "fr").text_content()


def test_figure_caption_alt_and_credit_are_separate():
    root = tree('![A *caption*.](x.svg){#fig:x alt="What it shows." credit="Data: Y."}')
    figure = root.find("figure")
    assert figure.get("id") == "fig:x"
    assert figure.find("img").get("alt") == "What it shows."
    assert (
        lxml_html.tostring(figure.find(".//span[@class='caption-text']"), encoding="unicode")
        == '<span class="caption-text">A <em>caption</em>.</span>'
    )
    assert figure.find(".//span[@class='credit']").text == "Data: Y."


def test_an_image_inside_a_sentence_stays_inline():
    root = tree("Text with ![an icon](i.png) inside.")
    assert root.find("figure") is None and root.find(".//img") is not None


def test_verse_keeps_its_lines_and_indents():
    root = tree("| One line,\n|    and an indented one.")
    lines = root.xpath("//div[@class='line-block']/span[@class='line']")
    assert [line.text for line in lines] == ["One line,", "\u00a0\u00a0\u00a0and an indented one."]


def test_fenced_div_and_markdown_inside_html():
    root = tree('::: {.epigraph}\n> A quote.\n:::\n\n<div class="box" markdown="1">\n*emphasis*\n</div>')
    assert root.xpath("//div[@class='epigraph']/blockquote")
    assert root.xpath("//div[@class='box']//em[.='emphasis']")


def test_a_details_block_holds_markdown_as_commonmark_reads_it():
    """mdBook's collapsible note: its text is Markdown, not backticks and brackets printed as typed."""
    root = tree("<details>\n<summary>Why</summary>\n\nPass `--approx`; see [counting](x.html).\n\n</details>\n")
    assert root.xpath("//details/summary[.='Why']") and root.xpath("//details/p/code[.='--approx']")
    assert root.xpath("//details/p/a[@href='x.html'][.='counting']")
    assert "<details>" in tree("```html\n<details>\n```\n").text_content()  # in code, as typed


def test_blockquote_class_from_the_line_after_it():
    root = tree("> Stalin is too rude.\n>\n> ---Lenin\n{.epigraph}\n")
    assert root.xpath("//blockquote[@class='epigraph']")


def test_table_caption_and_id():
    root = tree("| A | B |\n|---|--:|\n| 1 | 2 |\n\n: Numbers. {#tbl:n}\n")
    table = root.find(".//table")
    assert table.get("id") == "tbl:n" and table.find("caption").text == "Numbers."


def test_citations_and_cross_references_become_typed_records():
    registry = ReferenceRegistry()
    html = convert(
        "As @doe2020 [p. 4] says [see @a, ch. 3; @b] in @fig:x and [-@fig:x], mail a@b.org.", "en", registry
    ).html
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    citations = [registry.citations[c.get("data-ref")] for c in root.find_class("citation")]
    assert [[item.key for item in c.items] for c in citations] == [["doe2020"], ["a", "b"]]
    assert citations[0].in_text and citations[0].items[0].locator == "p. 4"
    assert (citations[1].items[0].prefix, citations[1].items[0].locator) == ("see", "ch. 3")
    crossrefs = [registry.crossrefs[x.get("data-ref")] for x in root.find_class("xref")]
    assert [(x.items[0].key, x.items[0].suppress_author) for x in crossrefs] == [("fig:x", False), ("fig:x", True)]
    assert "a@b.org" in root.text_content()


def test_bracketed_spans_carry_their_attributes():
    root = tree('[Nikolai Yezhov]{.index term="Yezhov, Nikolai"}')
    span = root.find(".//span")
    assert (span.get("class"), span.get("term"), span.text) == ("index", "Yezhov, Nikolai", "Nikolai Yezhov")


def test_a_quote_before_a_footnote_reference_closes():
    text = 'He called them "[Stalin\'s genocides.]{.index}"[^a] Then "more."[^b]\n\n[^a]: x\n[^b]: y'
    assert "“Stalin’s genocides.”1 Then “more.”2" in tree(text).text_content()


def test_fences_with_info_strings_keep_their_code_and_the_headings_after_them():
    root = tree(
        "```rust,ignore\nfn main() {\n\tlet x = 1;\n}\n```\n\n## After\n\n"
        '```python title="demo.py"\nprint(1)\n```\n\n```{.c}\nint x;\n```\n'
    )
    codes = [pre.text_content() for pre in root.iter("pre")]
    assert codes == ["fn main() {\n\tlet x = 1;\n}\n", "print(1)\n", "int x;\n"]
    assert root.find(".//h2").text == "After"
    assert root.find_class("filename")[0].text == "demo.py"
    assert root.find_class("kd") or root.find_class("k")  # highlighted as Rust


def test_fences_inside_blockquotes_and_list_items_stay_code():
    root = tree(
        "> Quote:\n>\n> ```python\n> # not a heading\n> x = 1\n> ```\n\n"
        "1. Step:\n\n   ```console\n   $ tally --help\n   ```\n"
    )
    assert root.find(".//h1") is None
    assert root.find(".//blockquote//pre").text_content() == "# not a heading\nx = 1\n"
    assert root.find(".//li//pre").text_content() == "$ tally --help\n"


def test_an_unclosed_fence_is_a_problem_at_its_line():
    conversion = convert("Text.\n\n```python\nx = 1\n", "en", ReferenceRegistry())
    assert [(p.line, p.code) for p in conversion.problems] == [(3, "x-unclosed-fence")]


def test_an_unclosed_fenced_div_is_a_problem_at_its_line_and_code_is_not_a_div():
    text = "Text.\n\n::: {.aside}\nAside.\n\n```\n:::\n```\n\n# Next\n"
    conversion = convert(text, "en", ReferenceRegistry())
    assert [(p.line, p.code, p.message) for p in conversion.problems] == [
        (3, "x-unclosed-div", "fenced div '::: …' is never closed (close it with a line ':::')")
    ]
    assert '<code><span class="line">:::' in conversion.html


def test_an_unclosed_html_element_is_a_problem_at_its_line():
    text = (
        'Text.\n\n<div class="box">\nNever closed.\n\n# Next\n\n<details><summary>More</summary>\n\nx\n\n</details>\n'
    )
    conversion = convert(text, "en", ReferenceRegistry())
    message = "HTML element <div> is never closed (it would take in the rest of the file as raw HTML)"
    assert [(p.line, p.code, p.message) for p in conversion.problems] == [(3, "x-unclosed-html", message)]
    closed = convert("<details><summary>More</summary>\n\nx\n\n</details>\n\n<p>a\n", "en", ReferenceRegistry())
    assert closed.problems == []


def test_a_malformed_footnote_definition_is_named_as_such(tmp_path):
    path = tmp_path / "book.md"
    path.write_text("---\ntitle: T\n---\n\n# One\n\nA[^1] here.\n\n[^1] : the note.\n", encoding="utf-8")
    diagnostics = Diagnostics()
    load_book(path, diagnostics)
    assert [(f.line, f.code) for f in diagnostics.errors] == [(7, "r-undefined-note"), (9, "r-malformed-note")]
    assert diagnostics.errors[1].message == (
        "footnote definition '[^1] :' is malformed (write '[^1]: text' at the start of a line)"
    )


def test_lists_nested_by_two_spaces_nest_as_commonmark_reads_them():
    root = tree("- fruit\n  - apples\n    - cox\n- bread\n\n1. one\n   - sub\n2. two\n")
    assert [li.text.strip() for li in root.xpath("//ul/li/ul/li/ul/li")] == ["cox"]
    assert [li.text.strip() for li in root.xpath("/div/ul/li")] == ["fruit", "bread"]
    assert [li.text.strip() for li in root.xpath("//ol/li/ul/li")] == ["sub"]


def test_strike_subscript_superscript_and_task_lists():
    root = tree("~~gone~~ H~2~O x^2^\n\n- [x] done\n- [ ] to do\n")
    assert (root.find(".//del").text, root.find(".//sub").text, root.find(".//sup").text) == ("gone", "2", "2")
    assert [box.text for box in root.find_class("task-box")] == ["\u2611", "\u2610"]
    assert root.find(".//input") is None


def test_an_apostrophe_after_emphasis_or_code_is_an_apostrophe():
    assert "Scope’d and x’s" in tree("*Scope*'d and `x`'s").text_content()


def test_a_pandoc_inline_note_is_a_problem_at_its_line_not_printed_as_typed(tmp_path):
    path = tmp_path / "book.md"
    path.write_text("---\ntitle: T\n---\n\n# One\n\nText with a note.^[An inline note.] More.\n\n`a ^[b]` in code.\n")
    diagnostics = Diagnostics()
    load_book(path, diagnostics)
    assert [(f.line, f.code) for f in diagnostics.errors] == [(7, "x-raw-markup")]
    assert "inline note '^[…]' is not read here" in diagnostics.errors[0].message
