"""`make_book.py check`: each check finds the problem planted in a clean fixture, at its file and
line; silencing works; the CLI prints sorted lines or JSON with the right exit status; and the
real book has no error-level finding."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

from pressroom.findings import Finding
from pressroom.proof import CODES
from pressroom.proof.checks import run_checks
from pressroom.proof.formats import as_dict

ROOT = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "check"
CH1, CH2, BIB, YAML = "01-one.md", "02-two.md", "references.bib", "book.yaml"
LAST = "The last words of the book."  # 02-two.md, line 7


@pytest.fixture()
def book(tmp_path) -> Path:
    """A writable copy of the clean fixture; returns its manuscript folder."""
    shutil.copytree(FIXTURE, tmp_path / "book")
    return tmp_path / "book" / "manuscript"


def plant(manuscript: Path, file: str, old: str, new: str) -> None:
    path = manuscript / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def codes_at(findings: list[Finding]) -> set[tuple[str, str, int]]:
    return {(f.code, Path(f.file).name, f.line) for f in findings}


def test_the_clean_fixture_has_no_findings():
    assert run_checks(FIXTURE / "manuscript") == []


# (file, text in the clean fixture, replacement) → (code, file, line[, column])
PLANTED = {
    # typography: what smart punctuation leaves wrong
    "straight quote after a digit": ((CH2, LAST, "He was 5'9\" tall."), ("t-straight-quote", CH2, 7, 9)),
    "elision curled as an opening quote": ((CH2, LAST, "And 'tis so."), ("t-straight-quote", CH2, 7, 5)),
    "escaped straight quote": ((CH2, LAST, 'He said \\"no\\" twice.'), ("t-straight-quote", CH2, 7, 10)),
    "straight quote in a raw HTML block": ((CH2, LAST, '<p>A "raw" word.</p>'), ("t-straight-quote", CH2, 7, 6)),
    "quote never closed": ((CH2, LAST, 'She said "no and left.'), ("t-unbalanced-quotes", CH2, 7, 10)),
    "closing quote without opening": (
        (CH2, LAST, "Words, and more words.\nThen \u201dnothing."),
        ("t-unbalanced-quotes", CH2, 8),
    ),
    "bracket never closed": ((CH2, LAST, "An aside (never closed."), ("t-unbalanced-brackets", CH2, 7, 10)),
    "bracket closing the wrong one": ((CH2, LAST, "An aside (see [this) here]."), ("t-unbalanced-brackets", CH2, 7)),
    "spaced dots": ((CH2, LAST, "Wait . . . then go."), ("t-ellipsis", CH2, 7, 6)),
    "four dots": ((CH2, LAST, "Wait.... then go."), ("t-ellipsis", CH2, 7, 5)),
    "hyphen in a year range": ((CH2, LAST, "From 1927-1953 he ruled."), ("t-range-hyphen", CH2, 7, 6)),
    "hyphen in a month range": ((CH2, LAST, "In May-June 1937 it grew."), ("t-range-hyphen", CH2, 7, 4)),
    "wrong ordinal": ((CH2, LAST, "The 21th congress met."), ("t-ordinal", CH2, 7, 5)),
    "decade with an apostrophe": ((CH2, LAST, "In the 1930's it grew."), ("t-decade-apostrophe", CH2, 7, 8)),
    "double space": ((CH2, LAST, "The last  words."), ("t-double-space", CH2, 7, 9)),
    "space before punctuation": ((CH2, LAST, "The last words , of all."), ("t-space-before-punctuation", CH2, 7, 15)),
    "repeated punctuation": ((CH2, LAST, "The last words,, of all."), ("t-repeated-punctuation", CH2, 7, 15)),
    "two dots": ((CH2, LAST, "The last words.."), ("t-repeated-punctuation", CH2, 7, 15)),
    "TODO in the text": ((CH2, LAST, "TODO: finish the book."), ("t-todo", CH2, 7, 1)),
    "FIXME in a comment": ((CH2, LAST, f"{LAST} <!-- FIXME: date -->"), ("t-todo", CH2, 7, 34)),
    "quote curled wrong in a footnote": ((CH1, 'says "enough."', 'says enough."'), ("t-unbalanced-quotes", CH1, 24)),
    # spelling
    "misspelled word": ((CH2, LAST, "The last wrods of the book."), ("s-misspelling", CH2, 7, 10)),
    "misspelled word in alt text": ((CH1, 'alt="Three bars', 'alt="Thre bars'), ("s-misspelling", CH1, 11)),
    "misspelled part of a compound": ((CH2, LAST, "A well-knwon book."), ("s-misspelling", CH2, 7, 8)),
    # consistency
    "British and American spellings": (
        (CH2, LAST, "Forced labor, forced labor, forced labour."),
        ("c-variant-spelling", CH2, 7, 36),
    ),
    "-ise and -ize": ((CH2, LAST, "They organize, organize and organise."), ("c-variant-spelling", CH2, 7, 29)),
    "closed and hyphenated": (
        (CH2, LAST, "Cooperation is cooperation, not co-operation."),
        ("c-variant-spelling", CH2, 7, 33),
    ),
    "a name in two transliterations": ((CH2, LAST, "Ezhov was Yezhov."), ("c-name-variant", CH2, 7, 1)),
    "a name with and without an accent": (
        (CH2, LAST, "Ramón Mercader, Ramón, and Ramon."),
        ("c-name-variant", CH2, 7, 28),
    ),
    "a name hyphenated and not": (
        (CH2, LAST, "Ter-Petrosian, Ter-Petrosian, Ter Petrosian."),
        ("c-name-variant", CH2, 7, 31),
    ),
    "repeated word": ((CH2, LAST, "The last words of the the book."), ("c-repeated-word", CH2, 7, 23)),
    "repeated word across lines": ((CH2, LAST, "The last words of the\nthe book."), ("c-repeated-word", CH2, 8, 1)),
    # references
    "unknown citation key": ((CH2, "@roe2019 argues", "[@nobody2000] argues"), ("r-unknown-citation", CH2, 3, 40)),
    "unknown cross-reference label": ((CH2, "@tbl:counts", "@tbl:nothing"), ("r-unknown-label", CH2, 3, 9)),
    "uncited bibliography entry": (
        (BIB, "@article{roe2019,", "@book{extra,\n  title = {Never Cited},\n  year = {2000}\n}\n\n@article{roe2019,"),
        ("r-uncited-entry", BIB, 8, 7),
    ),
    "link to a file not in the book": ((CH2, LAST, "See [the third](03-three.md)."), ("r-broken-link", CH2, 7, 17)),
    "link to an unknown id": ((CH2, LAST, "See [above](#sec:nowhere)."), ("r-broken-link", CH2, 7, 13)),
    "duplicate id": ((CH2, "## Later {#sec:two}", "## Later {#sec:one}"), ("r-duplicate-id", CH2, 5, 12)),
    # figures
    "missing image file": ((CH1, "../images/chart.svg", "../images/nothing.svg"), ("f-missing-image", CH1, 11, 27)),
    "figure without alt text": ((CH1, ' alt="Three bars rising from left to right."', ""), ("f-no-alt", CH1, 11)),
    "inline image without alt text": ((CH2, LAST, "A mark ![](../images/chart.svg) here."), ("f-no-alt", CH2, 7, 12)),
    "figure without caption": ((CH1, "![A chart of three bars.]", "![]"), ("f-no-caption", CH1, 11, 1)),
    # structure
    "heading level skipped": ((CH2, "## Later {#sec:two}", "### Later {#sec:two}"), ("x-heading-skip", CH2, 5)),
    "empty section": ((CH2, "## Later {#sec:two}", "## Empty\n\n## Later {#sec:two}"), ("x-empty-section", CH2, 5)),
    "empty section at the end": ((CH2, LAST, f"{LAST}\n\n## Nothing Here"), ("x-empty-section", CH2, 9)),
    "chapter without a title": (
        (CH2, "# The Second Chapter {#chap:two}", "# {#chap:two}"),
        ("x-untitled-chapter", CH2, 1),
    ),
    # what else stops a build
    "missing chapter file": ((YAML, "  - 02-two.md", "  - 02-two.md\n  - 03-missing.md"), ("x-build-error", YAML, 9)),
}


@pytest.mark.parametrize("case", sorted(PLANTED))
def test_each_check_finds_its_planted_problem(case, book):
    (file, old, new), expected = PLANTED[case]
    plant(book, file, old, new)
    findings = run_checks(book)
    code, name, line, *column = expected
    assert (code, name, line) in codes_at(findings), "\n".join(map(str, findings))
    if column:
        assert any(f.code == code and f.line == line and f.column == column[0] for f in findings), "\n".join(
            map(str, findings)
        )
    assert CODES[code][0] == next(f.severity for f in findings if f.code == code)


def test_a_single_file_manuscript_keeps_its_line_numbers(tmp_path):
    book = tmp_path / "book.md"
    book.write_text(
        "---\ntitle: One File\nlang: en-US\ndate: 2024-05-01\n---\n\n# Only Chapter\n\nFrom 1927-1953 he ruled.\n",
        encoding="utf-8",
    )
    assert codes_at(run_checks(book)) == {("t-range-hyphen", "book.md", 9)}


def test_several_reference_problems_are_reported_in_one_run(book):
    plant(book, CH2, "@tbl:counts", "@tbl:nothing")
    plant(book, CH2, "@roe2019 argues", "[@nobody2000] argues")
    plant(book, CH1, "../images/chart.svg", "../images/nothing.svg")
    found = codes_at(run_checks(book))
    assert {("r-unknown-label", CH2, 3), ("r-unknown-citation", CH2, 3), ("f-missing-image", CH1, 11)} <= found
    assert not any(code == "x-build-error" for code, _, _ in found)


def test_unused_images_are_warnings_and_resolution_is_the_layouts(book):
    """An image file the book never shows is a warning; how many dpi a raster prints at is for
    the layout checks to say (l-low-resolution, at the size the layout gives it)."""
    from PIL import Image

    images = book.parent / "images"
    (images / "spare.svg").write_text((images / "chart.svg").read_text())
    Image.new("RGB", (600, 400), "white").save(images / "photo.png")
    plant(book, CH2, LAST, f'{LAST}\n\n![A photograph.](../images/photo.png){{#fig:photo alt="A white square."}}')
    findings = run_checks(book)
    assert codes_at(findings) == {("f-unused-image", "spare.svg", 1)}
    assert {f.severity for f in findings} == {"warning"}
    assert "f-low-resolution" not in CODES


def test_what_is_right_is_not_reported(book):
    """Multi-paragraph quotations, 'had had', apostrophes, decades, ranges in citations, code."""
    plant(
        book,
        CH2,
        LAST,
        "\n\n".join(
            [
                "\u201cThe first paragraph of a long quotation,",
                "\u201cand the second, which ends it.\u201d",
                "He had had enough of the \u201990s and of rock \u2019n\u2019 roll; the workers\u2019 state lasted.",
                "See pages 45--47 [@doe2020, pp. 45-47] and `a  b` and <!-- a comment  with 1927-1953 -->.",
                "Order No. 00447 and the T-34 tank; 1953-03-05 is a date. The 1st, 2nd, 3rd, 11th and 22nd.",
                'His "*Short Course*" and (a) first, (b) second; "Yes," she said---"no."',
            ]
        ),
    )
    assert run_checks(book) == []


def test_a_marker_silences_one_code_on_its_line(book):
    plant(book, CH2, LAST, "From 1927-1953 he ruled the the land. <!-- check-ignore: t-range-hyphen -->")
    found = codes_at(run_checks(book))
    assert ("t-range-hyphen", CH2, 7) not in found
    assert ("c-repeated-word", CH2, 7) in found


def test_a_marker_alone_on_a_line_silences_the_next(book):
    plant(book, CH2, LAST, "<!-- check-ignore: t-range-hyphen, c-repeated-word -->\nFrom 1927-1953 the the.")
    assert run_checks(book) == []


def test_book_yaml_silences_a_code_for_the_whole_book(book):
    plant(book, CH2, LAST, "From 1927-1953 he ruled.")
    plant(book, YAML, "lang: en-US", "lang: en-US\ncheck:\n  ignore: [t-range-hyphen]")
    assert run_checks(book) == []


def test_the_layout_hook_calls_check_layout_with_the_book(book, monkeypatch):
    seen = []

    def check_layout(resolved, context):
        seen.append((resolved, context))
        chapter = resolved.chapters[0]
        return [Finding(chapter.file, chapter.line, 1, "l-overflow", "a line overflows", "error", page=3)]

    module = types.ModuleType("pressroom.print.checks")
    module.check_layout = check_layout
    monkeypatch.setitem(sys.modules, "pressroom.print.checks", module)
    findings = run_checks(book, layout=True)
    assert len(seen) == 1 and seen[0][0].chapters[0].title_text == "The First Chapter"
    assert seen[0][0].chapters[0].number == "1"  # the resolved Book
    assert [(f.code, Path(f.file).name, f.page) for f in findings] == [("l-overflow", CH1, 3)]
    assert run_checks(book) == []  # without --layout the layout checks do not run


def test_every_code_is_documented():
    table = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"`{code}`" in table, code


def test_the_real_book_has_no_errors():
    errors = [f for f in run_checks(ROOT / "manuscript") if f.severity == "error"]
    assert errors == [], "\n".join(map(str, errors))


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "make_book.py"), *args], cwd=cwd, capture_output=True, text=True)


def test_cli_prints_sorted_lines_and_exits_one_on_errors(book):
    plant(book, CH2, LAST, "From 1927-1953 the the book.")
    plant(book, CH1, "The 21st", "The 21th")
    result = run("check", "--manuscript", str(book), cwd=book.parent)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        "manuscript/01-one.md:8:85: t-ordinal '21th' should be '21st'",
        "manuscript/02-two.md:7:6: t-range-hyphen hyphen in the range '1927-1953': type 1927--1953 (an en dash)",
        "manuscript/02-two.md:7:20: c-repeated-word 'the' twice in a row",
        "",
        "code             severity  count",
        "c-repeated-word  error         1",
        "t-ordinal        error         1",
        "t-range-hyphen   error         1",
    ]
    assert "3 errors, 0 warnings in 2 files" in result.stderr


def test_cli_json_and_exit_zero_with_warnings_only(book):
    (book.parent / "images" / "spare.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    result = run("check", "--manuscript", str(book), "--format", "json", cwd=book.parent)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {
            "file": "images/spare.svg",
            "line": 1,
            "column": 1,
            "code": "f-unused-image",
            "severity": "warning",
            "message": "image file not shown anywhere in the book",
        }
    ]


def test_cli_clean_book_and_unreadable_metadata(book):
    result = run("check", "--manuscript", str(book))
    assert (result.returncode, result.stdout) == (0, "")
    plant(book, YAML, "lang: en-US", "lang: [en")
    result = run("check", "--manuscript", str(book), cwd=book.parent)
    assert result.returncode == 2 and result.stderr.startswith("manuscript/book.yaml:")


def test_cli_layout_option_without_the_module_says_so(book, monkeypatch, capsys):
    from pressroom import cli
    from pressroom.proof import checks

    monkeypatch.setattr(checks, "LAYOUT_MODULE", "pressroom.no_such_layout_checks")
    assert cli.main(["check", "--layout", "--manuscript", str(book)]) == 0
    assert "layout checks are not available" in capsys.readouterr().err


def test_check_converts_each_file_once(book, conversions):
    plant(book, CH2, LAST, "From 1927-1953 he ruled.")
    assert codes_at(run_checks(book)) == {("t-range-hyphen", CH2, 7)}
    assert len(conversions) == 2 and "From 1927-1953" in conversions[1]


def test_check_and_a_failed_build_report_the_same_errors(book):
    """One reader, one resolve: an unknown label, an unknown key and a broken link are the same
    file:line errors in `check` as in the build that stops on them."""
    from pressroom.build import read
    from pressroom.findings import BuildFailed, Diagnostics

    plant(book, CH2, "@tbl:counts", "@tbl:nothing")
    plant(book, CH2, "@roe2019 argues", "[@nobody2000] argues")
    plant(book, CH2, LAST, "See [above](#sec:nowhere).")
    with pytest.raises(BuildFailed) as failed:
        read(book, Diagnostics())
    built = {(f.code, Path(f.file).name, f.line, f.message) for f in failed.value.findings}
    checked = {(f.code, Path(f.file).name, f.line, f.message) for f in run_checks(book) if f.severity == "error"}
    assert built == checked
    assert {code for code, *_ in built} == {"r-unknown-label", "r-unknown-citation", "r-broken-link"}


def test_a_link_to_the_top_of_the_chapter_is_fine(book):
    plant(book, CH2, LAST, "Back to [the top](#).")
    assert run_checks(book) == []


def test_a_misspelled_word_is_one_finding_with_its_count_and_first_places(book):
    plant(book, CH2, LAST, "The last wrods of the book.\n\nMore wrods, and wrods again.")
    plant(book, CH1, "The 21st", "The wrods 21st")
    (found,) = [f for f in run_checks(book) if f.code.startswith("s-")]
    assert (Path(found.file).name, found.line, found.column, found.severity) == (CH1, 8, 85, "error")
    assert found.message.startswith("'wrods' (4×, also 02-two.md:7, 02-two.md:9 …)")
    assert (as_dict(found)["word"], as_dict(found)["count"]) == ("wrods", 4)  # for tools


def test_names_and_identifiers_are_not_misspellings(book):
    """A capitalised word used mid-sentence, with diacritics, in capitals or with a capital inside
    is a name (a warning); a word the book's code uses is learnt; a sentence's first word that is
    unknown and alone is still a misspelling."""
    plant(
        book,
        CH2,
        LAST,
        "Then Łukasz met Ngozi on macOS, and Ngozi wrote JSON.\n\n"
        "```python\nimport numpy\n```\n\nThe numpy arrays. Teh end.\n\n## The Recieving End",
    )
    found = {f.message.split("'")[1]: (f.code, f.severity) for f in run_checks(book) if f.code.startswith("s-")}
    assert found == {
        "Łukasz": ("s-unknown-name", "warning"),
        "Ngozi": ("s-unknown-name", "warning"),
        "macOS": ("s-unknown-name", "warning"),
        "JSON": ("s-unknown-name", "warning"),
        "Teh": ("s-misspelling", "error"),
        "Recieving": ("s-misspelling", "error"),  # capitalised in a heading's Title Case: no name
    }


def test_a_span_in_another_language_is_checked_with_its_dictionary(book):
    """An en-GB span in an en-US book with en_GB's; a French one with none installed, not at all
    (s-no-dictionary says so) or with French's."""
    plant(book, CH2, LAST, "He said [merci beaucoup]{lang=fr}, [the colour]{lang=en-GB} and [colur]{lang=en-GB}.")
    found = [(f.code, f.message.split("'")[1]) for f in run_checks(book)]
    assert ("s-misspelling", "colur") in found and ("s-misspelling", "colour") not in found
    assert not any(word in ("merci", "beaucoup") for _, word in found)


def test_labels_identifiers_dates_and_code_are_not_ranges_or_punctuation(book):
    plant(
        book,
        CH2,
        LAST,
        "Listing 11-2 and Figure 15-1 and Table 3-1; the score was 3-2; on 2024-03-01 and in 2024-03.\n"
        '<span class="caption">Listing 17-3: `impl !Unpin` and `::`</span>, a ::path, a !Send type, '
        "The sign read SALE ENDS SUNDAY AND and more.\n"
        "In July Julie came, and in June Julie left. ISO 8601-1 and call 555-1234; we lost 2-3.\n"
        "An image 64 px tall, the folder ../shared and [the lxml site](https://lxml.de) with lxml.",
    )
    assert run_checks(book) == []


def test_a_raw_figure_with_a_figcaption_has_its_caption(book):
    figure = '<figure>\n<img src="../images/chart.svg" alt="Bars.">\n<figcaption>Three bars.</figcaption>\n</figure>'
    plant(book, CH1, "![A chart of three bars.](../images/chart.svg)", "")
    plant(
        book,
        CH1,
        '{#fig:chart alt="Three bars rising from left to right." credit="Data: invented for the test."}',
        figure,
    )
    plant(book, CH1, "see @fig:chart and", "see")
    assert run_checks(book) == []


def test_raw_html_in_a_paragraph_is_reported_at_its_own_line(book):
    plant(book, CH2, LAST, "The last words\nof the <blink>book</blink>.")
    assert [(f.code, f.line, f.column) for f in run_checks(book)] == [("x-unknown-html", 8, 8)]


def test_book_yaml_sets_a_codes_severity_and_names_unknown_codes(book):
    plant(book, CH2, LAST, "The last wrods.")
    plant(
        book,
        YAML,
        "lang: en-US",
        "lang: en-US\ncheck:\n  severity: {s-misspelling: note, s-mispelling: error}\n  ignore: [x-unknown-html, l-widow]",
    )
    found = [(f.code, f.severity, f.line) for f in run_checks(book)]
    assert ("s-misspelling", "note", 7) in found
    (unknown,) = [f for f in run_checks(book) if f.code == "x-metadata"]
    assert (
        unknown.line == 5 and "'s-mispelling'" in unknown.message and "did you mean 's-misspelling'" in unknown.message
    )


def check(book: Path, *args: str, capsys, monkeypatch) -> tuple[int, str, str]:
    """``make_book.py check`` in this process, from the book's folder: (status, stdout, stderr)."""
    from pressroom.cli import main

    monkeypatch.chdir(book.parent)
    status = main(["check", "--manuscript", "manuscript", *args])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_cli_notes_and_warnings_do_not_fail_and_only_ignore_filter(book, capsys, monkeypatch):
    plant(book, CH2, LAST, "From 1927-1953 the the wrods.")
    plant(book, YAML, "lang: en-US", "lang: en-US\ncheck:\n  severity: {s-misspelling: warning}")
    status, out, _ = check(
        book, "--only", "s-,c-repeated-word", "--ignore", "c-*", capsys=capsys, monkeypatch=monkeypatch
    )
    assert status == 0, out
    assert out.splitlines()[0].startswith("manuscript/02-two.md:7:24: warning: s-misspelling 'wrods' (1×)")
    assert "s-misspelling  warning       1" in out and "t-range-hyphen" not in out and "c-repeated" not in out


def test_cli_sarif_has_one_run_with_rules_and_located_results(book, capsys, monkeypatch):
    plant(book, CH2, LAST, "From 1927-1953 the the book.")
    status, out, _ = check(book, "--format", "sarif", capsys=capsys, monkeypatch=monkeypatch)
    assert status == 1
    log = json.loads(out)
    assert log["version"] == "2.1.0" and "$schema" in log and len(log["runs"]) == 1
    driver = log["runs"][0]["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == ["c-repeated-word", "t-range-hyphen"]
    assert all(rule["shortDescription"]["text"] for rule in driver["rules"])
    first = log["runs"][0]["results"][0]
    assert (first["ruleId"], first["level"]) == ("t-range-hyphen", "error") and first["message"]["text"]
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "manuscript/02-two.md"
    assert location["region"] == {"startLine": 7, "startColumn": 6}


def test_cli_accept_adds_words_to_dictionary_txt_sorted_once(book, capsys, monkeypatch):
    plant(book, CH2, LAST, "The last wrods, by Ngozi and Aboud.")
    status, out, _ = check(
        book, "--accept", "wrods", "Yezhov", "Aboud", "--quiet", capsys=capsys, monkeypatch=monkeypatch
    )
    assert status == 0, out
    assert (book / "dictionary.txt").read_text() == "# Names the dictionary lacks\nAboud\nwrods\nYezhov\n"
    status, out, err = check(book, "--accept-all", capsys=capsys, monkeypatch=monkeypatch)
    assert status == 0 and out == "" and "1 word added" in err
    assert (book / "dictionary.txt").read_text() == "# Names the dictionary lacks\nAboud\nNgozi\nwrods\nYezhov\n"
    assert run_checks(book) == []


def test_a_note_called_twice_is_no_duplicate_id(tmp_path):
    """The note calls' anchors (short-title-noteref-1, …-1-2) are made from the chapter's id, not
    given twice by the author."""
    article = tmp_path / "article.md"
    article.write_text(
        "---\ntitle: Short Title\nlang: en-US\nlayout: article\n---\n\nThe text.[^n]\n\nMore text.[^n]\n\n"
        "[^n]: A note.\n",
        encoding="utf-8",
    )
    assert run_checks(article) == []


def test_the_speller_knows_derived_and_closed_up_words_but_not_common_misspellings(tmp_path):
    from pressroom.proof.dictionary import BookWords, Speller, hunspell

    speller = Speller(hunspell("en-US"), BookWords(tmp_path / "dictionary.txt"))
    known = "unescape dereferencing cardinalities streetlights backend toolchain pre-allocated ten-year-olds deck’ll harbor's"
    misspelled = "withthe andthen eachother everytime occured begining untill truely basicly wrods recieve teh"
    assert [word for word in known.split() if not speller.known(word)] == []
    assert [word for word in misspelled.split() if speller.known(word)] == []


def test_a_dictionarys_answers_are_kept_between_runs(tmp_path, monkeypatch):
    """The answers go to $XDG_CACHE_HOME/pressroom/; the next run reads them and reads the
    dictionary itself only for a word it has not met."""
    from pressroom.proof.dictionary import Lookups, dictionary_files

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = Lookups(dictionary_files("en-US"))
    first.answers, first.changed = {"house": True, "hosue": False}, True
    first.save()
    (cached,) = (tmp_path / "pressroom").glob("hunspell-en_US-*.json")
    second = Lookups(dictionary_files("en-US"))
    assert second.lookup("house") and not second.lookup("hosue")
    assert second._dictionary is None  # not read


def test_accept_keeps_comments_with_their_words_and_each_word_once(tmp_path):
    from pressroom.proof.accept import accept

    words = tmp_path / "dictionary.txt"
    words.write_text("# Our words\nzebra\n# Places\nKyiv  # the city\nzebra\n# the end\n", encoding="utf-8")
    assert accept(words, ["apple", "Kyiv", "Łódź’s, mango"]) == ["apple", "Łódź", "mango"]
    assert words.read_text(encoding="utf-8") == (
        "# Our words\napple\n# Places\nKyiv  # the city\nmango\nzebra\nŁódź\n# the end\n"
    )
    assert accept(words, ["apple"]) == [] and accept(tmp_path / "none.txt", []) == []
    assert not (tmp_path / "none.txt").exists()


def test_a_marker_silences_a_word_at_its_place_only(book):
    plant(book, CH2, LAST, "The wrods. <!-- check-ignore: s-misspelling -->\n\nMore wrods.")
    (found,) = run_checks(book)
    assert (found.code, found.line) == ("s-misspelling", 9) and found.message.startswith("'wrods' (1×)")


def test_check_does_not_import_weasyprint():
    """`check` without --layout needs no writer: importing WeasyPrint would cost half a second."""
    code = "import sys, pressroom.proof.checks; assert 'weasyprint' not in sys.modules, 'weasyprint imported'"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def full_resolve_findings(manuscript: Path) -> list[Finding]:
    """What check would find after a build's resolve, which formats every citation."""
    from pressroom.findings import Diagnostics
    from pressroom.manuscript import load_book
    from pressroom.proof.checks import check_book
    from pressroom.resolve import resolve

    diagnostics = Diagnostics()
    book = load_book(manuscript, diagnostics)
    resolve(book, diagnostics)
    return check_book(book, diagnostics)


def no_citeproc(*args):
    raise AssertionError("check formatted citations")


@pytest.mark.parametrize("style", ["chicago-notes-bibliography", "apa"])
def test_check_finds_without_formatting_citations_what_it_finds_after_formatting_them(book, style, monkeypatch):
    """check places citations (a notes style's notes, a name cited in the sentence) without
    citeproc-py: the same findings, on citations a key is missing from or the author suppressed."""
    from pressroom import citations

    plant(book, YAML, "bibliography:", f"csl: {style}\nbibliography:")
    plant(book, BIB, "Roe, Richard", "Qorvath, Richard")  # set in the sentence by a notes style
    plant(book, CH2, "@roe2019 argues", "@roe2019 argues [@nobody2000] and @noone2001 [-@doe2020, p. 3] teh")
    plant(book, CH2, LAST, "Last [see @doe2020; @roe2019, ch. 2]: Smiht [@doe2020].")
    full = full_resolve_findings(book)
    monkeypatch.setattr(citations, "cite", no_citeproc)
    monkeypatch.setattr(citations, "bibliography_entries", no_citeproc)
    assert run_checks(book) == full
    codes = {item.code for item in full}
    assert {"r-unknown-citation", "s-misspelling"} <= codes


def test_check_of_the_apparatus_fixture_without_formatting_citations(monkeypatch):
    manuscript = Path(__file__).parent / "fixtures" / "apparatus" / "manuscript"
    full = full_resolve_findings(manuscript)
    from pressroom import citations

    monkeypatch.setattr(citations, "cite", no_citeproc)
    assert run_checks(manuscript) == full and full


def test_an_id_renamed_by_resolve_is_told_from_one_made_from_a_label():
    from pressroom.proof.references import renamed

    assert renamed("sec-a-2", "sec:a") and renamed("fig-x-12", "fig:x")
    assert not renamed("chapter-01-noteref-1", "chapter-01") and not renamed("sec-a-2b", "sec:a")
    assert not renamed("sec-a", "sec:a") and not renamed("sec-a-", "sec:a")
