"""Read a manuscript once into a Book: book.yaml and its Markdown files, or one Markdown file.

Each file is converted by pressroom.markdown, parsed into an element tree, sanitized, and split
into chapters at its ``#`` headings. Every problem is reported to the Diagnostics at the file and
line to fix, and reading goes on, so one run lists them all: a build stops after reading when any
was an error (``Diagnostics.stop_on_errors``), ``check`` reports them with its own findings.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from lxml import html as lxml_html
from markupsafe import Markup

from pressroom.book import BACK_ROLES, FRONT_ROLES, ROLES, Book, Chapter, Note, SourceFile, line_of
from pressroom.errors import BookError
from pressroom.findings import Diagnostics
from pressroom.fonts import main_font
from pressroom.headings import HeadingPlan, has_chapter_heading, is_part_heading, relevel
from pressroom.ids import slugify
from pressroom.images import BadImage, collect_images, read_checked
from pressroom.leftovers import leftovers
from pressroom.markdown import ReferenceRegistry, convert, smart_text, to_html
from pressroom.metadata import Metadata, load_metadata, parse_yaml
from pressroom.resources import BookFolders, read_text, styles_folder
from pressroom.sanitize import sanitize
from pressroom.styles import check_stylesheets

YAML_BLOCK = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
# Limits past which a file is refused rather than read, laid out or written: far beyond any book,
# well within what the Markdown reader, lxml and WeasyPrint handle without running out of stack or time.
MAX_DEPTH = 100  # elements nested in one another: lists in lists, quotes in quotes, raw HTML, emphasis
MAX_PARAGRAPH = 500_000  # characters in one paragraph (WeasyPrint lays out a long one in more than linear time)
PARAGRAPHS = ("p", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "td", "th", "dt", "li", "dd")
BLOCKS_INSIDE = {"p", "ul", "ol", "dl", "div", "blockquote", "pre", "table"}  # a list item's own paragraphs
NESTING_PREFIX = re.compile(r"[\s>*+_\-\[(]*")  # what a deeply nested line starts with


def find_manuscript(path: Path) -> tuple[Path, Path]:
    """The metadata file and the manuscript folder for a folder, a book.yaml or a .md file."""
    path = Path(path)
    if path.is_dir():
        metadata = path / "book.yaml"
        if not metadata.is_file():
            raise BookError("no book.yaml in the manuscript folder", metadata, 1)
        return metadata, path
    if not path.is_file():
        raise BookError("manuscript not found", path, 1)
    return path, path.parent


def load_book(path: Path, diagnostics: Diagnostics) -> Book:
    """The Book, with every problem reported to ``diagnostics``. Only a manuscript that cannot be
    found or whose metadata cannot be read at all raises (BookError): nothing else can be read."""
    metadata_file, folder = find_manuscript(path)
    folders = BookFolders(folder, styles_folder(metadata_file, folder))
    text = read_text(metadata_file, metadata_file, 1)
    if metadata_file.suffix in {".yaml", ".yml"}:
        meta = load_metadata(*parse_yaml(text, metadata_file), metadata_file, diagnostics)
        sources = []
        for file, role, line in contents_files(meta, folder, diagnostics):
            try:
                sources.append(SourceFile(file, role, read_text(file, metadata_file, line).split("\n")))
            except BookError as error:
                diagnostics.problem(error)
                continue
            if not "".join(sources[-1].lines).strip():
                diagnostics.warning(
                    "x-empty-file", f"{file.name} is empty: nothing of it is in the book", metadata_file, line
                )
    else:
        meta, first_line = split_front_matter(text, metadata_file, diagnostics)
        sources = [SourceFile(metadata_file, "chapter", text.split("\n"), first_line)]
    typeset_metadata(meta)
    book = Book(meta=meta, folders=folders, chapters=[], sources=sources)
    if meta.mainfont:
        try:
            book.fonts = main_font(meta.mainfont, folders.styles_dir, metadata_file, meta.line_of("mainfont"))
        except BookError as error:
            diagnostics.problem(error, "x-metadata")
    registry = ReferenceRegistry()
    for source in sources:
        read_chapters(book, source, registry, diagnostics)
    book.citations, book.crossrefs = registry.citations, registry.crossrefs
    book.abstract = metadata_markdown("abstract", meta, diagnostics)
    book.back_cover = metadata_markdown("back-cover", meta, diagnostics)
    if not book.chapters:
        if not diagnostics.errors:  # else the text is missing for a reason already given
            diagnostics.error("x-no-chapters", "the manuscript has no text", metadata_file, meta.line_of("contents"))
        return book
    check_matter_order(book.chapters, diagnostics)
    assign_parts(book)
    collect_images(book, diagnostics)
    check_stylesheets(book, diagnostics)
    if meta.cover_image:
        read_cover(book, diagnostics)
    return book


def typeset_metadata(meta: Metadata) -> None:
    """The metadata's text set as the chapters' is (markdown.smart_text: “quotes”, Stalin’s, –, …),
    once, for every edition: the EPUB's package and pages, the print title and copyright pages,
    the cover. The title as typed is kept for the identifier made from it."""
    meta.typed_title = meta.title
    for key in ("title", "subtitle", "short_title", "publisher", "rights", "description", "edition"):
        setattr(meta, key, smart_text(getattr(meta, key), meta.lang))
    meta.credits = [smart_text(credit, meta.lang) for credit in meta.credits]
    meta.authors = [replace(person, name=smart_text(person.name, meta.lang)) for person in meta.authors]


def read_cover(book: Book, diagnostics: Diagnostics) -> None:
    """The cover image, found and read as the text's images are (a corrupt cover is an error)."""
    meta, line = book.meta, book.meta.line_of("cover-image")
    try:
        cover = book.folders.resolve(meta.cover_image, book.folders.manuscript_dir, meta.source, line)
    except BookError as error:
        diagnostics.problem(error, "f-missing-image")
        return
    checked = read_checked(cover)
    if isinstance(checked, BadImage):
        diagnostics.error("f-bad-image", f"{checked}: {meta.cover_image}", meta.source, line)
        return
    book.cover = cover


def contents_files(meta: Metadata, folder: Path, diagnostics: Diagnostics) -> list[tuple[Path, str, int]]:
    """The ``contents`` list: each entry a file name or ``{file: …, role: …}``; a bad entry is
    reported and left out."""
    entries, listed = [], {}
    for index, entry in enumerate(meta.contents):
        line = meta.line_of(f"contents.{index}")
        try:
            path, role, line = contents_entry(entry, meta, folder, line)
        except BookError as error:
            diagnostics.problem(error)
            continue
        if path in listed:
            name = path.relative_to(folder.resolve())
            diagnostics.error(
                "x-metadata", f"{name} is listed twice in contents (first at line {listed[path]})", meta.source, line
            )
            continue
        listed[path] = line
        entries.append((path, role, line))
    return entries


def contents_entry(entry, meta: Metadata, folder: Path, line: int) -> tuple[Path, str, int]:
    if isinstance(entry, str):
        name, role = entry, "chapter"
    elif isinstance(entry, dict) and isinstance(entry.get("file"), str):
        name, role = entry["file"], str(entry.get("role", "chapter"))
    else:
        raise BookError("a contents entry is a file name or {file: …, role: …}", meta.source, line)
    if role not in ROLES:
        raise BookError(f"unknown role '{role}' (known: {', '.join(sorted(ROLES))})", meta.source, line)
    path = (folder / name).resolve()
    if not path.is_relative_to(folder.resolve()):
        raise BookError(f"chapter file outside the manuscript folder: {name}", meta.source, line)
    if path.is_dir():
        raise BookError(f"chapter file is a folder: {name} (list the Markdown files in it)", meta.source, line)
    if not path.is_file():
        raise BookError(f"chapter file not found: {name}", meta.source, line)
    return path, role, line


def split_front_matter(text: str, file: Path, diagnostics: Diagnostics) -> tuple[Metadata, int]:
    """A single Markdown file: its YAML block is the metadata; returns it and the line the
    Markdown starts on."""
    match = YAML_BLOCK.match(text)
    if not match:
        raise BookError("a single-file manuscript starts with a YAML metadata block (---)", file, 1)
    meta = load_metadata(*parse_yaml(match[1], file, offset=1), file, diagnostics)
    return meta, match.group(0).count("\n") + 1


def read_chapters(book: Book, source: SourceFile, registry: ReferenceRegistry, diagnostics: Diagnostics) -> None:
    """Convert one file and add its chapters to the book. Blocks before the file's first chapter
    heading continue the chapter before (a file may hold one section of a chapter); a book that
    opens without a heading gets a first chapter titled with the book's title (an article)."""
    blank = ["" for _ in range(source.first_line - 1)]
    try:
        conversion = convert("\n".join(blank + source.lines[source.first_line - 1 :]), book.meta.lang, registry)
        root = lxml_html.fragment_fromstring(conversion.html or "<p></p>", create_parent="div")
    except RecursionError:  # Python-Markdown reads nested blocks and emphasis by recursion
        diagnostics.error("x-too-deep", TOO_DEEP, source.path, deepest_line(source.lines))
        return
    for problem in conversion.problems:
        diagnostics.error(problem.code, problem.message, source.path, problem.line)
    if not readable(root, lambda code, message, line: diagnostics.error(code, message, source.path, line)):
        return
    sanitize(root, lambda code, message, line: diagnostics.warning(code, message, source.path, line))
    decide_layout(book, source, root)
    relevel(root, heading_plan(book.meta, source))
    notes = take_notes(root, conversion.note_lines)
    mark_start(source, root)
    for found in leftovers(root, line_of):
        diagnostics.error(found.code, found.message, source.path, found.line)
    for note in notes.values():
        for found in leftovers(note.body, lambda element, note=note: note.line):
            diagnostics.error(found.code, found.message, source.path, found.line)
    continued = book.chapters[-1] if book.chapters else None
    chapters, current = [], continued
    for element in list(root):
        if element.tag == "h1":
            current = new_chapter(source, element)
            chapters.append(current)
            if what := unresolved_in_title(element):
                message = f"a chapter title cannot hold {what} (it would be lost): move it into the text"
                diagnostics.error("x-raw-markup", message, source.path, line_of(element))
        elif current is None:
            if element.tag == "hr" or not (element.text_content().strip() or len(element)):
                continue
            current = untitled_chapter(book, source, element)
            chapters.append(current)
            current.body.append(element)
        else:
            if current is continued:  # a section from a file of its own: say which, beside its lines
                element.set("data-source", source.path.name)
            current.body.append(element)
    book.chapters.extend(chapters)
    for chapter in ([continued] if continued else []) + chapters:
        attach_notes(chapter, notes)
    for note_id, note in notes.items():
        if not note.key:
            label = note_id[len("fn-") :]
            diagnostics.warning("r-unused-note", f"footnote '[^{label}]' is never referred to", source.path, note.line)


# What only a chapter's text is resolved for (notes, citations, cross-references, index marks):
# in a chapter title it would stay a dangling link or a placeholder.
TITLE_MARKS = {
    "footnote-ref": "a footnote",
    "citation": "a citation",
    "xref": "a cross-reference",
    "index": "an index mark",
}


def unresolved_in_title(heading) -> str | None:
    """What the title holds that it cannot (its own classes are its role: ``# Index {.index}``)."""
    for element in heading.iterdescendants():
        for name in element.get("class", "").split() if isinstance(element.tag, str) else ():
            if name in TITLE_MARKS:
                return TITLE_MARKS[name]
    return None


TOO_DEEP = f"nested too deeply to read: lists, quotes or emphasis more than {MAX_DEPTH} levels deep"


def deepest_line(lines: list[str]) -> int:
    """Where a file that was too deep for the Markdown reader is deepest: the line that starts with
    the longest run of indentation and block or emphasis markers."""
    depths = [len(NESTING_PREFIX.match(line)[0]) for line in lines]
    return depths.index(max(depths)) + 1 if depths else 1


def readable(root, report) -> bool:
    """Whether the element tree of a file is within the limits (MAX_DEPTH, MAX_PARAGRAPH); each
    problem is reported, as ``report(code, message, line)``, at its line. Nothing nested too deep
    is read further (the stages after reading walk the tree by recursion)."""
    stack = [(element, 1) for element in root]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            message = f"<{element.tag}> nested more than {MAX_DEPTH} levels deep, which no edition can lay out"
            report("x-too-deep", message, line_of(element))
            return False
        stack.extend((child, depth + 1) for child in element)
    ok = True
    for element in root.iter(*PARAGRAPHS):
        if element.tag in {"li", "dd"} and any(child.tag in BLOCKS_INSIDE for child in element):
            continue  # its paragraphs are counted one by one
        size = len(element.text_content())
        if size > MAX_PARAGRAPH:
            report(
                "x-too-long",
                f"a paragraph of {size:,} characters: the most one paragraph may hold is {MAX_PARAGRAPH:,} "
                "(the print layout would take hours); break it into paragraphs",
                line_of(element),
            )
            ok = False
    return ok


def metadata_markdown(key: str, meta: Metadata, diagnostics: Diagnostics) -> str:
    """A metadata value written in Markdown (the abstract, the back cover), as HTML sanitized like
    the chapters; what the sanitizer removes is reported at the key's line."""
    text = getattr(meta, key.replace("-", "_"))
    if not text:
        return ""
    line = meta.line_of(key)
    try:
        html, _ = to_html(text, meta.lang)
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except RecursionError:
        diagnostics.error("x-too-deep", TOO_DEEP, meta.source, line)
        return ""
    if not readable(root, lambda code, message, _: diagnostics.error(code, message, meta.source, line)):
        return ""
    sanitize(root, lambda code, message, _: diagnostics.warning(code, message, meta.source, line))
    for element in root.iter():
        element.attrib.pop("data-line", None)
    return Markup("".join(lxml_html.tostring(child, encoding="unicode") for child in root))


def decide_layout(book: Book, source: SourceFile, root) -> None:
    """``layout`` unless book.yaml says: an article for one Markdown file without ``#`` chapters."""
    if not book.meta.layout:
        single_file = source.path == book.meta.source
        article = single_file and not has_chapter_heading(root, book.meta.shift_heading_level_by)
        book.meta.layout = "article" if article else "book"


def heading_plan(meta: Metadata, source: SourceFile) -> HeadingPlan:
    return HeadingPlan(
        shift=meta.shift_heading_level_by,
        parts=source.role == "part" or meta.top_level_division == "part",
        one_chapter=meta.split == "file",
        article=meta.layout == "article",
    )


def mark_start(source: SourceFile, root) -> None:
    """Give the file's first block an id, so that links to the file can land there; ``<a name>``
    anchors (older HTML) become ids as ``<a id>`` ones are."""
    for anchor in root.iter("a"):
        if anchor.get("name") and not anchor.get("id"):
            anchor.set("id", anchor.attrib.pop("name"))
    first = next((element for element in root if isinstance(element.tag, str)), None)
    if first is not None:
        first.set("id", first.get("id") or f"file-{slugify(source.path.stem)}")
        source.start_id = first.get("id")


def untitled_chapter(book: Book, source: SourceFile, first) -> Chapter:
    """The opening of a book or article written without a ``#`` heading: the book's title heads it."""
    title = lxml_html.Element("h1", {"class": "book-title-as-heading", "data-line": str(line_of(first))})
    title.text = book.meta.title
    return Chapter(
        file=source.path,
        line=line_of(first),
        role=source.role,
        id="",
        title=title,
        body=lxml_html.Element("div"),
        unnumbered=True,
        untitled=True,
    )


def new_chapter(source: SourceFile, heading) -> Chapter:
    """A chapter (or part) opened by an ``h1``: its role from the heading's class, else the
    file's contents role (the chapters inside a part's file are chapters)."""
    classes = set(heading.get("class", "").split())
    default = "chapter" if source.role == "part" else source.role
    role = "part" if is_part_heading(heading) else next((c for c in sorted(classes) if c in ROLES), default)
    chapter = Chapter(
        file=source.path,
        line=line_of(heading),
        role=role,
        id=heading.get("id", ""),
        title=heading,
        body=lxml_html.Element("div"),
    )
    chapter.unnumbered = "unnumbered" in classes
    return chapter


def assign_parts(book: Book) -> None:
    """Each chapter after a part belongs to it, until the next part or the book's closing back
    matter (a back-matter file of the contents: bibliography, index, colophon). Appendices and
    back matter written inside a part's files stay in that part."""
    roles = {source.path: source.role for source in book.sources}
    part = None
    for chapter in book.chapters:
        if chapter.role == "part":
            part = chapter
        elif roles.get(chapter.file) in BACK_ROLES or chapter.matter == "frontmatter":
            part = None
        else:
            chapter.part = part


def take_notes(root, note_lines: dict[str, int]) -> dict[str, Note]:
    """Remove Python-Markdown's footnote list; return its notes by id."""
    notes = {}
    for container in root.find_class("footnote"):
        for item in container.xpath("./ol/li"):  # the notes, not the items of a list in a note
            label = item.get("id", "")[len("fn-") :]
            for backref in item.find_class("footnote-backref"):
                backref.drop_tree()
            body = lxml_html.Element("div")
            body.text = item.text
            body.extend(list(item))
            strip_trailing_space(body)
            notes[item.get("id")] = Note(id="", ref_id="", number=0, body=body, line=note_lines.get(label, 1))
        container.drop_tree()
    return notes


def strip_trailing_space(element) -> None:
    """Python-Markdown leaves a no-break space where its back link stood."""
    last = element
    while len(last):
        last = last[-1]
    if last.tail:
        last.tail = last.tail.rstrip(" \u00a0\n")
    elif last.text:
        last.text = last.text.rstrip(" \u00a0\n")


def attach_notes(chapter: Chapter, notes: dict[str, Note]) -> None:
    """Each note belongs to the chapter that refers to it; the reference becomes a neutral marker.
    A note referred to again is the same note (Pandoc repeats its number); each reference gets a
    marker of its own."""
    for sup in list(chapter.body.iter("sup")):
        link = sup.find("a")
        if link is None or "footnote-ref" not in link.get("class", ""):
            continue
        note = notes.get(link.get("href", "").lstrip("#"))
        if note is None:
            continue
        if note not in chapter.notes:
            chapter.notes.append(note)
            note.key = str(len(chapter.notes))
        marker = lxml_html.Element("a", {"class": "noteref", "data-note": note.key})
        marker.tail = sup.tail
        sup.getparent().replace(sup, marker)


def check_matter_order(chapters: list[Chapter], diagnostics: Diagnostics) -> None:
    """Front matter before the chapters."""
    seen_body = seen_back = False
    for chapter in chapters:
        if chapter.role in FRONT_ROLES and (seen_body or seen_back):
            diagnostics.error(
                "x-matter-order",
                f"'{chapter.role}' is front matter and must come before the chapters",
                chapter.file,
                chapter.line,
            )
        if chapter.role in BACK_ROLES:
            seen_back = True
        elif chapter.role not in FRONT_ROLES:
            seen_body = True
