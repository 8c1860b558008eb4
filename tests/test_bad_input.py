"""Bad input, one small book each: the metadata, the files, the paths, raw HTML, nesting and size.

Each case says what an author sees: one ``file:line: message`` per problem and exit status 2 with
the previous outputs untouched, or a warning and a sensible result. Nothing is fetched from the
network (it is cut off while a case runs), no traceback is printed. Images and the print-only
limits are in test_bad_input_images.py; the BibTeX reader's cases in its own tests.
"""

from __future__ import annotations

import os
import re
import time

import pytest
from bad_books import BOOK_YAML, bad_book, builds, fails

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture()
def book(tmp_path, monkeypatch, capsys):
    return bad_book(tmp_path, monkeypatch, capsys)


# book.yaml ----------------------------------------------------------------------------------------


def test_invalid_yaml_is_its_line(book):
    book.write("manuscript/book.yaml", "title: [Bad Input\ncontents: [01.md]\n")
    fails(book.run(), book, "manuscript/book.yaml:2: invalid YAML: expected ',' or ']', but got ':'")


def test_a_tab_in_yaml_indentation(book):
    book.write("manuscript/book.yaml", "title: Bad Input\n\tcontents: [01.md]\n")
    fails(book.run(), book, "manuscript/book.yaml:2: invalid YAML: found character '\\t' that cannot start any token")


def test_empty_book_yaml_needs_a_title(book):
    book.write("manuscript/book.yaml", "")
    fails(book.run(), book, "manuscript/book.yaml:1: metadata needs a 'title'")


def test_book_yaml_that_is_no_mapping(book):
    book.write("manuscript/book.yaml", "- Bad Input\n- 01.md\n")
    fails(book.run(), book, "manuscript/book.yaml:1: metadata must be a mapping of keys to values")


def test_a_value_yaml_cannot_construct_is_a_yaml_error_at_its_line(book):
    book.write("manuscript/book.yaml", BOOK_YAML + "date: 2024-13-45\n")
    fails(book.run(), book, "manuscript/book.yaml:5: invalid YAML: month must be in 1..12 in '2024-13-45'")


def test_a_key_given_twice(book):
    book.write("manuscript/book.yaml", BOOK_YAML + "title: Another Title\n")
    fails(book.run(), book, "manuscript/book.yaml:5: key 'title' is given twice (first at line 1)")


def test_python_tags_are_not_constructed(book):
    book.write("manuscript/book.yaml", "title: !!python/object/apply:os.system [echo hi]\ncontents: [01.md]\n")
    outcome = book.run()
    assert outcome.lines == [
        "manuscript/book.yaml:1: invalid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'"
    ]
    fails(outcome, book, *outcome.lines)


def test_wrong_types_each_at_its_line(book):
    book.write(
        "manuscript/book.yaml",
        "title: 42\n"
        "subtitle: [a, b]\n"
        "author: {x: 1}\n"
        "contents: 01.md\n"
        "print: 5\n"
        "shift-heading-level-by: one\n"
        "date: [2024]\n"
        "numbering: {figures: yes}\n",
    )
    fails(
        book.run(),
        book,
        "manuscript/book.yaml:1: 'title' must be text",
        "manuscript/book.yaml:2: 'subtitle' must be text",
        "manuscript/book.yaml:3: 'author' must be a name, or a list of names or of {name, role}",
        "manuscript/book.yaml:4: 'contents' must be a list of Markdown files",
        "manuscript/book.yaml:6: 'shift-heading-level-by' is a whole number from -5 to 5, e.g. -1 to make '##' a chapter",
        "manuscript/book.yaml:5: 'print' must be a mapping",
        "manuscript/book.yaml:8: 'numbering' is {figures: book|chapter, tables: book|chapter}",
    )


def test_values_out_of_range(book):
    book.write(
        "manuscript/book.yaml",
        BOOK_YAML + "print: {trim: 0x0in, max-pages: 0}\nwords: {figure: Fig.}\n",
    )
    fails(
        book.run(),
        book,
        "manuscript/book.yaml:5: trim size '0x0in' is out of range: each side from 1 to 40 in (25.4 to 1016 mm)",
        "manuscript/book.yaml:6: words: 'figure' is a singular and a plural, e.g. figure: [Figure, Figures]",
    )
    book.write("manuscript/book.yaml", BOOK_YAML.replace("lang: en", "lang: english!") + "print: {max-pages: -3}\n")
    fails(
        book.run(),
        book,
        "manuscript/book.yaml:2: 'lang' is a language tag such as en, en-US or de-CH, not 'english!'",
        "manuscript/book.yaml:5: print max-pages must be a whole number of pages, e.g. 3000, not '-3'",
    )


def test_unknown_keys_say_what_was_meant(book):
    book.write(
        "manuscript/book.yaml",
        BOOK_YAML + "autor: Ada\nprint: {trimm: a5}\nepub: {font: none}\nwords: {figur: [Fig., Figs.]}\n",
    )
    fails(
        book.run(),
        book,
        "manuscript/book.yaml:5: unknown metadata key 'autor' (did you mean 'author'?)",
        "manuscript/book.yaml:6: unknown print setting 'trimm' (did you mean 'trim'?)",
        "manuscript/book.yaml:8: unknown word 'figur' (did you mean 'figure'?)",
    )
    book.write("manuscript/book.yaml", BOOK_YAML + "epub: {font: none}\n")
    fails(book.run(), book, "manuscript/book.yaml:5: unknown epub setting 'font' (did you mean 'fonts'?)")


# Encodings and line ends -------------------------------------------------------------------------


def test_a_chapter_that_is_not_utf8_is_its_first_bad_line(book):
    book.write("manuscript/01.md", "# One\n\nA caf\xe9 in Latin-1.\n".encode("latin-1"))
    fails(book.run(), book, "manuscript/01.md:3: file is not UTF-8 text (byte 0xe9 on this line): save it as UTF-8")


def test_book_yaml_that_is_not_utf8(book):
    book.write("manuscript/book.yaml", "title: Caf\xe9\ncontents: [01.md]\n".encode("cp1252"))
    fails(book.run(), book, "manuscript/book.yaml:1: file is not UTF-8 text (byte 0xe9 on this line): save it as UTF-8")


def test_a_byte_order_mark_is_dropped(book):
    book.write("manuscript/book.yaml", "\ufeff" + BOOK_YAML)
    book.write("manuscript/01.md", "\ufeff# One\n\nText.\n")
    builds(book.run(), book)
    pages = book.epub_pages()
    assert "\ufeff" not in pages and re.search(r"<h1[^>]*>One</h1>", pages)


def test_a_single_file_with_a_byte_order_mark_and_crlf(book):
    book.write("book.md", "\ufeff---\r\ntitle: Bad Input\r\n---\r\n\r\n# One\r\n\r\nSee @sec:gone.\r\n")
    outcome = book.run("epub", "-m", "book.md")
    fails(outcome, book, "book.md:7: unknown cross-reference label '@sec:gone'")


def test_crlf_and_cr_line_ends_keep_their_line_numbers(book):
    book.write("manuscript/book.yaml", BOOK_YAML.replace("\n", "\r\n"))
    book.write("manuscript/01.md", "# One\r\n\r\nText.\r\n\r\n## Two {#sec:two}\r\n\r\nSee @sec:two and @sec:gone.\r\n")
    fails(book.run(), book, "manuscript/01.md:7: unknown cross-reference label '@sec:gone'")
    book.write("manuscript/01.md", "# One\r\rText.\r\rSee @sec:gone.\r")  # classic Mac OS
    fails(book.run(), book, "manuscript/01.md:5: unknown cross-reference label '@sec:gone'")


def test_the_books_words_and_dictionary_files(book):
    book.write("styles/words/en.yaml", "figure: [Fig., Figs.\n")
    fails(book.run(), book, "styles/words/en.yaml:2: invalid YAML: expected ',' or ']', but got '<stream end>'")
    (book.root / "styles/words/en.yaml").unlink()
    book.write("manuscript/dictionary.txt", "Yezhov\ncaf\xe9\n".encode("latin-1"))
    outcome = book.run("check")
    assert (outcome.status, outcome.out) == (2, "") and "Traceback" not in outcome.err
    assert outcome.lines == [
        "manuscript/dictionary.txt:2: file is not UTF-8 text (byte 0xe9 on this line): save it as UTF-8"
    ]


# Contents -----------------------------------------------------------------------------------------


def test_an_empty_chapter_is_a_warning(book):
    book.write("manuscript/book.yaml", BOOK_YAML + "  - 02.md\n")
    book.write("manuscript/02.md", "\n  \n")
    builds(book.run(), book, "manuscript/book.yaml:5: warning: 02.md is empty: nothing of it is in the book")


def test_a_chapter_listed_twice(book):
    book.write("manuscript/book.yaml", BOOK_YAML + "  - ./01.md\n")
    fails(book.run(), book, "manuscript/book.yaml:5: 01.md is listed twice in contents (first at line 4)")


def test_a_folder_where_a_file_is_expected(book):
    book.write("manuscript/book.yaml", BOOK_YAML + "  - part-two\n")
    book.write("manuscript/part-two/03.md", "# Three\n")
    book.write("images/figures/keep", "")
    book.chapter("![A folder.](../images/figures)")
    fails(
        book.run(),
        book,
        "manuscript/book.yaml:5: chapter file is a folder: part-two (list the Markdown files in it)",
        "manuscript/01.md:3: a folder, not a file: ../images/figures",
    )


def test_a_missing_chapter_only_says_so(book):
    book.write("manuscript/book.yaml", BOOK_YAML.replace("01.md", "00.md"))
    fails(book.run(), book, "manuscript/book.yaml:4: chapter file not found: 00.md")


@pytest.mark.skipif(ROOT_USER, reason="root reads files whatever their permissions")
def test_unreadable_files(book):
    book.write("manuscript/book.yaml", BOOK_YAML + "  - 02.md\n")
    os.chmod(book.write("manuscript/02.md", "# Two\n"), 0)
    os.chmod(book.write("styles/custom.css", "p { color: black; }\n"), 0)
    fails(
        book.run(),
        book,
        "manuscript/book.yaml:5: file cannot be read (permission denied): 02.md",
        "styles/custom.css:1: file cannot be read (permission denied): custom.css",
    )
    os.chmod(book.manuscript / "book.yaml", 0)
    fails(book.run(), book, "manuscript/book.yaml:1: file cannot be read (permission denied): book.yaml")


# Paths that leave the book, and the network -------------------------------------------------------


def test_paths_that_leave_the_book(book):
    outside = book.root.parent / "secret"
    outside.mkdir()
    (outside / "photo.png").write_bytes(b"\x89PNG")
    (outside / "chapter.md").write_text("# Secret\n")
    (book.images / "linked.png").symlink_to(outside / "photo.png")
    (book.manuscript / "02.md").symlink_to(outside / "chapter.md")
    book.write("manuscript/book.yaml", BOOK_YAML + "  - 02.md\n  - ../secret/chapter.md\ncover-image: /etc/hosts\n")
    book.chapter(
        "![Up.](../../secret/photo.png)\n\n![Absolute.](/etc/hosts)\n\n![Linked.](../images/linked.png)\n\n"
        "[A link out](../../secret/chapter.md)"
    )
    fails(
        book.run(),
        book,
        "manuscript/book.yaml:5: chapter file outside the manuscript folder: 02.md",
        "manuscript/book.yaml:6: chapter file outside the manuscript folder: ../secret/chapter.md",
        "manuscript/01.md:3: file outside the book's folders: ../../secret/photo.png",
        "manuscript/01.md:5: file outside the book's folders: /etc/hosts",
        f"manuscript/01.md:7: file outside the book's folders: ../images/linked.png (a link to {outside / 'photo.png'})",
        "manuscript/book.yaml:7: file outside the book's folders: /etc/hosts",
        "manuscript/01.md:9: link to a file that is not in the book: ../../secret/chapter.md",
    )


def test_remote_and_file_urls_are_refused_and_never_fetched(book):
    book.chapter(
        "![Remote.](https://example.com/a.png)\n\n"
        '<img src="http://127.0.0.1:9/b.png" alt="Raw.">\n\n'
        "![Protocol-relative.](//example.com/c.png)\n\n"
        "![Local file.](file:///etc/hosts)\n\n"
        "A [link to the web](https://example.com) is fine: links are not fetched."
    )
    fails(
        book.run(),
        book,
        "manuscript/01.md:3: remote resource not allowed (builds never use the network): https://example.com/a.png",
        "manuscript/01.md:5: remote resource not allowed (builds never use the network): http://127.0.0.1:9/b.png",
        "manuscript/01.md:7: remote resource not allowed (builds never use the network): //example.com/c.png",
        "manuscript/01.md:9: file: URL not allowed (name the file by its path in the book): file:///etc/hosts",
    )


def test_a_stylesheet_that_loads_from_outside_the_book(book):
    book.write(
        "styles/custom.css",
        '@import url("https://fonts.example.com/a.css");\n'
        "body { background: url(http://127.0.0.1:9/paper.png); }\n"
        "h1 { background: url('file:///etc/hosts'); }\n"
        "p { background: url(../../../outside.png); }\n"
        "li { background: url(#fine) url(data:image/png;base64,AAAA); }\n",
    )
    fails(
        book.run(),
        book,
        "styles/custom.css:1: stylesheet loads a remote resource (builds never use the network): "
        "https://fonts.example.com/a.css",
        "styles/custom.css:2: stylesheet loads a remote resource (builds never use the network): "
        "http://127.0.0.1:9/paper.png",
        "styles/custom.css:3: stylesheet loads a file: URL (name the file by its path in the book): file:///etc/hosts",
        "styles/custom.css:4: stylesheet loads a file outside the book's folders: ../../../outside.png",
    )


def test_a_stylesheet_that_is_not_utf8(book):
    book.write("styles/custom.css", "p { color: black; }\nq { quotes: '\xab' '\xbb'; }\n".encode("latin-1"))
    fails(book.run(), book, "styles/custom.css:2: file is not UTF-8 text (byte 0xab on this line): save it as UTF-8")


# Raw HTML -----------------------------------------------------------------------------------------


def test_unsafe_raw_html_is_removed_with_a_warning(book):
    book.chapter(
        "Text <script>alert(1)</script> more.\n\n"
        '<iframe src="https://example.com"></iframe>\n\n'
        '<p onclick="steal()">A handler.</p>\n\n'
        "[Markdown](javascript:alert(1))\n\n"
        '<a href="JaVa&#x09;script:alert(2)">hidden in a tab</a>\n\n'
        '<a href="file:///etc/passwd">a local file</a>'
    )
    builds(
        book.run(),
        book,
        "manuscript/01.md:3: warning: unsafe HTML element <script> was removed",
        "manuscript/01.md:5: warning: unsafe HTML element <iframe> was removed",
        "manuscript/01.md:7: warning: event handler onclick was removed from <p>",
        "manuscript/01.md:9: warning: javascript: URL in href was removed from <a>",
        "manuscript/01.md:11: warning: javascript: URL in href was removed from <a>",
        "manuscript/01.md:13: warning: file: URL in href was removed from <a>",
    )
    pages = book.epub_pages().lower()
    for gone in ("<script", "alert(", "<iframe", "onclick", "javascript", "java%09script", "file:"):
        assert gone not in pages, gone
    assert "hidden in a tab</a>" in pages and "a handler." in pages


# Nesting and size ---------------------------------------------------------------------------------


def test_lists_nested_too_deep(book):
    book.chapter("\n".join("  " * level + "- item" for level in range(101)))
    fails(book.run(), book, "manuscript/01.md:3: <ul> nested more than 100 levels deep, which no edition can lay out")


def test_quotes_nested_too_deep(book):
    book.chapter(">" * 101 + " Deep.")
    fails(
        book.run(),
        book,
        "manuscript/01.md:3: <blockquote> nested more than 100 levels deep, which no edition can lay out",
    )


def test_raw_html_nested_too_deep(book):
    book.chapter("<div>" * 3000 + "Deep." + "</div>" * 3000)
    fails(book.run(), book, "manuscript/01.md:3: <div> nested more than 100 levels deep, which no edition can lay out")


def test_emphasis_too_deep_for_the_markdown_reader(book):
    book.chapter("Fine.\n\n" + "*" * 5000 + "deep" + "*" * 5000)
    fails(
        book.run(),
        book,
        "manuscript/01.md:5: nested too deeply to read: lists, quotes or emphasis more than 100 levels deep",
    )


def test_metadata_markdown_too_deep(book):
    book.write("manuscript/book.yaml", BOOK_YAML + "back-cover: |\n  " + ">" * 120 + " Deep.\n")
    fails(
        book.run(),
        book,
        "manuscript/book.yaml:5: <blockquote> nested more than 100 levels deep, which no edition can lay out",
    )


def test_nesting_a_book_may_have_is_read(book):
    book.chapter("\n".join("  " * level + "- item" for level in range(30)) + "\n\n" + ">" * 30 + " Quoted.")
    builds(book.run(), book)


def test_a_paragraph_of_megabytes(book):
    book.chapter("Short.\n\n" + "word " * 600_000)
    fails(
        book.run(),
        book,
        "manuscript/01.md:5: a paragraph of 3,000,000 characters: the most one paragraph may hold is 500,000 "
        "(the print layout would take hours); break it into paragraphs",
    )


def test_thousands_of_brackets_take_linear_time(book):
    book.chapter("[" * 20_000 + "x" + "]" * 10_000 + " and [a link](02.md) " + "[" * 20_000)
    started = time.monotonic()
    outcome = book.run()
    assert time.monotonic() - started < 10  # quadratic, as Python-Markdown's own: minutes
    fails(outcome, book, "manuscript/01.md:3: link to a file that is not in the book: 02.md")


# Ids and labels given twice -----------------------------------------------------------------------


def test_duplicate_ids_and_labels(book):
    book.chapter(
        "## Alpha {#sec:a}\n\nText.\n\n## Beta {#sec:a}\n\nSee @sec:a.\n\n"
        '<span id="x">one</span>\n\n<span id="x">two</span>'
    )
    check = book.run("check")
    assert check.status == 1 and "Traceback" not in check.err
    assert check.out.splitlines() == [
        "manuscript/01.md:7:11: r-duplicate-id id 'sec:a' is already used at manuscript/01.md:3",
        "manuscript/01.md:13:11: r-duplicate-id id 'x' is already used at manuscript/01.md:11",
    ]
    builds(book.run(), book)  # the build makes every id unique; the reference goes to the first
    pages = book.epub_pages()
    ids = re.findall(r' id="([^"]+)"', pages)
    assert len(ids) == len(set(ids))
    assert re.search(r'<a [^>]*href="[^"]*#sec-a"', pages)
