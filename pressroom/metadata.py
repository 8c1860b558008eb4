"""Book metadata: book.yaml (or a Markdown file's YAML block), checked key by key with line numbers.

Keys follow Pandoc's names where Pandoc has one (title, subtitle, author, lang, date, publisher,
rights, description, subject, identifier, cover-image, bibliography, csl, abstract, keywords,
top-level-division, shift-heading-level-by, mainfont, toc-depth); ``short-title`` (running heads),
``contents``, ``edition``, ``credits``, ``layout``, ``split``, ``chapters-open``, ``print`` (trim,
font-size, profile, bleed, paper, pdf, max-pages, link-addresses), ``back-cover`` (the print cover's back),
``epub`` and ``accessibility`` (certified-by, credential: who certified the EPUB's accessibility)
are Pressroom's own.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pressroom.errors import BookError
from pressroom.findings import Diagnostics
from pressroom.print.profiles import DEFAULT_MAX_PAGES, PDF_STANDARDS, PROFILES
from pressroom.resources import DEFAULT_THEME, NOT_TEXT, not_text_message

KNOWN_KEYS = {
    "title",
    "subtitle",
    "author",
    "lang",
    "date",
    "publisher",
    "rights",
    "description",
    "subject",
    "identifier",
    "cover-image",
    "bibliography",
    "csl",
    "edition",
    "credits",
    "contents",
    "print",
    "epub",
    "short-title",
    "back-cover",
    "nocite",
    "numbering",
    "lists",
    "words",
    "check",
    "abstract",
    "keywords",
    "layout",
    "top-level-division",
    "shift-heading-level-by",
    "split",
    "chapters-open",
    "mainfont",
    "accessibility",
    "toc-depth",
}
PRINT_KEYS = {"trim", "font-size", "profile", "bleed", "paper", "pdf", "max-pages", "link-addresses"}
EPUB_KEYS = {"fonts", "notes"}
ACCESSIBILITY_KEYS = {"certified-by", "credential"}

# Trim sizes (width, height) in inches: the common KDP and IngramSpark sizes, A5 and B-format.
TRIM_SIZES = {
    "5x8in": (5.0, 8.0),
    "5.25x8in": (5.25, 8.0),
    "5.5x8.5in": (5.5, 8.5),
    "6x9in": (6.0, 9.0),
    "7x10in": (7.0, 10.0),
    "8.5x11in": (8.5, 11.0),
    "a5": (148 / 25.4, 210 / 25.4),
    "b-format": (129 / 25.4, 198 / 25.4),
}
TRIM_PATTERN = re.compile(r"^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)(in|mm)$")
TRIM_RANGE = (1.0, 40.0)  # inches: a custom trim's sides (a page of nothing, or of acres, is no page)
ISBN = re.compile(r"(97[89])?[\d-]{9,}[\dX]")  # ISBN-10 or -13, hyphens or not
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")  # BCP 47, as EPUB's dc:language wants


@dataclass(frozen=True)
class Person:
    name: str
    role: str = "author"


@dataclass
class Metadata:
    title: str
    source: Path
    subtitle: str = ""
    short_title: str = ""  # for running heads and the spine; when empty, the title up to a colon
    authors: list[Person] = field(default_factory=list)
    lang: str = "en"
    date: str = ""
    publisher: str = ""
    rights: str = ""
    description: str = ""
    subjects: list[str] = field(default_factory=list)
    identifiers: dict[str, str] = field(default_factory=dict)
    cover_image: str = ""
    bibliography: str = ""
    csl: str = ""
    edition: str = ""
    credits: list[str] = field(default_factory=list)
    nocite: list[str] = field(default_factory=list)  # keys listed though never cited; "*" for all
    check_ignore: list[str] = field(default_factory=list)  # codes `make_book.py check` leaves out
    check_severity: dict[str, str] = field(default_factory=dict)  # code → error, warning or note
    contents: list = field(default_factory=list)
    trim: tuple[float, float] = TRIM_SIZES["6x9in"]
    font_size: float | None = None  # print.font-size: the print body size in pt (None: the theme's 11pt)
    print_profile: str = "kdp"  # print.profiles.PROFILES: kdp, ingramspark, offset, proof
    print_bleed: str = "auto"  # "yes", "no", or "auto": when a figure bleeds ({.bleed})
    paper: str = "white"  # white or cream: the spine width
    pdf_standard: str = "ua"  # ua (PDF/UA-1), a-2b, a-3b (PDF/A, tagged) or none
    max_pages: int = DEFAULT_MAX_PAGES  # print.max-pages: a layout with more pages stops the build
    link_addresses: str = "inline"  # print.link-addresses: an external link's address after it, as a note, or none
    back_cover: str = ""  # the back-cover text of the print cover (Markdown)
    epub_fonts: str = "embed"
    epub_notes: str = "footnotes"  # or "endnotes": one notes file, numbered through the book
    numbering: dict[str, str] = field(default_factory=lambda: {"figures": "book", "tables": "book"})
    lists: list[str] = field(default_factory=list)  # "figures", "tables": lists in the front matter
    words: dict = field(default_factory=dict)  # overrides of styles/words/<lang>.yaml
    abstract: str = ""  # Markdown: under the title in an article's title block
    keywords: list[str] = field(default_factory=list)
    layout: str = ""  # "book" or "article"; "" until reading decides (one file without chapters: article)
    top_level_division: str = "chapter"  # "part": ``#`` headings are parts and ``##`` chapters (Pandoc's name)
    shift_heading_level_by: int = 0  # added to every heading's level (Pandoc's name); -1 makes ``##`` a chapter
    split: str = "heading"  # "heading": a chapter at each top-level heading; "file": one chapter per file
    toc_depth: int = 1  # the contents' levels: 1 parts and chapters, 2 their sections (##), 3 subsections (###)
    chapters_open: str = "right"  # print: chapters open on a recto ("right") or the next page ("any")
    mainfont: str = ""  # body font family; its files in the book's styles/fonts/
    certified_by: str = ""  # accessibility.certified-by: who certified the EPUB's accessibility (a11y:certifiedBy)
    certifier_credential: str = ""  # accessibility.credential: the certifier's credential (a11y:certifierCredential)
    typed_title: str = ""  # the title as book.yaml gives it (``title`` gets the text's typography)
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def creators(self) -> list[Person]:
        return [p for p in self.authors if p.role == "author"]

    @property
    def contributors(self) -> list[Person]:
        return [p for p in self.authors if p.role != "author"]

    @property
    def year(self) -> str:
        return self.date[:4]

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)

    def isbn(self, edition: str) -> str:
        """The edition's identifier when it is an ISBN (what a copyright page prints), else ""."""
        value = self.identifiers.get(edition, "")
        return value if ISBN.fullmatch(value.removeprefix("urn:isbn:")) else ""

    def epub_identifier(self) -> str:
        """The ebook's identifier as a URN; a stable UUID from the title when none is given."""
        title = self.typed_title or self.title  # the same identifier whatever the quotes become
        value = self.identifiers.get("epub") or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'pressroom:' + title)}"
        if ISBN.fullmatch(value):
            return "urn:isbn:" + value.replace("-", "")
        if re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", value, re.I):
            return "urn:uuid:" + value.lower()
        return value


def key_lines(text: str, offset: int = 0) -> dict[str, int]:
    """Map each key (dotted for nested mappings) to the 1-based line it stands on."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    lines: dict[str, int] = {}

    def walk(node, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = f"{prefix}{key.value}"
                lines[name] = key.start_mark.line + 1 + offset
                walk(value, name + ".")
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[f"{prefix}{index}"] = item.start_mark.line + 1 + offset
                walk(item, f"{prefix}{index}.")

    if node is not None:
        walk(node, "")
    return lines


class BookLoader(yaml.SafeLoader):
    """PyYAML's safe loader, with a value its constructors refuse (``date: 2024-13-45``,
    ``!!int x``) a YAML error at the value's line rather than a Python exception."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as error:
            raise yaml.constructor.ConstructorError(None, None, f"{error} in '{node.value}'", node.start_mark) from None


def duplicate_key(text: str, offset: int = 0) -> tuple[str, int, int] | None:
    """The first key given twice in one mapping: (key, its first line, the repeated line)."""
    stack = [yaml.compose(text, Loader=yaml.SafeLoader)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                line = key.start_mark.line + 1 + offset
                if isinstance(key, yaml.ScalarNode) and key.value in seen:
                    return key.value, seen[key.value], line
                seen[key.value if isinstance(key, yaml.ScalarNode) else f"#{line}"] = line
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return None


def parse_yaml(text: str, file: Path, offset: int = 0) -> tuple[dict, dict[str, int]]:
    """Parse YAML safely; a syntax error becomes a BookError at its line, as does a key given
    twice (YAML would keep the last silently)."""
    try:
        data = yaml.load(text, Loader=BookLoader) or {}
        lines = key_lines(text, offset)
        twice = duplicate_key(text, offset)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 + offset if mark else offset + 1
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise BookError(f"invalid YAML: {problem}", file, line) from None
    if not isinstance(data, dict):
        raise BookError("metadata must be a mapping of keys to values", file, offset + 1)
    if found := not_text(data):  # written as a YAML escape ("\x01"): the file itself is clean
        key, character = found
        raise BookError(not_text_message(character, f" in '{key}'"), file, lines.get(key, offset + 1))
    if twice:
        key, first, line = twice
        raise BookError(f"key '{key}' is given twice (first at line {first})", file, line)
    return data, lines


def not_text(value, key: str = "") -> tuple[str, str] | None:
    """The first key (dotted, as key_lines names it) whose name or value holds a character no
    edition can hold (resources.NOT_TEXT), and that character."""
    if isinstance(value, str):
        found = NOT_TEXT.search(value)
        return (key, found[0]) if found else None
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, list):
        pairs = list(enumerate(value))
    else:
        return None
    for name, item in pairs:
        path = f"{key}.{name}" if key else str(name)
        if isinstance(name, str) and (found := NOT_TEXT.search(name)):
            return (path, found[0])
        if found := not_text(item, path):
            return found
    return None


def load_metadata(data: dict, lines: dict[str, int], file: Path, diagnostics: Diagnostics) -> Metadata:
    """Check every key and build the Metadata; each problem is reported (a value that is wrong
    keeps its default) so that one run lists them all."""

    def fail(key: str, message: str):
        raise BookError(message, file, lines.get(key, 1))

    for key in data:
        if key not in KNOWN_KEYS:
            message = f"unknown metadata key '{key}' ({did_you_mean(key, KNOWN_KEYS)})"
            diagnostics.error("x-metadata", message, file, lines.get(key, 1))
    title = data.get("title")
    if "title" in data and not isinstance(title, str):
        diagnostics.error("x-metadata", "'title' must be text", file, lines.get("title", 1))
        title = "Untitled"
    elif not isinstance(title, str) or not title.strip():
        diagnostics.error("x-metadata", "metadata needs a 'title'", file, lines.get("title", 1))
        title = "Untitled"
    meta = Metadata(title=title.strip(), source=file, lines=lines)
    steps = [_texts, _lists, _check, _contents, _structure, _print_and_epub, _apparatus, _accessibility]
    for step in steps:
        try:
            step(meta, data, fail)
        except BookError as error:
            diagnostics.problem(error, "x-metadata")
    # Running heads and the spine want the short form: the title before a colon, its subtitle left off.
    meta.short_title = meta.short_title or meta.title.split(": ", 1)[0].strip() or meta.title
    return meta


def did_you_mean(key, known) -> str:
    """The known name an unknown one was probably meant to be, else the known names."""
    close = difflib.get_close_matches(str(key), known, n=1)
    return f"did you mean '{close[0]}'?" if close else f"known: {', '.join(sorted(known))}"


def _texts(meta: Metadata, data: dict, fail) -> None:
    for key, attr in (
        ("subtitle", "subtitle"),
        ("short-title", "short_title"),
        ("lang", "lang"),
        ("publisher", "publisher"),
        ("rights", "rights"),
        ("description", "description"),
        ("cover-image", "cover_image"),
        ("bibliography", "bibliography"),
        ("csl", "csl"),
        ("edition", "edition"),
        ("back-cover", "back_cover"),
        ("abstract", "abstract"),
        ("mainfont", "mainfont"),
    ):
        if key in data:
            value = data[key]
            if not isinstance(value, str):
                fail(key, f"'{key}' must be text")
            setattr(meta, attr, value.strip())
    if "lang" in data and not LANGUAGE_TAG.match(meta.lang):
        fail("lang", f"'lang' is a language tag such as en, en-US or de-CH, not '{meta.lang}'")
    if isinstance(data.get("date"), (list, dict)):
        fail("date", "'date' must be a date (2024-05-01) or text")
    meta.date = _date(data.get("date", ""))


def _lists(meta: Metadata, data: dict, fail) -> None:
    meta.authors = _people(data.get("author", []), lambda msg: fail("author", msg))
    meta.subjects = _strings(data.get("subject", []), lambda msg: fail("subject", msg))
    meta.nocite = [
        key.strip().lstrip("@")
        for key in re.split(r"[,;\s]+", " ".join(_strings(data.get("nocite", []), lambda msg: fail("nocite", msg))))
        if key.strip()
    ]
    meta.credits = _strings(data.get("credits", []), lambda msg: fail("credits", msg))
    meta.identifiers = _identifiers(data.get("identifier"), lambda msg: fail("identifier", msg))
    meta.keywords = _strings(data.get("keywords", []), lambda msg: fail("keywords", msg))


def _check(meta: Metadata, data: dict, fail) -> None:
    check = data.get("check", {})
    if not isinstance(check, dict) or set(check) - {"ignore", "severity"}:
        fail(
            "check", "'check' is {ignore: [code, …], severity: {code: error|warning|note}} (the codes: docs/checks.md)"
        )
    meta.check_ignore = _strings(check.get("ignore", []), lambda msg: fail("check", msg))
    severity = check.get("severity", {})
    if not isinstance(severity, dict) or not all(
        isinstance(code, str) and level in ("error", "warning", "note") for code, level in severity.items()
    ):
        fail("check", "'check: severity' maps codes to error, warning or note: {s-misspelling: warning}")
    meta.check_severity = {code.strip(): level for code, level in severity.items()}


def _contents(meta: Metadata, data: dict, fail) -> None:
    contents = data.get("contents", [])
    if not isinstance(contents, list):
        fail("contents", "'contents' must be a list of Markdown files")
    meta.contents = contents


def _structure(meta: Metadata, data: dict, fail) -> None:
    """How the files divide into parts, chapters and sections, and how the print edition opens them."""

    def choice(key: str, default: str, allowed: list[str]) -> str:
        return one_of(data, key, default, allowed, lambda msg: fail(key, msg), f"'{key}'")

    meta.layout = choice("layout", "", ["book", "article"])
    meta.top_level_division = choice("top-level-division", "chapter", ["chapter", "part"])
    meta.split = choice("split", "heading", ["heading", "file"])
    meta.chapters_open = choice("chapters-open", "right", ["right", "any"])
    meta.shift_heading_level_by = heading_shift(
        data.get("shift-heading-level-by", 0), lambda msg: fail("shift-heading-level-by", msg)
    )
    meta.toc_depth = toc_depth(data.get("toc-depth", 1), lambda msg: fail("toc-depth", msg))


def toc_depth(value, fail) -> int:
    """``toc-depth`` (Pandoc's and Quarto's name): how many levels the contents lists."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3:
        fail(f"'toc-depth' is 1 (chapters), 2 (and their sections) or 3 (and subsections), not '{value}'")
    return value


def heading_shift(value, fail) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not -5 <= value <= 5:
        fail("'shift-heading-level-by' is a whole number from -5 to 5, e.g. -1 to make '##' a chapter")
    return value


def _print_and_epub(meta: Metadata, data: dict, fail) -> None:
    _settings(meta, data.get("print", {}), data.get("epub", {}), fail)


def _apparatus(meta: Metadata, data: dict, fail) -> None:
    numbering = data.get("numbering", {})
    if (
        not isinstance(numbering, dict)
        or not set(numbering) <= {"figures", "tables"}
        or not set(numbering.values()) <= {"book", "chapter"}
    ):
        fail("numbering", "'numbering' is {figures: book|chapter, tables: book|chapter}")
    meta.numbering.update(numbering)
    meta.lists = _strings(data.get("lists", []), lambda msg: fail("lists", msg))
    if not set(meta.lists) <= {"figures", "tables"}:
        fail("lists", "'lists' may name figures and tables")
    meta.words = _words(data.get("words", {}), fail)


def _accessibility(meta: Metadata, data: dict, fail) -> None:
    """``accessibility: {certified-by: …, credential: …}``: the person or body that checked the
    EPUB's accessibility, and its credential. Without it the EPUB claims no certification."""
    settings = data.get("accessibility", {})
    if not isinstance(settings, dict):
        fail("accessibility", "'accessibility' is {certified-by: who certified the EPUB, credential: …}")
    for key, value in settings.items():
        if key not in ACCESSIBILITY_KEYS:
            fail(
                f"accessibility.{key}",
                f"unknown accessibility setting '{key}' ({did_you_mean(key, ACCESSIBILITY_KEYS)})",
            )
        if not isinstance(value, str) or not value.strip():
            fail(f"accessibility.{key}", f"accessibility {key} must be text")
    meta.certified_by = settings.get("certified-by", "").strip()
    meta.certifier_credential = settings.get("credential", "").strip()
    if meta.certifier_credential and not meta.certified_by:
        fail("accessibility.credential", "accessibility credential needs 'certified-by': whose credential it is")


def _words(words, fail) -> dict:
    """book.yaml's ``words``: each a word the theme's words/en.yaml names, given in the same form
    (one word, a list of singular and plural, or a list of words)."""
    if not isinstance(words, dict):
        fail("words", "'words' maps generated words to your own, e.g. {figure: [Fig., Figs.]}")
    known = yaml.safe_load((DEFAULT_THEME / "words" / "en.yaml").read_text(encoding="utf-8"))
    for key, value in words.items():
        if key not in known:
            fail(f"words.{key}", f"unknown word '{key}' ({did_you_mean(key, known)})")
        if isinstance(known[key], list) and len(known[key]) > 2:  # a list of words (no-break-after)
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                fail(f"words.{key}", f"words: '{key}' is a list of words, e.g. {key}: [{', '.join(known[key][:3])}]")
        elif isinstance(known[key], list):
            if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
                example = f"[{', '.join(known[key])}]"
                fail(f"words.{key}", f"words: '{key}' is a singular and a plural, e.g. {key}: {example}")
        elif not isinstance(value, str):
            fail(f"words.{key}", f"words: '{key}' must be text, e.g. {key}: {known[key]}")
    return words


def _people(value, fail) -> list[Person]:
    items = value if isinstance(value, list) else [value]
    people = []
    for item in items:
        if isinstance(item, str):
            people.append(Person(item.strip()))
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            people.append(Person(item["name"].strip(), str(item.get("role", "author"))))
        else:
            fail("'author' must be a name, or a list of names or of {name, role}")
    return people


def _strings(value, fail) -> list[str]:
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, str) for item in items):
        fail("expected text or a list of text")
    return [item.strip() for item in items]


def _date(value) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value).strip()


def _identifiers(value, fail) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"epub": value.strip(), "print": value.strip()}
    if isinstance(value, dict) and set(value) <= {"epub", "print"}:
        return {edition: str(text).strip() for edition, text in value.items()}
    fail("'identifier' must be text, or a mapping with 'epub' and/or 'print'")
    return {}


def _settings(meta: Metadata, print_settings, epub_settings, fail) -> None:
    if not isinstance(print_settings, dict):
        fail("print", "'print' must be a mapping")
    for key in print_settings:
        if key not in PRINT_KEYS:
            fail(f"print.{key}", f"unknown print setting '{key}' ({did_you_mean(key, PRINT_KEYS)})")
    trim = str(print_settings.get("trim", "6x9in")).strip().lower().replace(" ", "")
    meta.trim = parse_trim(trim, lambda msg: fail("print.trim", msg))
    if "font-size" in print_settings:
        meta.font_size = parse_font_size(print_settings["font-size"], lambda msg: fail("print.font-size", msg))
    _print_profile(meta, print_settings, fail)
    if "max-pages" in print_settings:
        meta.max_pages = max_pages(print_settings["max-pages"], lambda msg: fail("print.max-pages", msg))
    if not isinstance(epub_settings, dict):
        fail("epub", "'epub' must be a mapping")
    for key in epub_settings:
        if key not in EPUB_KEYS:
            fail(f"epub.{key}", f"unknown epub setting '{key}' ({did_you_mean(key, EPUB_KEYS)})")
    meta.epub_fonts = str(epub_settings.get("fonts", "embed"))
    if meta.epub_fonts not in {"embed", "none"}:
        fail("epub.fonts", "epub fonts must be 'embed' or 'none'")
    meta.epub_notes = str(epub_settings.get("notes", "footnotes"))
    if meta.epub_notes not in {"footnotes", "endnotes"}:
        fail("epub.notes", "epub notes must be 'footnotes' or 'endnotes'")


def _print_profile(meta: Metadata, settings: dict, fail) -> None:
    """print: {profile, bleed, paper, pdf, link-addresses}: the printer, bleed, paper stock, PDF
    standard, and where print shows external links' addresses (a reader of paper cannot click)."""

    def choice(key: str, default: str, allowed) -> str:
        return one_of(settings, key, default, allowed, lambda msg: fail(f"print.{key}", msg), f"print {key}")

    meta.print_profile = choice("profile", meta.print_profile, list(PROFILES))
    meta.print_bleed = choice("bleed", meta.print_bleed, ["auto", "yes", "no"])
    meta.paper = choice("paper", meta.paper, list(PROFILES[meta.print_profile].paper))
    meta.pdf_standard = choice("pdf", meta.pdf_standard, list(PDF_STANDARDS))
    meta.link_addresses = choice("link-addresses", meta.link_addresses, ["inline", "notes", "none"])


def one_of(settings: dict, key: str, default: str, allowed, fail, name: str) -> str:
    """A setting that is one of a few words (YAML's yes/no read as words); its default when absent."""
    value = settings.get(key, default)
    if isinstance(value, bool):
        value = "yes" if value else "no"
    value = str(value).strip().lower()
    if value not in allowed and value != default:
        fail(f"{name} must be one of {', '.join(allowed)}, not '{value}'")
    return value


def max_pages(value, fail) -> int:
    """print.max-pages: the most pages the print layout may have (a runaway book stops there)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        fail(f"print max-pages must be a whole number of pages, e.g. {DEFAULT_MAX_PAGES}, not '{value}'")
    return value


FONT_SIZE = re.compile(r"^(\d+(?:\.\d+)?)\s*pt$")
FONT_SIZES = (8.0, 14.0)  # book type: below 8pt is a footnote's size, above 14pt large print


def parse_font_size(value, fail) -> float:
    """print.font-size: a length in points, 8pt to 14pt."""
    match = FONT_SIZE.match(str(value).strip().lower())
    if not match or not FONT_SIZES[0] <= float(match[1]) <= FONT_SIZES[1]:
        fail(f"print font-size must be a length in pt from 8pt to 14pt, e.g. 10.5pt, not '{value}'")
    return float(match[1])


def parse_trim(trim: str, fail) -> tuple[float, float]:
    """A preset name (6x9in, a5, b-format, …) or any 'WxHin' / 'WxHmm'."""
    if trim in TRIM_SIZES:
        return TRIM_SIZES[trim]
    match = TRIM_PATTERN.match(trim)
    if not match:
        fail(f"unknown trim size '{trim}' (presets: {', '.join(TRIM_SIZES)}, or WxHin / WxHmm)")
    width, height, unit = float(match[1]), float(match[2]), match[3]
    scale = 1 / 25.4 if unit == "mm" else 1.0
    low, high = TRIM_RANGE
    if not all(low <= side * scale <= high for side in (width, height)):
        millimetres = f"{low * 25.4:g} to {high * 25.4:g} mm"
        fail(f"trim size '{trim}' is out of range: each side from {low:g} to {high:g} in ({millimetres})")
    return (width * scale, height * scale)
