"""The command as a user meets it: help, outputs, and one clear line for every bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from pressroom import cli
from pressroom.findings import BuildFailed, Finding

ROOT = Path(__file__).parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "make_book.py"), *args], cwd=cwd, capture_output=True, text=True)


def test_help_explains_every_option():
    result = run("--help")
    assert result.returncode == 0
    for option in ("all", "epub", "pdf", "html", "--manuscript", "--out", "--quiet", "SOURCE_DATE_EPOCH"):
        assert option in result.stdout


def test_version_comes_from_the_package_metadata(capsys):
    with pytest.raises(SystemExit) as exit:
        cli.main(["--version"])
    assert exit.value.code == 0
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert capsys.readouterr().out == f"make-book {version}\n"


BUILDING = {"--manuscript", "--out", "--quiet", "--jobs"}
OPTIONS = {  # each command's own options, and no other
    **dict.fromkeys(["all", "epub", "pdf", "html", "cover"], BUILDING | {"--format"}),
    "proof": BUILDING,
    "check": {"--manuscript", "--quiet", "--format", "--layout", "--only", "--ignore", "--accept"},  # and --accept-all
    "serve": {"--manuscript", "--out", "--port"},
    "init": {"--quiet"},
}


@pytest.mark.parametrize("command", sorted(OPTIONS))
def test_each_command_lists_only_its_own_options(command, capsys):
    with pytest.raises(SystemExit) as exit:
        cli.main([command, "--help"])
    assert exit.value.code == 0
    shown = set(re.findall(r"(?<![\w-])--[a-z]+", capsys.readouterr().out))
    assert shown == OPTIONS[command] | {"--help"}


@pytest.mark.parametrize(
    "argv",
    [
        ["pdf", "--port", "1"],
        ["serve", "--jobs", "2"],
        ["check", "--out", "x"],
        ["proof", "--format", "json"],
        ["init", "--manuscript", "x"],
        ["--layout"],
    ],
)
def test_an_option_of_another_command_is_refused(argv, capsys):
    with pytest.raises(SystemExit) as exit:
        cli.main(argv)
    assert exit.value.code == 2
    option = next(arg for arg in argv if arg.startswith("--"))
    assert f"error: unrecognized arguments: {option}" in capsys.readouterr().err


def test_jobs_must_be_a_positive_number(capsys):
    with pytest.raises(SystemExit) as exit:
        cli.main(["pdf", "--jobs", "0"])
    assert exit.value.code == 2 and "--jobs" in capsys.readouterr().err


@pytest.fixture(scope="module")
def new_book(tmp_path_factory):
    """`make-book init` into an empty folder, then `make-book -m DIR/manuscript -o DIR/build -j 1`
    (no command: all), in-process."""
    folder = tmp_path_factory.mktemp("new-book")
    assert cli.main(["init", str(folder), "--quiet"]) == 0
    assert cli.main(["-m", str(folder / "manuscript"), "-o", str(folder / "build"), "-q", "-j", "1"]) == 0
    return folder


def test_init_writes_a_book_that_builds_at_once(new_book):
    manuscript = new_book / "manuscript"
    assert (manuscript / "book.yaml").is_file() and (manuscript / "references.bib").is_file()
    assert list((new_book / "images").glob("*.svg"))
    assert sorted(p.suffix for p in (new_book / "build").iterdir()) == [".epub", ".pdf"]


def test_the_new_book_has_a_note_a_citation_and_a_figure(new_book):
    import pdfplumber

    pdf = next((new_book / "build").glob("*.pdf"))
    with pdfplumber.open(pdf) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    assert "Figure 1" in text  # the figure and the reference to it
    assert "Writing a Book" in text  # the citation's note and the bibliography
    assert "Bibliography" in text
    assert "Notes are numbered by chapter" in text  # the footnote


def test_the_new_book_passes_check(new_book, capsys):
    assert cli.main(["check", "-m", str(new_book / "manuscript")]) == 0, capsys.readouterr().out


def test_init_never_overwrites_a_manuscript(new_book, capsys):
    book_yaml = new_book / "manuscript" / "book.yaml"
    before = book_yaml.read_bytes()
    assert cli.main(["init", str(new_book)]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"{new_book}: ") and error.count("\n") == 1, error
    assert book_yaml.read_bytes() == before


def test_init_into_the_current_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["init"]) == 0
    assert (tmp_path / "manuscript" / "book.yaml").is_file()
    assert "make-book all -m manuscript -o build" in capsys.readouterr().out


def test_every_error_of_a_failed_build_is_one_line(monkeypatch, capsys):
    findings = [
        Finding(Path("manuscript/01.md"), 3, 1, "r-unknown-label", "unknown cross-reference label '@fig:x'"),
        Finding(Path("manuscript/02.md"), 7, 5, "f-missing", "file not found: a.svg"),
    ]

    def build(*args, diagnostics, **kwargs):
        diagnostics.warning("r-uncited-entry", "bibliography entry 'x' is never cited", "manuscript/refs.bib", 4)
        raise BuildFailed(findings)

    monkeypatch.setattr("pressroom.build.build", build)
    assert cli.main(["epub", "-q"]) == 2
    assert capsys.readouterr().err == (
        "manuscript/refs.bib:4: warning: bibliography entry 'x' is never cited\n"
        "manuscript/01.md:3: unknown cross-reference label '@fig:x'\n"
        "manuscript/02.md:7: file not found: a.svg\n"
    )


def test_html_edition_is_one_page_with_its_images(book_copy, tmp_path):
    result = run("html", "--manuscript", str(book_copy / "manuscript"), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "a-small-test-book.html").read_text()
    assert "The First Chapter" in page and "The Second Chapter" in page
    assert 'src="a-small-test-book-images/chart.svg"' in page
    assert (tmp_path / "a-small-test-book-images" / "chart.svg").is_file()


def break_book(book: Path, file: str, old: str, new: str) -> None:
    path = book / "manuscript" / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


BAD_INPUTS = {
    "missing chapter file": (
        "book.yaml",
        "  - 02-second.md",
        "  - 02-missing.md",
        "book.yaml:26: chapter file not found: 02-missing.md",
    ),
    "missing image": (
        "01-first.md",
        "../images/chart.svg",
        "../images/nothing.svg",
        "01-first.md:12: file not found: ../images/nothing.svg",
    ),
    "invalid YAML": ("book.yaml", "lang: en", "lang: [en", "book.yaml:"),
    "unknown metadata key": (
        "book.yaml",
        "lang: en",
        "lang: en\nlanguage: en",
        "book.yaml:8: unknown metadata key 'language'",
    ),
    "image outside the book's folders": (
        "01-first.md",
        "../images/chart.svg",
        "../../../../../etc/hosts",
        "01-first.md:12: file outside the book's folders",
    ),
    "remote URL": (
        "01-first.md",
        "../images/chart.svg",
        "https://example.com/chart.svg",
        "01-first.md:12: remote resource not allowed",
    ),
    "unknown cross-reference": (
        "02-second.md",
        "@tbl:numbers shows",
        "@tbl:nothing shows",
        "02-second.md:14: unknown cross-reference label '@tbl:nothing'",
    ),
    "unknown trim size": ("book.yaml", "trim: 6x9in", "trim: huge", "book.yaml:21: unknown trim size 'huge'"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_file_line_errors_exit_two_and_outputs_untouched(case, book_copy, tmp_path):
    file, old, new, expected = BAD_INPUTS[case]
    break_book(book_copy, file, old, new)
    out = tmp_path / "build"
    out.mkdir()
    previous = out / "a-small-test-book.pdf"
    previous.write_bytes(b"the previous build")
    result = run("all", "--manuscript", str(book_copy / "manuscript"), "--out", str(out), cwd=book_copy)
    assert result.returncode == 2
    # One line per error (a missing file can leave a link to it broken as well), no traceback.
    assert all(re.match(r"manuscript/[^:]+:\d+: \S", line) for line in result.stderr.splitlines()), result.stderr
    assert "Traceback" not in result.stderr and expected in result.stderr, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a-small-test-book.pdf"]
    assert previous.read_bytes() == b"the previous build"


def test_missing_manuscript_is_reported():
    result = run("--manuscript", "no/such/folder")
    assert result.returncode == 2
    assert result.stderr.strip() == "no/such/folder:1: manuscript not found"


def test_format_json_gives_the_outputs_and_every_finding(tmp_path):
    result = run("epub", "-m", "tests/fixtures/apparatus/manuscript", "-o", str(tmp_path), "--format", "json")
    assert result.returncode == 0 and result.stderr == ""
    document = json.loads(result.stdout)
    assert [Path(p).suffix for p in document["outputs"]] == [".epub"]
    assert document["sizes"] == {path: Path(path).stat().st_size for path in document["outputs"]}
    assert [(f["code"], f["severity"], f["line"]) for f in document["findings"]] == [
        ("r-uncited-entry", "warning", 20),
        ("x-no-page-list", "note", 1),  # an EPUB built alone has no print page numbers
    ]
    broken = tmp_path / "broken.md"
    broken.write_text("---\ntitle: T\n---\n\n# One\n\nA note.[^gone]\n", encoding="utf-8")
    failed = run("epub", "-m", str(broken), "-o", str(tmp_path / "out"), "--format", "json")
    assert failed.returncode == 2 and "Traceback" not in failed.stderr
    document = json.loads(failed.stdout)
    assert document["outputs"] == [] and document["sizes"] == {}
    assert [(f["code"], f["line"]) for f in document["findings"]] == [("r-undefined-note", 7)]


def test_an_uncited_bibliography_entry_is_a_warning_not_an_error(tmp_path):
    result = run("epub", "--manuscript", "tests/fixtures/apparatus/manuscript", "--out", str(tmp_path), "--quiet")
    assert result.returncode == 0
    assert result.stderr == (
        "tests/fixtures/apparatus/manuscript/references.bib:20: warning: "
        "bibliography entry 'unused2001' is never cited\n"
    )
