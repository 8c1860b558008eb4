"""The manuscript as the checks read it.

For each Markdown file: its source lines and, for every line, which characters are prose (what a
reader sees) and which are markup: code, HTML tags and comments, URLs, link targets, attribute
blocks, footnote labels, citation keys, the YAML block. Checks of the text as typed use the masked
lines, so they report exact lines and columns. Checks of what the reader gets (quotation marks
after smart punctuation, brackets, ellipses) use the converted HTML, split into units (top-level
blocks and footnotes) that know their source lines; ``Unit.locate`` maps a position in the
converted text back to the source.

The manuscript is read the way pressroom.manuscript reads it, but a problem that would stop a
build is collected (``Manuscript.problems``) and reading goes on, so one run reports them all.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import html as lxml_html

from pressroom.errors import BookError
from pressroom.findings import Finding
from pressroom.manuscript import YAML_BLOCK, contents_files, find_manuscript, read_text, sanitize
from pressroom.markdown import to_html
from pressroom.markdown.references import KEY, parse_items
from pressroom.metadata import Metadata, load_metadata, parse_yaml
from pressroom.proof import finding
from pressroom.resources import DEFAULT_THEME, BookFolders

MASK = "\0"

# What a kind of region is: markup hidden from the prose checks, or prose inside markup.
HIDDEN = frozenset({"yaml", "code", "comment", "html", "url", "target", "footnote", "cite-key", "attr",
                    "entity", "markup"})
PROSE_KEEP = frozenset({"alt", "credit"})
# For mapping converted text back to the source: hide exactly what the converted text lacks.
STRICT_HIDDEN = HIDDEN | {"citation", "alt"}
STRICT_KEEP = frozenset({"credit"})

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
MARKUP_LINE = re.compile(r"""^(?:
      \s*:{3,}.*                                          # fenced div
    | \s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*   # table delimiter row
    | \ {0,3}([-*_])(?:\s*\1){2,}\s*                      # thematic break
    | \ {0,3}=+\s*                                        # setext underline
    | \ {0,3}\*\[[^\]]+\]:.*                              # abbreviation definition
    | \ {0,3}\[(?!\^)[^\]]+\]:\s*\S.*                     # link reference definition
    | \s*\{:?\s*[#.][^{}]*\}\s*                           # attribute block alone ({.epigraph})
)$""", re.VERBOSE)
COMMENT = re.compile(r"<!--.*?-->")
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]*:|[^\s<>@]+@)[^\s<>]*>")
HTML_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")
ATTR_BLOCK = re.compile(r"\{:?[ \t]*(?:[#.\-][^{}]*|[\w-]+[ \t]*=[^{}]*)\}")
ATTR_TEXT = re.compile(r"\b(alt|credit)[ \t]*=[ \t]*(?:\"([^\"]*)\"|'([^']*)')")
URL = re.compile(r"\b(?:https?|ftp)://[^\s<>()\[\]]+|\bwww\.[^\s<>()\[\]]+|\bmailto:[^\s<>()]+")
LINK_TARGET = re.compile(r"\]\(\s*(?:<[^>]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
REF_LABEL = re.compile(r"\]\[[^\]]*\]")
FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]]+)\]:")
FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
CITE_BRACKET = re.compile(r"\[((?:[^\[\]@]|\[[^\[\]]*\])*-?@(?:[^\[\]]|\[[^\[\]]*\])*)\](?![(\[:])")
CITE_IN_TEXT = re.compile(rf"(?<![\w@.\\])@({KEY})(?:\s\[([^\[\]]*)\])?")
CITE_KEY = re.compile(rf"(?<![\w@.\\])-?@({KEY})")
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
WORD = re.compile(r"(?<![^\W_])[^\W\d_]+(?:['’\-][^\W\d_]+)*(?![^\W_])")

SKIP_TAGS = {"code", "pre", "kbd", "samp", "script", "style", "img", "math", "svg"}
SKIP_CLASSES = {"footnote-ref", "footnote-backref", "citation", "xref"}
BREAK_TAGS = {"p", "li", "dt", "dd", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
              "div", "figcaption", "caption", "br", "hr", "table", "ul", "ol", "dl", "figure"}
BREAK_CLASSES = {"line", "caption-text", "credit"}


@dataclass
class Region:
    start: int
    end: int
    kind: str
    text: str = ""  # the key, label or id for citation keys, footnotes and attribute blocks


class SourceFile:
    """One Markdown file: its lines, their markup regions, and its converted HTML."""

    def __init__(self, path: Path, role: str, text: str, lang: str, yaml_lines: int = 0):
        self.path = path
        self.role = role
        self.lang = lang
        self.lines = text.split("\n")
        self.regions = scan_regions(self.lines, yaml_lines)
        body = "\n" * yaml_lines + "\n".join(self.lines[yaml_lines:]) if yaml_lines else text
        html, self.note_lines = to_html(body, lang)
        self.root = lxml_html.fragment_fromstring(html or "<p></p>", create_parent="div")
        sanitize(self.root)
        self._masked: dict[tuple[int, bool], str] = {}
        self._units: list[Unit] | None = None

    def masked(self, index: int, strict: bool = False) -> str:
        """Line ``index`` (0-based) with every markup character replaced by MASK."""
        key = (index, strict)
        if key not in self._masked:
            hidden, keep = (STRICT_HIDDEN, STRICT_KEEP) if strict else (HIDDEN, PROSE_KEEP)
            line = self.lines[index]
            chars = list(line)
            for region in self.regions[index]:
                if region.kind in hidden:
                    chars[region.start:region.end] = MASK * (region.end - region.start)
            for region in self.regions[index]:
                if region.kind in keep:
                    chars[region.start:region.end] = line[region.start:region.end]
            self._masked[key] = "".join(chars)
        return self._masked[key]

    def regions_of(self, kind: str):
        """(line index, region) for every region of one kind."""
        for index, regions in enumerate(self.regions):
            for region in regions:
                if region.kind == kind:
                    yield index, region

    def words(self):
        """(word, line index, column index) for every word of prose."""
        for index in range(len(self.lines)):
            for match in WORD.finditer(self.masked(index)):
                yield match[0], index, match.start()

    def paragraphs(self) -> list[list[int]]:
        """Runs of non-blank lines: the Markdown blocks as typed."""
        groups, current = [], []
        for index, line in enumerate(self.lines):
            if line.strip():
                current.append(index)
            elif current:
                groups.append(current)
                current = []
        if current:
            groups.append(current)
        return groups

    @property
    def units(self) -> list[Unit]:
        if self._units is None:
            self._units = make_units(self)
        return self._units

    def blocks(self):
        """The top-level elements of the converted file that carry a source line, in order."""
        return [el for el in self.root if isinstance(el.tag, str) and el.get("data-line")]


@dataclass
class Unit:
    """A top-level block or a footnote: converted element, its visible text, its source lines."""

    file: SourceFile
    element: lxml_html.HtmlElement
    lines: list[int]  # 0-based indices of the source lines it came from
    note: bool = False
    text: str = ""

    @functools.cached_property
    def _flat(self) -> list[tuple[int, int, str]]:
        """The unit's source characters that the converted text shows: (line, column, char)."""
        flat = []
        for index in self.lines:
            for column, char in enumerate(self.file.masked(index, strict=True)):
                if char != MASK:
                    flat.append((index, column, char))
            flat.append((index, len(self.file.lines[index]), "\n"))
        return flat

    @property
    def line(self) -> int:
        """The 1-based line the unit starts on."""
        return (self.lines[0] + 1) if self.lines else 1

    def find(self, needle: str, after: tuple[int, int] = (-1, -1)) -> tuple[int, int] | None:
        """The 0-based (line index, column) where ``needle`` is first typed in the unit's source
        lines after position ``after``, or None."""
        for index in self.lines:
            if index < after[0]:
                continue
            start = after[1] + 1 if index == after[0] else 0
            column = self.file.lines[index].find(needle, start)
            if column >= 0:
                return index, column
        return None

    def locate(self, index: int, wanted: str = "") -> tuple[int, int]:
        """The source (line, column), 1-based, of the character at ``index`` of ``text``.

        The converted text and the source have the same letters and digits in the same order
        (smart punctuation only changes punctuation), so count them, then look for the first of
        ``wanted`` from there.
        """
        target = sum(1 for char in self.text[:index] if char.isalnum())
        flat, count, start = self._flat, 0, 0
        for position, (_, _, char) in enumerate(flat):
            if count == target:
                start = position
                break
            if char.isalnum():
                count += 1
        else:
            start = max(len(flat) - 1, 0)
        if not flat:
            return self.line, 1
        if wanted:
            for line, column, char in flat[start:]:
                if char in wanted:
                    return line + 1, column + 1
        line, column, _ = flat[start]
        return line + 1, column + 1


def make_units(file: SourceFile) -> list[Unit]:
    extents = footnote_extents(file)
    in_notes = {index for lines in extents.values() for index in lines}
    blocks, starts = top_level(file)
    units = []
    for position, element in enumerate(blocks):
        start = starts[position]
        later = [s for s in starts[position + 1:] if s > start]
        end = min(later) if later else len(file.lines)
        lines = [i for i in range(start, min(end, len(file.lines))) if i not in in_notes]
        units.append(Unit(file, element, lines, text=visible_text(element)))
    for container in file.root.find_class("footnote"):
        for item in container.iter("li"):
            label = item.get("id", "")[len("fn-"):]
            lines = extents.get(label) or ([file.note_lines[label] - 1] if label in file.note_lines else [])
            units.append(Unit(file, item, lines, note=True, text=visible_text(item)))
    return units


def top_level(file: SourceFile) -> tuple[list, list[int]]:
    """The top-level blocks and the 0-based line each starts on. Raw HTML blocks carry no
    ``data-line``: each is found as the first line after the block before it that opens its tag."""
    blocks, starts, previous = [], [], -1
    for element in file.root:
        if not isinstance(element.tag, str) or "footnote" in element.get("class", "").split():
            continue
        if element.get("data-line"):
            start = int(element.get("data-line")) - 1
        else:
            opening = re.compile(rf"^\s{{0,3}}<{re.escape(element.tag)}\b", re.IGNORECASE)
            start = next((i for i in range(previous + 1, len(file.lines))
                          if opening.match(file.lines[i]) and any(r.kind == "html" for r in file.regions[i])), None)
            if start is None:
                continue
        blocks.append(element)
        starts.append(start)
        previous = start
    return blocks, starts


def footnote_extents(file: SourceFile) -> dict[str, list[int]]:
    """The source lines of each footnote definition: its first line and its continuation."""
    lines, extents, index = file.lines, {}, 0
    while index < len(lines):
        match = FOOTNOTE_DEF.match(lines[index])
        if not match or any(r.kind == "code" for r in file.regions[index]):
            index += 1
            continue
        block, following = [index], index + 1
        while following < len(lines):
            line = lines[following]
            if FOOTNOTE_DEF.match(line):
                break
            if not line.strip():
                after = following + 1
                while after < len(lines) and not lines[after].strip():
                    after += 1
                if after < len(lines) and lines[after].startswith(("    ", "\t")):
                    block.extend(range(following, after))
                    following = after
                    continue
                break
            block.append(following)
            following += 1
        extents.setdefault(match[1], block)
        index = following
    return extents


def visible_text(element) -> str:
    """The text a reader sees in a converted element: no code, note calls, citations, URLs."""
    out: list[str] = []

    def skipped(el) -> bool:
        if el.tag in SKIP_TAGS or SKIP_CLASSES & set(el.get("class", "").split()):
            return True
        if el.tag == "a":
            text = (el.text_content() or "").strip()
            return bool(text) and (text == el.get("href") or text.startswith(("http://", "https://", "mailto:", "www.")))
        return False

    def walk(el) -> None:
        if skipped(el):
            return
        out.append(el.text or "")
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
                if child.tag in BREAK_TAGS or BREAK_CLASSES & set(child.get("class", "").split()):
                    out.append("\n")
            out.append(child.tail or "")

    walk(element)
    return "".join(out)


def scan_regions(lines: list[str], yaml_lines: int = 0) -> list[list[Region]]:
    """The markup regions of every line (see the module's docstring)."""
    regions: list[list[Region]] = [[] for _ in lines]
    fence, in_comment = "", False
    for index, line in enumerate(lines):
        found = regions[index]
        if index < yaml_lines:
            found.append(Region(0, len(line), "yaml"))
            continue
        if fence:
            found.append(Region(0, len(line), "code"))
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            continue
        opening = FENCE.match(line)
        if opening and not in_comment:
            fence = opening[1]
            found.append(Region(0, len(line), "code"))
            continue
        work = line
        if in_comment:
            end = line.find("-->")
            if end < 0:
                found.append(Region(0, len(line), "comment"))
                continue
            found.append(Region(0, end + 3, "comment"))
            work = blank(work, 0, end + 3)
            in_comment = False
        elif MARKUP_LINE.match(line):
            found.append(Region(0, len(line), "markup"))
            continue
        for match in COMMENT.finditer(work):
            found.append(Region(match.start(), match.end(), "comment"))
            work = blank(work, match.start(), match.end())
        opened = work.find("<!--")
        if opened >= 0:
            found.append(Region(opened, len(line), "comment"))
            work = blank(work, opened, len(line))
            in_comment = True
        work = find(work, found, CODE_SPAN, "code")
        work = find(work, found, AUTOLINK, "url")
        work = find(work, found, HTML_TAG, "html")
        for match in ATTR_BLOCK.finditer(work):
            found.append(Region(match.start(), match.end(), "attr", match[0]))
            for text in ATTR_TEXT.finditer(match[0]):
                group = 2 if text.group(2) is not None else 3
                found.append(Region(match.start() + text.start(group), match.start() + text.end(group), text[1]))
            work = blank(work, match.start(), match.end())
        work = find(work, found, URL, "url")
        for match in LINK_TARGET.finditer(work):
            found.append(Region(match.start() + 1, match.end(), "target", match[0][2:-1].strip()))
            work = blank(work, match.start() + 1, match.end())
        work = find(work, found, REF_LABEL, "target", offset=1)
        definition = FOOTNOTE_DEF.match(work)
        if definition:
            found.append(Region(definition.start(), definition.end(), "footnote", definition[1]))
            work = blank(work, definition.start(), definition.end())
        work = find(work, found, FOOTNOTE_REF, "footnote")
        for match in CITE_BRACKET.finditer(work):
            if parse_items(match[1]) is not None:
                found.append(Region(match.start(), match.end(), "citation"))
        for match in CITE_IN_TEXT.finditer(work):
            found.append(Region(match.start(), match.end(), "citation"))
        for match in CITE_KEY.finditer(work):
            found.append(Region(match.start(), match.end(), "cite-key", match[1]))
        find(work, found, ENTITY, "entity")
    return regions


def blank(text: str, start: int, end: int) -> str:
    return text[:start] + MASK * (end - start) + text[end:]


def find(work: str, found: list[Region], pattern: re.Pattern, kind: str, offset: int = 0) -> str:
    for match in pattern.finditer(work):
        found.append(Region(match.start() + offset, match.end(), kind, match[0]))
        work = blank(work, match.start() + offset, match.end())
    return work


@dataclass
class Manuscript:
    """Everything the checks read: metadata, folders, the Markdown files, and what stopped reading."""

    meta: Metadata
    metadata_file: Path
    folder: Path
    folders: BookFolders
    files: list[SourceFile]
    problems: list[Finding] = field(default_factory=list)

    @property
    def images_dir(self) -> Path:
        return self.folder.resolve().parent / "images"


def read_manuscript(path: Path) -> Manuscript:
    """Read every file of the book; a problem in the metadata itself stops with a BookError."""
    metadata_file, folder = find_manuscript(Path(path))
    folders = BookFolders(folder, [folder.parent / "styles", DEFAULT_THEME])
    text = read_text(metadata_file, metadata_file, 1)
    problems: list[Finding] = []
    files: list[SourceFile] = []
    if metadata_file.suffix in {".yaml", ".yml"}:
        meta = load_metadata(*parse_yaml(text, metadata_file), metadata_file)
        for file, role, line in contents(meta, folder, problems):
            try:
                files.append(SourceFile(file, role, read_text(file, metadata_file, line), meta.lang))
            except BookError as error:
                problems.append(build_error(error))
    else:
        match = YAML_BLOCK.match(text)
        if not match:
            raise BookError("a single-file manuscript starts with a YAML metadata block (---)", metadata_file, 1)
        meta = load_metadata(*parse_yaml(match[1], metadata_file, offset=1), metadata_file)
        files.append(SourceFile(metadata_file, "chapter", text, meta.lang, yaml_lines=match.group(0).count("\n")))
    return Manuscript(meta, metadata_file, folder, folders, files, problems)


def contents(meta: Metadata, folder: Path, problems: list[Finding]) -> list[tuple[Path, str, int]]:
    """book.yaml's ``contents``, as pressroom.manuscript reads it, each bad entry a problem."""
    return contents_files(meta, folder, report=lambda error: problems.append(build_error(error)))


def build_error(error: BookError) -> Finding:
    return finding("x-build-error", error.file or "", error.line or 1, 1, error.message)
