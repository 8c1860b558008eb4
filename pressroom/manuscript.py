"""Read a manuscript once into a Book: book.yaml and its Markdown files, or one Markdown file.

Each file is converted by pressroom.markdown, parsed into an element tree, sanitized, and split
into chapters at its ``#`` headings. Every problem is a BookError at the file and line to fix.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import html as lxml_html

from pressroom.book import BACK_ROLES, FRONT_ROLES, ROLES, Book, Chapter, Note
from pressroom.errors import BookError
from pressroom.markdown import to_html
from pressroom.metadata import Metadata, load_metadata, parse_yaml
from pressroom.resources import DEFAULT_THEME, BookFolders

YAML_BLOCK = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
UNSAFE_ELEMENTS = {"script", "style", "iframe", "object", "embed", "form", "input", "button",
                   "link", "meta", "base", "frame", "frameset", "applet"}


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


def load_book(path: Path) -> Book:
    metadata_file, folder = find_manuscript(path)
    folders = BookFolders(folder, [folder.parent / "styles", DEFAULT_THEME])
    text = read_text(metadata_file, metadata_file, 1)
    if metadata_file.suffix in {".yaml", ".yml"}:
        meta = load_metadata(*parse_yaml(text, metadata_file), metadata_file)
        sources = [(file, role, read_text(file, metadata_file, line))
                   for file, role, line in contents_files(meta, folder)]
    else:
        meta, body = split_front_matter(text, metadata_file)
        sources = [(metadata_file, "chapter", body)]
    chapters = []
    for file, role, source in sources:
        chapters.extend(read_chapters(file, role, source, meta.lang, folders))
    if not chapters:
        raise BookError("the manuscript has no chapters", metadata_file, meta.line_of("contents"))
    check_matter_order(chapters)
    book = Book(meta=meta, folders=folders, chapters=chapters)
    collect_images(book)
    if meta.cover_image:
        book.cover = folders.resolve(meta.cover_image, folder, metadata_file, meta.line_of("cover-image"))
    return book


def read_text(file: Path, cited_in: Path, line: int) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BookError(f"file not found: {file.name}", cited_in, line) from None
    except UnicodeDecodeError:
        raise BookError("file is not UTF-8 text", file, 1) from None


def contents_files(meta: Metadata, folder: Path, report=None) -> list[tuple[Path, str, int]]:
    """The ``contents`` list: each entry a file name or ``{file: …, role: …}``.

    A bad entry raises its BookError, or with ``report`` is handed to it and left out (the
    checker reports them all)."""
    entries = []
    for index, entry in enumerate(meta.contents):
        try:
            entries.append(contents_entry(entry, meta, folder, meta.line_of(f"contents.{index}")))
        except BookError as error:
            if report is None:
                raise
            report(error)
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
    if not path.is_file():
        raise BookError(f"chapter file not found: {name}", meta.source, line)
    return path, role, line


def split_front_matter(text: str, file: Path) -> tuple[Metadata, str]:
    """A single Markdown file: its YAML block is the metadata; lines keep their numbers."""
    match = YAML_BLOCK.match(text)
    if not match:
        raise BookError("a single-file manuscript starts with a YAML metadata block (---)", file, 1)
    meta = load_metadata(*parse_yaml(match[1], file, offset=1), file)
    blanked = "\n" * match.group(0).count("\n")
    return meta, blanked + text[match.end():]


def read_chapters(file: Path, role: str, source: str, lang: str, folders: BookFolders) -> list[Chapter]:
    html, note_lines = to_html(source, lang)
    root = lxml_html.fragment_fromstring(html or "<p></p>", create_parent="div")
    sanitize(root)
    notes = take_notes(root, note_lines)
    chapters, current = [], None
    for element in list(root):
        if element.tag == "h1":
            current = new_chapter(file, role, element)
            chapters.append(current)
        elif current is None:
            if element.tag == "hr" or not (element.text_content().strip() or len(element)):
                continue
            raise BookError("text before the first '#' chapter heading", file, line_of(element))
        else:
            current.body.append(element)
    if not chapters:
        raise BookError("no '#' chapter heading in this file", file, 1)
    for chapter in chapters:
        attach_notes(chapter, notes)
    return chapters


def new_chapter(file: Path, role: str, heading) -> Chapter:
    classes = set(heading.get("class", "").split())
    role = next((c for c in sorted(classes) if c in ROLES), role)
    chapter = Chapter(file=file, line=line_of(heading), role=role, id=heading.get("id", ""),
                      title=heading, body=lxml_html.Element("div"))
    if "unnumbered" in classes:
        chapter.number = "-"
    return chapter


def line_of(element) -> int:
    while element is not None:
        if element.get("data-line"):
            return int(element.get("data-line"))
        element = element.getparent()
    return 1


def sanitize(root) -> None:
    """Raw HTML is kept when safe: no scripts, embeds, forms, event handlers or javascript: links."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            element.drop_tree() if element.getparent() is not None else None
            continue
        if element.tag in UNSAFE_ELEMENTS:
            element.drop_tree()
            continue
        for name in list(element.attrib):
            value = element.get(name, "")
            if name.startswith("on") or (name in {"href", "src"} and value.strip().lower().startswith("javascript:")):
                del element.attrib[name]


def take_notes(root, note_lines: dict[str, int]) -> dict[str, Note]:
    """Remove Python-Markdown's footnote list; return its notes by id."""
    notes = {}
    for container in root.find_class("footnote"):
        for item in container.iter("li"):
            label = item.get("id", "")[len("fn-"):]
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
    """Each note belongs to the chapter that refers to it; the reference becomes a neutral marker."""
    for sup in list(chapter.body.iter("sup")):
        link = sup.find("a")
        if link is None or "footnote-ref" not in link.get("class", ""):
            continue
        note = notes.get(link.get("href", "").lstrip("#"))
        if note is None or note in chapter.notes:
            continue
        chapter.notes.append(note)
        note.key = str(len(chapter.notes))
        marker = lxml_html.Element("a", {"class": "noteref", "data-note": note.key})
        marker.tail = sup.tail
        sup.getparent().replace(sup, marker)


def check_matter_order(chapters: list[Chapter]) -> None:
    """Front matter before the chapters, back matter after them."""
    seen_body = seen_back = False
    for chapter in chapters:
        if chapter.role in FRONT_ROLES and (seen_body or seen_back):
            raise BookError(f"'{chapter.role}' is front matter and must come before the chapters",
                            chapter.file, chapter.line)
        if chapter.role in BACK_ROLES:
            seen_back = True
        elif chapter.role not in FRONT_ROLES:
            if seen_back:
                raise BookError("a chapter after the back matter", chapter.file, chapter.line)
            seen_body = True


def collect_images(book: Book) -> None:
    """Resolve every image through the book's folders and give it a name inside the book."""
    for chapter in book.chapters:
        for image in chapter.body.iter("img"):
            path = book.folders.resolve(image.get("src", ""), chapter.file.parent, chapter.file, line_of(image))
            name = book.assets.setdefault(path, unique_asset_name(book, path))
            image.set("src", name)


def unique_asset_name(book: Book, path: Path) -> str:
    taken = set(book.assets.values())
    name, stem, number = f"images/{path.name}", path.stem, 2
    while name in taken:
        name, number = f"images/{stem}-{number}{path.suffix}", number + 1
    return name
