"""BibTeX as BibTeX reads it (pybtex's parser, LaTeX decoded), into CSL-JSON items; CSL-JSON and
CSL-YAML as they are; a .bib file that cannot be read: one file:line: message per problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from pressroom.bibliography import load_bibliography, parse_bibtex
from pressroom.build import read
from pressroom.cli import main
from pressroom.errors import BookError

# Every construct of issue #14 in one file: a quoted value holding braces, @string macros, #
# concatenation, accents, a corporate author in double braces, von and Jr, month macros, a
# crossref, @preamble, @comment, a parenthesised entry, LaTeX formatting and a verbatim URL.
EVERYTHING = r"""This text outside entries is a comment, as is the next line.
% Oxford University Press
@preamble{ "\newcommand{\noopsort}[1]{}" }
@comment{ nothing here is read }
@string{ oup = "Oxford University Press" }
@String{ ox = {Oxford} }

@book{quoted,
  title     = "The {DNA} of {\"O}sterreich",
  author    = "Schr{\"o}dinger, Erwin and Caf\'{e}, Jos{\'e} and Stra{\ss}er, J{\"{u}}rgen",
  publisher = oup,
  address   = ox # " and " # {New York},
  year      = 1999,
  month     = jan,
}

@book(corporate,
  author    = {{Barnes and Noble}},
  editor    = {Ludwig van Beethoven and King, Jr., Martin Luther and von Neumann, John},
  title     = {{The iPhone Years}},
  date      = {2020-05-01},
  url       = {https://example.org/a%20b_c~d},
  doi       = {10.1000/a\_b}
)

@incollection{chapter,
  author    = {Doe, Jane},
  title     = {A Chapter},
  pages     = {1--20},
  crossref  = {collection}
}

@collection{collection,
  editor    = {Roe, Richard},
  title     = {The Big Book},
  subtitle  = {Essays},
  publisher = {Example Press},
  year      = {2001},
  series    = {Studies},
  number    = {4}
}

@article{formatted,
  author    = {D{\'\i}az, Porfirio},
  title     = {\emph{Nature} and \textit{Nurture}: 50\% --- \LaTeX\ in~Print},
  journal   = {Journal of Tests},
  volume    = 12,
  number    = 3,
  pages     = {101--130},
  year      = 2000,
  month     = {March}
}
"""


def bib(tmp_path: Path, text: str, name: str = "refs.bib") -> dict[str, dict]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return load_bibliography(tmp_path / name, tmp_path / "book.md", 3)


def failure(tmp_path: Path, text: str) -> str:
    with pytest.raises(BookError) as error:
        bib(tmp_path, text)
    return str(error.value)


@pytest.fixture
def everything(tmp_path):
    return bib(tmp_path, EVERYTHING)


def test_every_construct_reads_in_one_file(everything):
    assert list(everything) == ["quoted", "corporate", "chapter", "collection", "formatted"]
    assert [item["_line"] for item in everything.values()] == [8, 17, 26, 33, 43]


def test_a_quoted_value_holding_braces(everything):
    assert everything["quoted"]["title"] == 'The <span class="nocase">DNA</span> of Österreich'
    assert everything["quoted"]["title-short"] == "DNA of Österreich"


def test_string_macros_and_concatenation(everything):
    assert everything["quoted"]["publisher"] == "Oxford University Press"
    assert everything["quoted"]["publisher-place"] == "Oxford and New York"


def test_accents_are_decoded(everything):
    assert everything["quoted"]["author"] == [
        {"family": "Schrödinger", "given": "Erwin"},
        {"family": "Café", "given": "José"},
        {"family": "Straßer", "given": "Jürgen"},
    ]
    assert everything["formatted"]["author"] == [{"family": "Díaz", "given": "Porfirio"}]


def test_a_corporate_name_in_double_braces_is_one_author(everything, tmp_path):
    assert everything["corporate"]["author"] == [{"literal": "Barnes and Noble"}]
    two = bib(tmp_path, "@book{b, author = {Barnes and Noble}, title = {T}}", "two.bib")
    assert two["b"]["author"] == [{"literal": "Barnes"}, {"literal": "Noble"}]


def test_von_particles_and_jr(everything):
    assert everything["corporate"]["editor"] == [
        {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
        {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
        {"family": "Neumann", "given": "John", "non-dropping-particle": "von"},
    ]


def test_dates_month_macros_and_iso_dates(everything):
    assert everything["quoted"]["issued"] == {"date-parts": [[1999, 1]]}
    assert everything["formatted"]["issued"] == {"date-parts": [[2000, 3]]}
    assert everything["corporate"]["issued"] == {"date-parts": [[2020, 5, 1]]}


def test_crossref_fills_in_what_the_entry_lacks(everything):
    chapter = everything["chapter"]
    assert chapter["type"] == "chapter"
    assert chapter["title"] == "A Chapter"
    assert chapter["container-title"] == "The Big Book: Essays"  # the parent's title, as Biber has it
    assert chapter["editor"] == [{"family": "Roe", "given": "Richard"}]
    assert (chapter["publisher"], chapter["issued"], chapter["page"]) == (
        "Example Press",
        {"date-parts": [[2001]]},
        "1–20",
    )
    assert everything["collection"]["collection-title"] == "Studies"
    assert everything["collection"]["collection-number"] == "4"  # a book's number in its series


def test_latex_formatting_dashes_ties_and_verbatim_urls(everything):
    formatted = everything["formatted"]
    assert formatted["title"] == "Nature and Nurture: 50% — LaTeX in\u00a0Print"
    assert (formatted["container-title"], formatted["volume"], formatted["issue"]) == ("Journal of Tests", "12", "3")
    assert formatted["page"] == "101–130"
    assert everything["corporate"]["URL"] == "https://example.org/a%20b_c~d"
    assert everything["corporate"]["DOI"] == "10.1000/a_b"


def test_a_whole_title_in_double_braces_keeps_its_case(everything):
    assert everything["corporate"]["title"] == '<span class="nocase">The iPhone Years</span>'
    assert everything["corporate"]["title-short"] == "iPhone Years"


def test_case_protected_text_stays_as_written_in_the_book(tmp_path):
    book = tmp_path / "book.md"
    book.write_text(
        "---\ntitle: Cited\nbibliography: refs.bib\ncsl: chicago-author-date\n---\n\n# One\n\nText [@doe2000].\n"
    )
    (tmp_path / "refs.bib").write_text(
        "@book{doe2000, author = {Doe, Jane}, title = {Reading on the {ebook} and the ebook},"
        " publisher = {P}, year = 2000}\n"
    )
    (entry,) = [text for _, text in read(book).references]
    assert "Reading on the ebook and the Ebook" in entry  # title case, but for the protected word
    assert "{" not in entry and "nocase" not in entry


def test_macros_do_not_leak_from_one_file_into_the_next(tmp_path):
    bib(tmp_path, '@string{press = "Some Press"}\n@book{a, title = {T}, publisher = press}\n', "one.bib")
    assert failure(tmp_path, "@book{b, title = {T}, publisher = press}\n").endswith(
        "refs.bib:1: undefined BibTeX string 'press' (an @string macro; a value of words needs braces or quotes)"
    )


def test_a_percent_comment_between_fields_as_biber_allows(tmp_path):
    items = bib(
        tmp_path,
        "@book{a, % check-ignore: r-uncited-entry\n  title = {50% Off}, % in a value % is text\n"
        "  url = {https://example.org/a%20b}\n}\n@book{b, title = {B}}\n",
    )
    assert (items["a"]["title"], items["a"]["URL"], items["b"]["_line"]) == ("50% Off", "https://example.org/a%20b", 5)


def test_the_same_file_reads_the_same_every_time(tmp_path):
    assert bib(tmp_path, EVERYTHING, "a.bib") == bib(tmp_path, EVERYTHING, "b.bib")


@pytest.mark.parametrize(
    "text, message",
    [
        ("@book{a, title =", "refs.bib:1: unterminated BibTeX entry: a closing '}' or '\"' is missing"),
        ("@book{a,\n  title = {x\n\n@book{b, title = {y}}\n", "refs.bib:1: unterminated BibTeX entry"),
        (
            "@book{a,\n  title = {x}\n\n@book{b, title = {y}}\n",
            "refs.bib:1: unterminated BibTeX entry: no closing '}' before the next '@' (line 4)",
        ),
        ("@book{a, title = ,}", "refs.bib:1: malformed BibTeX field: no value"),
        ("@book{a,\n  title = {X}\n  year = 2000\n}\n", "refs.bib:3: malformed BibTeX entry: ',' or '}' expected"),
        ("@book{a,\n  title {X}\n}\n", "refs.bib:2: malformed BibTeX field: '=' expected after the field's name"),
        ('@book{a, title = "x}y"}', "refs.bib:1: malformed BibTeX value: a '}' without its '{'"),
        ("@book{, title = {X}}", "refs.bib:1: malformed BibTeX entry: no key"),
        (
            "% write to me@example.org\n@book{a, title = {X}}",
            "refs.bib:1: malformed BibTeX: '@example.org' without '{'",
        ),
        ("@book{a,\n  publisher = Oxford\n}\n", "refs.bib:2: undefined BibTeX string 'Oxford'"),
        (
            "@book{a, title = {X}}\n\n@book{A, title = {Y}}\n",
            "refs.bib:3: BibTeX key 'A' given twice (first at line 1)",
        ),
        ("@book{a,\n  title = {X},\n  title = {Y}\n}\n", "refs.bib:3: entry 'a' has a second 'title' field"),
        ("@inbook{a, title = {X}, crossref = {b}}", "refs.bib:1: entry 'a' has crossref 'b', which is not in the"),
        ("@book{a, author = {A, B, C, D}}", "refs.bib:1: entry 'a': the name 'A, B, C, D' has too many commas"),
    ],
)
def test_a_bibtex_problem_is_one_line_at_its_place(tmp_path, text, message):
    error = failure(tmp_path, text)
    assert message in error and len(error.splitlines()) == 1


def test_every_problem_of_a_file_is_reported_once_at_its_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    book = tmp_path / "book.md"
    book.write_text("---\ntitle: Cited\nbibliography: refs.bib\n---\n\n# One\n\nText [@c].\n")
    (tmp_path / "refs.bib").write_text(
        "@book{a, title = ,}\n@book{b,\n  publisher = Nowhere}\n@book{c, title = {C}}\n@book{C, title = {D}}\n"
    )
    assert main(["epub", "--manuscript", str(book), "--out", "out"]) == 2
    error = capsys.readouterr().err
    assert error.splitlines() == [
        "refs.bib:1: malformed BibTeX field: no value",
        "refs.bib:3: undefined BibTeX string 'Nowhere' (an @string macro; a value of words needs braces or quotes)",
        "refs.bib:5: BibTeX key 'C' given twice (first at line 4): this entry is left out",
    ]


def test_csl_json_and_csl_yaml_still_read(tmp_path):
    items = [
        {"id": "doe2000", "type": "book", "title": "A Book", "author": [{"family": "Doe", "given": "Jane"}]},
        {"id": 7, "type": "article-journal", "title": "Numbered"},
    ]
    (tmp_path / "refs.json").write_text(json.dumps(items))
    (tmp_path / "refs.yaml").write_text(yaml.safe_dump({"references": items}))
    for name in ("refs.json", "refs.yaml"):
        loaded = load_bibliography(tmp_path / name, tmp_path / "book.md", 3)
        assert list(loaded) == ["doe2000", "7"]
        assert loaded["doe2000"] == {**items[0], "_line": 1}


def test_parse_bibtex_on_text():
    items = parse_bibtex("@misc{k, title = {x}, howpublished = {y}}", Path("refs.bib"))
    assert items == {"k": {"id": "k", "type": "document", "title": "x", "title-short": "x", "_line": 1}}
