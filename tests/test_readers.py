"""The EPUB in the readers that matter (issue #12): Calibre's conversion to Kindle's AZW3 without a
warning, what KDP's EPUB intake rejects or warns on, Kobo's and Apple Books' pop-up notes, and Apple
Books' display options for embedded fonts.

Calibre (``ebook-convert``, Debian's calibre package) is installed by tools/system-deps. It logs
through its own logger, uncoloured unless ``CALIBRE_FORCE_ANSI`` is set: then a warning is yellow
(ESC[33m) and an error red (ESC[31m), CSS its parser cannot read included. Those, and anything on
stderr (a traceback), are what the conversion test lists."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from posixpath import dirname, join, normpath

from conftest import epub_text
from fontTools.ttLib import TTFont
from lxml import etree

from pressroom.build import build

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
CALIBRE_MESSAGE = re.compile(r"\x1b\[3([13])m(.*?)\x1b\[0m", re.DOTALL)  # 1: red (error), 3: yellow (warning)
KDP_MAX_IMAGE_BYTES = 5 * 1024 * 1024  # Kindle Publishing Guidelines: no image file over 5 MB


def pages(path: Path) -> dict[str, etree._Element]:
    """The EPUB's XHTML documents, parsed, by their name in the zip."""
    with zipfile.ZipFile(path) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in archive.namelist() if name.endswith(".xhtml")}


def ids(documents: dict[str, etree._Element]) -> dict[str, dict[str, etree._Element]]:
    return {name: {e.get("id"): e for e in root.iter() if e.get("id")} for name, root in documents.items()}


def target(name: str, href: str) -> tuple[str, str]:
    """The zip name and fragment an internal href in document ``name`` points at."""
    file, _, fragment = href.partition("#")
    return (normpath(join(dirname(name), file)) if file else name), fragment


# Calibre ------------------------------------------------------------------------------------------


def calibre_messages(epub: Path, out: Path) -> list[str]:
    """Calibre's warnings and errors converting ``epub`` to AZW3 (Kindle's format), each as
    "warning: …" or "error: …", and any line it writes to stderr."""
    converter = shutil.which("ebook-convert")
    assert converter, "no ebook-convert: tools/system-deps installs Calibre (apt-get install calibre)"
    config = out / "calibre-config"  # Calibre's own settings, not the user's
    environment = os.environ | {"CALIBRE_FORCE_ANSI": "1", "CALIBRE_CONFIG_DIRECTORY": str(config)}
    azw3 = out / "book.azw3"
    run = subprocess.run(
        [converter, str(epub), str(azw3)], capture_output=True, text=True, env=environment, check=False
    )
    assert run.returncode == 0 and azw3.stat().st_size > 0, run.stdout + run.stderr
    messages = [
        f"{'error' if colour == '1' else 'warning'}: {text.strip()}"
        for colour, text in CALIBRE_MESSAGE.findall(run.stdout)
    ]
    return messages + [f"stderr: {line}" for line in run.stderr.splitlines() if line.strip()]


def test_calibre_converts_notes_figures_table_index_and_fonts_to_azw3_without_a_warning(apparatus_book, tmp_path):
    epub = apparatus_book["epub"]
    with zipfile.ZipFile(epub) as archive:  # what the fixture has to show
        names = archive.namelist()
    assert {"EPUB/text/endnotes.xhtml", "EPUB/text/index.xhtml", "EPUB/images/chart.svg"} <= set(names)
    assert any(name.endswith(".ttf") for name in names) and "<table" in epub_text(epub, "EPUB/text/chapter-02.xhtml")
    assert calibre_messages(epub, tmp_path) == []


def test_calibre_messages_are_read_from_its_colours():
    """What the conversion test takes for a message (two CSS errors of Calibre 6, a warning)."""
    log = (
        "Parsing all content...\n\x1b[31mCSSStyleDeclaration: Unexpected token, ignoring upto '--code-hang: 2ch;'."
        "\n\x1b[0m\x1b[33mUnknown @rule found\n\x1b[0m34% Running transforms on e-book...\n"
    )
    found = [(colour, text.strip()) for colour, text in CALIBRE_MESSAGE.findall(log)]
    assert found == [
        ("1", "CSSStyleDeclaration: Unexpected token, ignoring upto '--code-hang: 2ch;'."),
        ("3", "Unknown @rule found"),
    ]


# Kindle: what KDP's EPUB intake rejects or warns on -----------------------------------------------


def test_kindle_finds_the_cover_the_contents_and_where_the_text_starts(folder_book):
    epub = folder_book["epub"]
    opf = etree.fromstring(epub_text(epub, "EPUB/content.opf").encode())
    ns = {"opf": "http://www.idpf.org/2007/opf"}
    (cover_id,) = opf.xpath("//opf:meta[@name='cover']/@content", namespaces=ns)  # EPUB 2's, which KDP reads
    (cover,) = opf.xpath(f"//opf:item[@id='{cover_id}']", namespaces=ns)
    assert cover.get("properties") == "cover-image" and cover.get("media-type") in {"image/jpeg", "image/png"}
    assert opf.xpath("//opf:spine/@toc", namespaces=ns) == ["ncx"]  # the NCX older Kindles read
    nav = pages(epub)["EPUB/text/nav.xhtml"]
    landmarks = {a.get(EPUB_TYPE): a.get("href") for a in nav.iter(f"{XHTML}a") if a.get(EPUB_TYPE)}
    assert landmarks["toc"] == "nav.xhtml#toc" and landmarks["bodymatter"] == "chapter-01.xhtml"
    assert landmarks["cover"] == "cover.xhtml"


def test_kdp_finds_no_script_nested_link_broken_link_or_page_without_a_language(apparatus_book, folder_book):
    for epub in (apparatus_book["epub"], folder_book["epub"]):
        documents = pages(epub)
        known = ids(documents)
        for name, root in documents.items():
            assert root.get("lang") and root.get("{http://www.w3.org/XML/1998/namespace}lang"), name
            assert not root.findall(f".//{XHTML}script"), name
            assert not [e.tag for e in root.iter() if any(a.startswith("on") for a in e.attrib)], name
            assert not root.findall(f".//{XHTML}a//{XHTML}a"), f"{name}: a link inside a link"
            for link in root.iter(f"{XHTML}a"):
                href = link.get("href", "")
                if href and not re.match(r"[a-z]+:", href):
                    file, fragment = target(name, href)
                    assert file in documents and (not fragment or fragment in known[file]), f"{name}: {href}"


def test_kdp_takes_the_images_fonts_and_css(apparatus_book, folder_book):
    """Images within KDP's 5 MB, fonts whose licence lets them be embedded (OS/2 fsType without
    the "restricted licence" bit: KDP refuses those), no CSS positioning Kindle cannot lay out."""
    for epub in (apparatus_book["epub"], folder_book["epub"]):
        with zipfile.ZipFile(epub) as archive:
            for info in archive.infolist():
                if info.filename.startswith("EPUB/images/"):
                    assert info.file_size <= KDP_MAX_IMAGE_BYTES, info.filename
                if info.filename.endswith((".ttf", ".otf", ".woff", ".woff2")):
                    fs_type = TTFont(io.BytesIO(archive.read(info.filename)))["OS/2"].fsType
                    assert not fs_type & 0x0002, f"{info.filename}: fsType {fs_type:#x} (restricted licence)"
                if info.filename.endswith(".css"):
                    css = archive.read(info.filename).decode("utf-8")
                    assert not re.search(r"position\s*:\s*(fixed|absolute)", css), info.filename


# Kobo and Apple Books: pop-up notes, fonts ---------------------------------------------------------


def test_every_note_reference_pops_up_its_note_in_kobo_and_apple_books(apparatus_book, folder_book):
    """A link marked epub:type="noteref" whose target is an aside marked "footnote": what both
    readers show in a pop-up. Endnotes (the apparatus fixture) are such asides in the Notes page's
    list items (EPUB 3.3 deprecates epub:type="endnote"); footnotes (the folder book) stand on the
    chapter's page. Each note links back; no Kobo span markup is added."""
    for epub, endnotes in ((apparatus_book["epub"], True), (folder_book["epub"], False)):
        documents = pages(epub)
        known = ids(documents)
        references = [
            (name, a.get("href"))
            for name, root in documents.items()
            for a in root.iter(f"{XHTML}a")
            if a.get(EPUB_TYPE) == "noteref"
        ]
        assert references, epub.name
        for name, href in references:
            file, fragment = target(name, href)
            note = known[file][fragment]
            assert (note.tag, note.get(EPUB_TYPE), note.get("role")) == (f"{XHTML}aside", "footnote", "doc-footnote")
            assert (file == "EPUB/text/endnotes.xhtml") == endnotes
            assert not endnotes or note.getparent().get("class") == "endnote"
            assert any(a.get("role") == "doc-backlink" for a in note.iter(f"{XHTML}a"))
        assert "koboSpan" not in "".join(etree.tostring(root, encoding="unicode") for root in documents.values())


def test_apple_books_may_use_the_embedded_fonts_and_only_then_is_told_so(folder_book, tmp_path):
    options = etree.fromstring(epub_text(folder_book["epub"], "META-INF/com.apple.ibooks.display-options.xml").encode())
    assert [(o.get("name"), o.text) for o in options.iter("option")] == [("specified-fonts", "true")]
    assert options.find("platform").get("name") == "*"
    manuscript = tmp_path / "manuscript"
    manuscript.mkdir()
    (manuscript / "01.md").write_text("# One\n\nText.\n", encoding="utf-8")
    (manuscript / "book.yaml").write_text(
        "title: Plain\nlang: en\nepub: {fonts: none}\ncontents: [01.md]\n", encoding="utf-8"
    )
    (plain,) = build(manuscript, tmp_path / "out", ("epub",))
    with zipfile.ZipFile(plain) as archive:
        names = archive.namelist()
    assert not [name for name in names if name.endswith(".ttf")]
    assert "META-INF/com.apple.ibooks.display-options.xml" not in names
