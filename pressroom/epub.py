"""The EPUB 3 edition: one XHTML file per chapter, our own nav, NCX, cover, fonts, a11y metadata.

ebooklib packages the book (OPF, NCX, container); the pages themselves come from the templates
in styles/templates/epub/, and the zip is repacked so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ebooklib import epub
from markupsafe import Markup

from pressroom.accessibility import PackageWriter, accessibility
from pressroom.book import Book, Chapter
from pressroom.contents import book_contents
from pressroom.context import BuildContext
from pressroom.epub_assets import book_characters, epub_image, licence_files, subset_font
from pressroom.findings import Finding
from pressroom.index import render_chapter_index
from pressroom.math import MathForm, has_math
from pressroom.output import write_atomically
from pressroom.pagebreaks import PageStart, marker_id, place_page_breaks
from pressroom.render import EditionPolicy, chapter_markup, note_markup
from pressroom.styles import Sheet, book_sheets, theme_sheet
from pressroom.templating import environment

MEDIA_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".css": "text/css",
}
EPUB_TYPES = {
    "chapter": "chapter",
    "part": "part",
    "appendix": "appendix",
    "chronology": "appendix",
    "preface": "preface",
    "note": "preface",
    "foreword": "foreword",
    "dedication": "dedication",
    "epigraph": "epigraph",
    "acknowledgments": "acknowledgments",
    "afterword": "afterword",
    "glossary": "glossary",
    "bibliography": "bibliography",
    "endnotes": "endnotes",
    "index": "index",
    "colophon": "colophon",
}
ARIA_ROLES = {
    "chapter": "doc-chapter",
    "part": "doc-part",
    "appendix": "doc-appendix",
    "chronology": "doc-appendix",
    "preface": "doc-preface",
    "note": "doc-preface",
    "foreword": "doc-foreword",
    "dedication": "doc-dedication",
    "epigraph": "doc-epigraph",
    "acknowledgments": "doc-acknowledgments",
    "afterword": "doc-afterword",
    "glossary": "doc-glossary",
    "bibliography": "doc-bibliography",
    "endnotes": "doc-endnotes",
    "index": "doc-index",
    "colophon": "doc-colophon",
}
RELATORS = {
    "author": "aut",
    "editor": "edt",
    "translator": "trl",
    "illustrator": "ill",
    "photographer": "pht",
    "contributor": "ctb",
    "foreword": "aui",
}


ENDNOTES = "endnotes"  # the file of the notes when the book has endnotes
DISPLAY_OPTIONS = "META-INF/com.apple.ibooks.display-options.xml"  # Apple Books: "specified-fonts"
LICENCES = "META-INF/fonts"  # the embedded fonts' licence files (OFL.txt …): EPUBCheck asks nothing of them here


@dataclass
class EpubPolicy(EditionPolicy):
    """One XHTML file per chapter: a link to an id in another chapter names that file."""

    id_files: dict[str, str] = field(default_factory=dict)  # id → the file (slug) it stands in
    math: MathForm = MathForm.MATHML
    page_starts: list[PageStart] = field(default_factory=list)  # where the print edition's pages begin

    def mark_pages(self, chapter: Chapter, title, body) -> None:
        place_page_breaks(chapter, title, body, self.page_starts, self.xhtml)

    def href(self, fragment: str, chapter: Chapter | None) -> str:
        """``chapter`` None: seen from the endnotes file."""
        target = fragment.lstrip("#")
        here = chapter.slug if chapter is not None else ENDNOTES
        if target not in self.id_files or self.id_files[target] == here:
            return fragment
        return f"{self.id_files[target]}.xhtml#{target}"

    def image_src(self, name: str) -> str:
        return f"../{name}"


def epub_policy(book: Book) -> EpubPolicy:
    id_files = {}
    for chapter in book.chapters:
        id_files[chapter.id] = chapter.slug
        for container in [chapter.body, *(note.body for note in chapter.notes)]:
            for element in container.iter():
                if element.get("id"):
                    id_files[element.get("id")] = chapter.slug
        for note in chapter.notes:
            id_files[note.id] = chapter.slug
    endnotes = book.meta.epub_notes == "endnotes"
    numbers = endnote_numbers(book) if endnotes else {}
    if endnotes:
        id_files.update({note_id: ENDNOTES for note_id in numbers})
    return EpubPolicy(xhtml=True, backlink_label=book.words["back-to-text"], note_numbers=numbers, id_files=id_files)


def write_epub(book: Book, context: BuildContext) -> Path:
    timestamp, out_dir = context.timestamp, context.out_dir
    package = build_package(book, timestamp, print_page_starts(book, context))
    buffer = io.BytesIO()
    writer = PackageWriter(  # ebooklib's, with xml:lang on the package (accessibility.py)
        buffer, package, {"mtime": timestamp, "epub2_guide": False, "epub3_landmark": False, "epub3_pages": False}
    )
    writer.process()
    writer.write()
    target = out_dir / f"{book.slug}.epub"
    write_atomically({target: repack(buffer.getvalue(), timestamp)})
    return target


def print_page_starts(book: Book, context: BuildContext) -> list[PageStart]:
    """Where the print edition's pages begin, when this build laid it out (``build.write_editions``
    does when it writes the PDF too); else none, with a note."""
    if context.page_starts is not None:
        return context.page_starts
    context.diagnostics.report(
        Finding(
            book.meta.source,
            1,
            1,
            "x-no-page-list",
            "the EPUB has no print page numbers: they come from the print layout (build both: make-book all)",
            severity="note",
        )
    )
    return []


def text_href(chapter_or_name) -> str:
    name = chapter_or_name.slug if isinstance(chapter_or_name, Chapter) else chapter_or_name
    return f"text/{name}.xhtml"


def stylesheets(book: Book) -> list[Sheet]:
    """The theme's, then the book's own (``styles.book_sheets``). fonts.css only when the fonts are
    embedded (book.yaml: epub: {fonts: embed|none}) and the book has no mainfont (Gentium unused)."""
    gentium = book.meta.epub_fonts == "embed" and not book.meta.mainfont
    theme = (["fonts.css"] if gentium else []) + ["base.css", "epub.css"]
    return [theme_sheet(book, name) for name in theme] + book_sheets(book, "epub")


def build_package(book: Book, timestamp: dt.datetime, starts: list[PageStart] = ()) -> epub.EpubBook:
    """The EPUB; ``starts``: where the print edition's pages begin (``pagebreaks``), if known."""
    package = epub.EpubBook()
    package.FOLDER_NAME = "EPUB"
    add_metadata(package, book, timestamp, page_list=bool(starts))
    env = environment(book, xhtml=True)
    env.globals["stylesheets"] = [sheet.name for sheet in stylesheets(book)]
    policy = epub_policy(book)
    policy.page_starts = list(starts)
    chapter_pages = {chapter.id: chapter_page(book, chapter, env, policy) for chapter in book.chapters}
    page_list = placed_page_list(book, starts, chapter_pages)
    pages = []
    if book.cover is not None:
        cover = epub.EpubCover(uid="cover-image", file_name=f"images/cover{book.cover.suffix.lower()}")
        cover.content = epub_image(book.cover)
        package.add_item(cover)
        # The EPUB 2 cover hint that Kindle (KDP) and Calibre still look for.
        package.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
        pages.append(("cover", env.get_template("epub/cover.xhtml").render(cover=cover.file_name)))
    if book.meta.layout != "article":  # an article's title block opens its text; its imprint closes it
        pages.append(("titlepage", env.get_template("epub/titlepage.xhtml").render()))
        pages.append(("copyright", env.get_template("epub/copyright.xhtml").render()))
    for name, content in pages:
        package.add_item(xhtml_item(name, content))
    nav = xhtml_item(
        "nav",
        env.get_template("epub/nav.xhtml").render(
            href=text_href, pages=[n for n, _ in pages], page_list=page_list, contents=book_contents(book, run_in=False)
        ),
    )
    nav.properties = ["nav"]
    package.add_item(nav)
    if book.meta.lists:
        pages.append(
            (
                "lists",
                env.get_template("epub/lists.xhtml").render(
                    href=lambda target: f"{target.chapter.slug}.xhtml#{target.id}"
                ),
            )
        )
        package.add_item(xhtml_item("lists", pages[-1][1]))
    for chapter in book.chapters:
        item = xhtml_item(chapter.slug, chapter_pages[chapter.id])
        notes = [] if policy.note_numbers else [note.body for note in chapter.notes]
        declare_math(item, chapter.title, chapter.body, *notes)
        package.add_item(item)
    if policy.note_numbers:
        add_endnotes(package, book, env, policy)
    if book.meta.layout == "article":
        package.add_item(xhtml_item("copyright", env.get_template("epub/copyright.xhtml").render()))
    add_resources(package, book)
    package.spine = [
        item
        for item in package.items
        if item.media_type == "application/xhtml+xml" and item.file_name != "text/nav.xhtml"
    ]
    package.spine.insert(len(pages) - (1 if book.meta.lists else 0), nav)
    package.toc = [ncx_entry(chapter, children, text_href) for chapter, children in book.outline]
    package.add_item(epub.EpubNcx())
    if book_fonts(book):  # Apple Books shows embedded fonts only when this file allows them
        package.add_item(
            epub.EpubItem(
                file_name=DISPLAY_OPTIONS,
                manifest=False,
                content=env.get_template("epub/display-options.xml").render().encode(),
            )
        )
    return package


def placed_page_list(book: Book, starts: list[PageStart], chapter_pages: dict[str, str]) -> list[tuple[str, str]]:
    """The nav's page-list: (href, folio) for each page-break marker the chapter pages hold (a
    link never points at a marker that is not there)."""
    slugs = {chapter.id: chapter.slug for chapter in book.chapters}
    page_list = []
    for start in starts:
        page, marker = chapter_pages.get(start.chapter_id, ""), marker_id(start.folio)
        if f'id="{marker}"' in page:
            page_list.append((f"{slugs[start.chapter_id]}.xhtml#{marker}", start.folio))
    return page_list


def chapter_page(book: Book, chapter: Chapter, env, policy: EpubPolicy) -> str:
    """A chapter's XHTML page: its text, then its notes as footnote asides (unless endnotes)."""
    title, body = chapter_markup(chapter, policy)
    notes = [] if policy.note_numbers else [(note, note_markup(note, policy, chapter)) for note in chapter.notes]
    if chapter.generated == "index":
        body = Markup(render_chapter_index(book, env, lambda fragment: policy.href(fragment, chapter)))
    return env.get_template("epub/chapter.xhtml").render(
        chapter=chapter,
        title=title,
        body=body,
        notes=notes,
        epub_type=EPUB_TYPES[chapter.role],
        aria_role=ARIA_ROLES[chapter.role],
    )


def endnote_numbers(book: Book) -> dict[str, int]:
    """Endnotes are numbered through the whole book."""
    numbers: dict[str, int] = {}
    for chapter in book.chapters:
        for note in chapter.notes:
            numbers[note.id] = len(numbers) + 1
    return numbers


def add_endnotes(package: epub.EpubBook, book: Book, env, policy: EpubPolicy) -> None:
    """One Notes file, grouped by chapter, before the bibliography, index and colophon."""
    groups = [
        (chapter, [(note, policy.note_number(note), note_markup(note, policy, None)) for note in chapter.notes])
        for chapter in book.chapters
        if chapter.notes
    ]
    item = xhtml_item(ENDNOTES, env.get_template("epub/endnotes.xhtml").render(groups=groups))
    declare_math(item, *(note.body for chapter in book.chapters for note in chapter.notes))
    later = {"bibliography", "index", "colophon"}
    position = next(
        (
            i
            for i, existing in enumerate(package.items)
            if any(existing.file_name == text_href(c) for c in book.chapters if c.role in later)
        ),
        len(package.items),
    )
    package.items.insert(position, item)
    item.book = package


def xhtml_item(name: str, content: str) -> epub.EpubItem:
    item = epub.EpubItem(
        uid=manifest_id(name),
        file_name=text_href(name),
        media_type="application/xhtml+xml",
        content=content.encode("utf-8"),
    )
    item.properties = []
    return item


def manifest_id(name: str) -> str:
    """A manifest id for a page named by its slug. EPUBCheck reads the package's ids as XML 1.0's
    4th edition named them, without the letters of scripts Unicode added since 2.0 (Sinhala,
    Khmer, Ethiopic, CJK extension A …) that a slug may hold: each character but ASCII letters,
    digits, '-' and '.' is written as _hex_, and an id that would not start with a letter
    starts with '_'."""
    safe = re.sub(r"[^A-Za-z0-9.-]", lambda match: f"_{ord(match[0]):x}_", name)
    return safe if re.match(r"[A-Za-z_]", safe) else f"_{safe}"


def declare_math(item: epub.EpubItem, *roots) -> None:
    """A page with MathML says so in the manifest (EPUB 3), for reading systems to render it; so
    does one with inline SVG (raw HTML in the manuscript)."""
    if has_math(*roots):
        item.properties.append("mathml")
    if any(root.find(".//svg") is not None for root in roots):
        item.properties.append("svg")


def add_resources(package: epub.EpubBook, book: Book) -> None:
    for number, (path, name) in enumerate(sorted(book.assets.items(), key=lambda a: a[1]), start=1):
        package.add_item(
            epub.EpubItem(
                uid=f"image-{number}",
                file_name=name,
                media_type=MEDIA_TYPES[path.suffix.lower()],
                content=epub_image(path),
            )
        )
    for sheet in stylesheets(book):
        package.add_item(
            epub.EpubItem(
                uid=sheet.name.replace(".", "-"),
                file_name=f"styles/{sheet.name}",
                media_type="text/css",
                content=sheet.text.encode("utf-8"),
            )
        )
    fonts = book_fonts(book)
    # Subset to the characters of every page (epub_assets), with their licence beside them.
    pages = [item.content for item in package.items if item.media_type == "application/xhtml+xml"] if fonts else []
    characters = book_characters(pages, [sheet.text for sheet in stylesheets(book)]) if fonts else frozenset()
    for number, font in enumerate(fonts, start=1):
        package.add_item(
            epub.EpubItem(
                uid=f"font-{number}",
                file_name=f"styles/fonts/{font.name}",
                media_type=MEDIA_TYPES[font.suffix.lower()],
                content=subset_font(font.read_bytes(), characters),
            )
        )
    for licence in licence_files(fonts):  # outside the manifest, which would want a page to refer to it
        package.add_item(
            epub.EpubItem(file_name=f"{LICENCES}/{licence.name}", manifest=False, content=licence.read_bytes())
        )


def book_fonts(book: Book) -> list[Path]:
    """The font files the stylesheets' @font-face rules name."""
    fonts = []
    for sheet in stylesheets(book):
        for reference in re.findall(r"url\(['\"]?fonts/([^'\")]+)['\"]?\)", sheet.text):
            path = book.folders.theme_file(f"fonts/{reference}")
            if path not in fonts:
                fonts.append(path)
    return fonts


def add_metadata(package: epub.EpubBook, book: Book, timestamp: dt.datetime, page_list: bool = False) -> None:
    meta = book.meta
    package.set_identifier(meta.epub_identifier())
    package.set_title(meta.title + (f": {meta.subtitle}" if meta.subtitle else ""))
    package.set_language(meta.lang)
    for number, person in enumerate(meta.authors, start=1):
        kind = "creator" if person.role == "author" else "contributor"
        uid = f"{kind}-{number}"
        package.add_metadata("DC", kind, person.name, {"id": uid})
        package.add_metadata(
            None,
            "meta",
            RELATORS.get(person.role, "ctb"),
            {"refines": f"#{uid}", "property": "role", "scheme": "marc:relators"},
        )
    for key, value in (
        ("publisher", meta.publisher),
        ("rights", meta.rights),
        ("description", meta.description),
        ("date", meta.date),
    ):
        if value:
            package.add_metadata("DC", key, value)
    for subject in meta.subjects:
        package.add_metadata("DC", "subject", subject)
    if meta.identifiers.get("print"):
        package.add_metadata("DC", "source", "urn:isbn:" + meta.identifiers["print"].replace("-", ""))
    # What the book really has (accessibility.py); the wording of the summary is the template's.
    a11y = accessibility(book, page_list=page_list)
    env = environment(book, autoescape=False)  # plain text: ebooklib escapes it
    for line in env.get_template("epub/accessibility.txt").render(a11y=a11y).splitlines():
        if line.strip() and not line.startswith("#"):
            prop, _, value = line.partition(" ")
            package.add_metadata(None, "meta", value.strip(), {"property": prop})
            if prop == "pageBreakSource" and not meta.identifiers.get("print"):
                # Reading systems and checkers (DAISY Ace) that predate pageBreakSource look for
                # dc:source; with a print ISBN it is given above.
                package.add_metadata("DC", "source", value.strip())


def repack(data: bytes, timestamp: dt.datetime) -> bytes:
    """The same zip with fixed dates and order: mimetype first and stored, as OCF requires."""
    date_time = timestamp.timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    order = ["mimetype"] + sorted(n for n in names if n != "mimetype")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=max(date_time, (1980, 1, 1, 0, 0, 0)))
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, source.read(name), compresslevel=9)
    return out.getvalue()


def ncx_entry(chapter: Chapter, children: list[Chapter], text_href):
    """The NCX (for EPUB 2 readers) nests a part's chapters under it, as the nav does."""
    link = epub.Link(text_href(chapter), chapter.title_text, manifest_id(chapter.slug))
    if not children:
        return link
    return (epub.Section(chapter.title_text, text_href(chapter)), [ncx_entry(c, [], text_href) for c in children])
