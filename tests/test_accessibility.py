"""The EPUB's accessibility: its metadata says what the book really has, every document says its
language, the metadata's text is typeset as the text is, and DAISY Ace finds nothing to report.

Ace (tools/ace, installed by tools/system-deps from npm) runs once per EPUB, on the sample book and
on the folder fixture side by side, on Debian's Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import uuid
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import epub_text, shared
from ebooklib import epub

from pressroom.accessibility import Accessibility, accessibility
from pressroom.build import build, read
from pressroom.epub import add_metadata
from pressroom.errors import BookError
from pressroom.markdown import smart_text

ACE = Path(__file__).parent.parent / "tools" / "ace" / "node_modules" / ".bin" / "ace-cli"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>\n'
CONFORMS = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
BASE_FEATURES = ["tableOfContents", "structuralNavigation", "readingOrder", "displayTransformability"]


def write_book(root: Path, text: str, metadata: str = "lang: en\n", images: tuple[str, ...] = ()) -> Path:
    """A one-chapter book in ``root``: its book.yaml (title, then ``metadata``), the chapter, and
    ``images`` (small SVGs) in ../images."""
    manuscript = root / "manuscript"
    manuscript.mkdir(parents=True)
    (root / "images").mkdir()
    for name in images:
        (root / "images" / name).write_text(SVG, encoding="utf-8")
    (manuscript / "01.md").write_text(text, encoding="utf-8")
    (manuscript / "book.yaml").write_text(f"title: Small\n{metadata}contents: [01.md]\n", encoding="utf-8")
    return manuscript


def built_opf(root: Path, text: str, metadata: str = "lang: en\n", images: tuple[str, ...] = ()) -> dict:
    (path,) = build(write_book(root, text, metadata, images), root / "out", ("epub",))
    return package_metadata(epub_text(path, "EPUB/content.opf"))


def package_metadata(opf: str) -> dict[str, list[str]]:
    """The OPF's <meta property="…"> values by property, and dc:… elements by name."""
    found: dict[str, list[str]] = {}
    for name, value in re.findall(r'<meta property="([^"]+)"[^>]*>([^<]*)</meta>', opf):
        found.setdefault(name, []).append(value)
    for name, value in re.findall(r"<(dc:[a-z]+)[^>]*>([^<]*)</dc:[a-z]+>", opf):
        found.setdefault(name, []).append(value)
    return found


# What the metadata says, each item against what the book has.


def test_a_book_of_text_only_claims_text_and_nothing_it_lacks(tmp_path):
    meta = built_opf(tmp_path, "# One\n\nText, and more text.\n")
    assert meta["schema:accessMode"] == ["textual"]  # no image: no visual access mode
    assert meta["schema:accessModeSufficient"] == ["textual"]
    assert meta["schema:accessibilityFeature"] == BASE_FEATURES  # no alternativeText, MathML, index, pages
    assert meta["schema:accessibilityHazard"] == ["none"]
    assert meta["dcterms:conformsTo"] == [CONFORMS]
    assert "a11y:certifiedBy" not in meta and "a11y:certifierCredential" not in meta
    (summary,) = meta["schema:accessibilitySummary"]
    assert "image" not in summary and "MathML" not in summary and "index" not in summary
    assert "no third party has certified it" in summary


def test_images_all_described_give_alternative_text_and_text_suffices(tmp_path):
    text = (
        '# One\n\n![A chart.](../images/a.svg){#fig:a alt="Bars rising."}\n\n'
        "Text with an icon ![a star](../images/b.svg) in it.\n"
    )
    meta = built_opf(tmp_path, text, images=("a.svg", "b.svg"))
    assert meta["schema:accessMode"] == ["textual", "visual"]
    assert meta["schema:accessModeSufficient"] == ["textual"]
    assert "alternativeText" in meta["schema:accessibilityFeature"]
    assert meta["dcterms:conformsTo"] == [CONFORMS]
    assert "Each of its 2 images has a text alternative." in meta["schema:accessibilitySummary"][0]


def test_an_image_without_alt_text_takes_away_the_claims(tmp_path):
    text = (
        '# One\n\n![A chart.](../images/a.svg){#fig:a alt="Bars rising."}\n\n'
        "![A chart whose alt text was forgotten.](../images/b.svg){#fig:b}\n"
    )
    meta = built_opf(tmp_path, text, images=("a.svg", "b.svg"))
    assert meta["schema:accessMode"] == ["textual", "visual"]
    assert meta["schema:accessModeSufficient"] == ["textual,visual"]
    assert "alternativeText" not in meta["schema:accessibilityFeature"]
    assert "dcterms:conformsTo" not in meta
    (summary,) = meta["schema:accessibilitySummary"]
    assert "1 of its 2 images has no text alternative" in summary
    assert "does not claim conformance to WCAG: one image has no text alternative." in summary


def test_decoration_given_alt_empty_on_purpose_counts_as_described_and_empty_brackets_do_not(tmp_path):
    text = '# One\n\n![An ornament.](../images/a.svg){alt=""}\n\nText with ![](../images/b.svg) in it.\n'
    record = accessibility(read(write_book(tmp_path, text, images=("a.svg", "b.svg"))))
    assert (record.images, record.images_without_alt) == (2, 1)


def test_math_gives_the_mathml_feature(tmp_path):
    meta = built_opf(tmp_path, "# One\n\nEnergy: $E = mc^2$.\n")
    assert meta["schema:accessibilityFeature"] == [*BASE_FEATURES, "MathML"]
    assert meta["schema:accessMode"] == ["textual"]  # MathML is text
    assert "MathML" in meta["schema:accessibilitySummary"][0]


def test_an_index_gives_the_index_feature(tmp_path):
    meta = built_opf(tmp_path, "# One\n\nThe [Gulag]{.index} and [Yezhov]{.index}.\n")
    assert meta["schema:accessibilityFeature"] == [*BASE_FEATURES, "index"]
    assert "and an index" in meta["schema:accessibilitySummary"][0]


def test_headings_that_skip_a_level_or_say_nothing_take_away_conformance(tmp_path):
    skipping = built_opf(tmp_path / "skip", "# One\n\n## Two\n\nText.\n\n#### Four\n\nText.\n")
    assert "dcterms:conformsTo" not in skipping
    assert "headings skip a level (chapter-01.xhtml: h4 after h2)" in skipping["schema:accessibilitySummary"][0]
    book = read(write_book(tmp_path / "empty", "# One\n\n## <span></span>\n\nText.\n"))
    assert accessibility(book).empty_headings == ("chapter-01.xhtml",) and not accessibility(book).conforms


def test_conformance_needs_the_language_named(tmp_path):
    meta = built_opf(tmp_path, "# One\n\nText.\n", metadata="")
    assert "dcterms:conformsTo" not in meta  # "en" by default is a guess
    assert "its language is not declared" in meta["schema:accessibilitySummary"][0]


def test_certification_only_when_book_yaml_names_a_certifier(tmp_path):
    metadata = "lang: en\naccessibility:\n  certified-by: Example Accessibility Lab\n  credential: DAISY Ace Partner\n"
    meta = built_opf(tmp_path, "# One\n\nText.\n", metadata=metadata)
    assert meta["a11y:certifiedBy"] == ["Example Accessibility Lab"]
    assert meta["a11y:certifierCredential"] == ["DAISY Ace Partner"]
    assert "certified by Example Accessibility Lab" in meta["schema:accessibilitySummary"][0]


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        ("accessibility: yes\n", "'accessibility' is {certified-by"),
        ("accessibility: {certifed-by: Lab}\n", "did you mean 'certified-by'?"),
        ("accessibility: {credential: Partner}\n", "needs 'certified-by'"),
        ("accessibility: {certified-by: 3}\n", "must be text"),
    ],
)
def test_bad_accessibility_settings_are_errors_at_their_line(tmp_path, metadata, message):
    with pytest.raises(BookError) as stopped:
        read(write_book(tmp_path, "# One\n\nText.\n", "lang: en\n" + metadata))
    assert message in str(stopped.value) and "book.yaml:3:" in str(stopped.value)


def test_print_page_numbers_only_with_a_page_list(tmp_path):
    assert "printPageNumbers" not in Accessibility().features
    assert Accessibility(page_list=True).features[-2:] == ["printPageNumbers", "pageNavigation"]
    book = read(write_book(tmp_path, "# One\n\nText.\n"))

    def features(**page_list) -> list[str]:
        package = epub.EpubBook()
        add_metadata(package, book, None, **page_list)
        metas = package.metadata[None]["meta"]  # add_metadata(None, "meta", value, {"property": …})
        return [value for value, attributes in metas if attributes.get("property") == "schema:accessibilityFeature"]

    assert features(page_list=True) == [*BASE_FEATURES, "printPageNumbers", "pageNavigation"]
    assert features() == BASE_FEATURES  # the default: no page list


def test_the_package_and_every_document_say_their_language(folder_book):
    with zipfile.ZipFile(folder_book["epub"]) as archive:
        opf = archive.read("EPUB/content.opf").decode("utf-8")
        documents = {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xhtml")}
    assert re.search(r'<package [^>]*xml:lang="en"', opf)
    assert {"EPUB/text/nav.xhtml", "EPUB/text/cover.xhtml", "EPUB/text/titlepage.xhtml"} <= set(documents)
    for name, text in documents.items():
        assert re.search(r'<html [^>]*lang="en" xml:lang="en"', text), name


# The metadata's text set as the text is.


def test_metadata_gets_curly_quotes_and_apostrophes(tmp_path):
    metadata = (
        'lang: en\nsubtitle: \'The "Great" Turn\'\nrights: "© 2024 Ada\'s heirs"\n'
        "description: It's a book -- short...\nauthor: Flann O'Brien\n"
    )
    manuscript = write_book(tmp_path, "# One\n\nText.\n", metadata)
    (manuscript / "book.yaml").write_text(
        (manuscript / "book.yaml").read_text().replace("title: Small", "title: Stalin's Reign"), encoding="utf-8"
    )
    (path,) = build(manuscript, tmp_path / "out", ("epub",))
    meta = package_metadata(epub_text(path, "EPUB/content.opf"))
    assert meta["dc:title"] == ["Stalin’s Reign: The “Great” Turn"]
    assert meta["dc:rights"] == ["© 2024 Ada’s heirs"]
    assert meta["dc:description"] == ["It’s a book – short…"]
    assert meta["dc:creator"] == ["Flann O’Brien"]
    # The identifier made from the title is the one the title as typed always gave.
    typed = "pressroom:Stalin's Reign"
    assert meta["dc:identifier"] == [f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, typed)}"]
    assert "<em>Stalin’s Reign</em>: The “Great” Turn" in epub_text(path, "EPUB/text/copyright.xhtml")
    assert '<h1 class="title">Stalin’s Reign</h1>' in epub_text(path, "EPUB/text/titlepage.xhtml")


def test_smart_text_uses_the_languages_marks_and_reads_no_markdown():
    assert smart_text('Stalin\'s "Terror" -- 1937...', "en-US") == "Stalin’s “Terror” – 1937…"
    assert smart_text('"Faust" & *Co* `x` <b>', "de") == "„Faust“ & *Co* `x` <b>"


# DAISY Ace on the sample book and one fixture.


def ace_violations(epubs: list[Path], out: Path) -> dict[str, list[str]]:
    """Ace's failed assertions for each EPUB (two at a time, each Ace with its own Chromium), as
    "document: rule (impact): description"."""
    environment = os.environ | {"PUPPETEER_EXECUTABLE_PATH": shutil.which("chromium") or "/usr/bin/chromium"}

    def check(path: Path) -> list[str]:
        report = out / path.stem
        run = subprocess.run(
            [str(ACE), "--force", "--silent", "--outdir", str(report), str(path)],
            capture_output=True,
            text=True,
            env=environment,
            timeout=300,
            check=False,
        )
        if not (report / "report.json").exists():
            return [f"Ace wrote no report (exit {run.returncode}): {run.stderr.strip() or run.stdout.strip()}"]
        found = json.loads((report / "report.json").read_text(encoding="utf-8"))
        return [
            f"{subject['earl:testSubject']['url']}: {test['earl:test']['dct:title']} "
            f"({test['earl:test']['earl:impact']}): {test['earl:result'].get('dct:description', '')}"
            for subject in found["assertions"]
            for test in subject["assertions"]
            if test["earl:result"]["earl:outcome"] == "fail"
        ]

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip([str(path) for path in epubs], pool.map(check, epubs)))


@pytest.fixture(scope="session")
def ace_installed() -> None:
    """Skipped without Node.js and npm (before any book is built for Ace); an error without Ace."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("DAISY Ace needs Node.js and npm, which this machine lacks (tools/system-deps installs Ace)")
    if not ACE.exists():
        pytest.fail("DAISY Ace is not installed: run tools/system-deps (make test does)")


@pytest.fixture(scope="session")
def ace_reports(ace_installed, tmp_path_factory, real_book, folder_book):
    books = [real_book["epub"], folder_book["epub"]]
    return shared(tmp_path_factory, "ace", lambda out: ace_violations(books, out))


def test_daisy_ace_finds_no_violation_in_the_sample_book(ace_reports, real_book):
    assert ace_reports[str(real_book["epub"])] == []


def test_daisy_ace_finds_no_violation_in_a_fixture(ace_reports, folder_book):
    assert ace_reports[str(folder_book["epub"])] == []
