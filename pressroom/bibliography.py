"""Bibliographies: BibTeX/BibLaTeX, CSL-JSON or CSL-YAML, read into CSL-JSON items.

BibTeX is read by pybtex's parser (``@string`` macros, ``#`` concatenation, quoted or braced
values, month macros, ``@comment`` and ``@preamble`` as BibTeX reads them) and its name splitter
("von Last, Jr, First"; ``{Barnes and Noble}`` is one name). citeproc-py formats CSL-JSON well but
its own BibTeX reader drops subtitles and editors, so each entry is converted here, field by
field, with the line it starts on (for messages). Values are LaTeX: accents and other commands
are decoded to Unicode by latexcodec (pybtex's own dependency); a brace group keeps its text's
case as written (a CSL ``nocase`` span in titles) and the braces go. URLs and DOIs are verbatim.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
import yaml
from pybtex.bibtex.utils import split_name_list, split_tex_string
from pybtex.database import Person
from pybtex.database.input.bibtex import LowLevelParser, UndefinedMacro, month_names
from pybtex.exceptions import PybtexError
from pybtex.scanner import Pattern, PrematureEOF, TokenRequired
from pybtex.utils import CaseInsensitiveDict

from pressroom.errors import BookError
from pressroom.findings import BuildFailed, Finding

TYPES = {
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "mvreference": "book",
    "manual": "book",
    "booklet": "pamphlet",
    "incollection": "chapter",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "inreference": "entry-encyclopedia",
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "report": "report",
    "techreport": "report",
    "patent": "patent",
    "review": "review",
    "misc": "document",
    "unpublished": "manuscript",
}
TEXT_FIELDS = {
    "address": "publisher-place",
    "location": "publisher-place",
    "edition": "edition",
    "volume": "volume",
    "volumes": "number-of-volumes",
    "pages": "page",
    "isbn": "ISBN",
    "issn": "ISSN",
    "note": "note",
    "langid": "language",
    "chapter": "chapter-number",
    "pagetotal": "number-of-pages",
    "type": "genre",
    "eventtitle": "event",
    "venue": "event-place",
    "version": "version",
    "origpublisher": "original-publisher",
    "origlocation": "original-publisher-place",
}
PUBLISHER_FIELDS = ("publisher", "institution", "school", "organization")  # the first one given
VERBATIM_FIELDS = {"doi": "DOI", "url": "URL"}  # as written: no LaTeX ('%', '_', '~' are themselves)
DATE_FIELDS = {"urldate": "accessed", "origdate": "original-date", "eventdate": "event-date"}
FORMATS = (".bib", ".json", ".yaml", ".yml")  # BibTeX/BibLaTeX, CSL-JSON, CSL-YAML
NAME_FIELDS = {"author": "author", "editor": "editor", "translator": "translator", "bookauthor": "container-author"}
GENRES = {
    "phdthesis": "PhD thesis",
    "mathesis": "Master's thesis",
    "mastersthesis": "Master's thesis",
}  # BibLaTeX's keys
PERIODICAL_TYPES = {"article-journal", "article-magazine", "article-newspaper", "review"}
LANGUAGES = {
    "english": "en-US",
    "american": "en-US",
    "british": "en-GB",
    "german": "de-DE",
    "ngerman": "de-DE",
    "french": "fr-FR",
    "russian": "ru-RU",
    "ukrainian": "uk-UA",
    "polish": "pl-PL",
    "italian": "it-IT",
    "spanish": "es-ES",
}
MONTHS = {name[:3].lower(): number for number, name in enumerate(month_names.values(), start=1)}


class Scanner(LowLevelParser):
    """pybtex's BibTeX parser, but for a ``%`` comment between an entry's fields, which Biber
    allows (a ``% check-ignore:`` marker at the end of an entry's line); in a value ``%`` is text."""

    WHITESPACE = Pattern(r"(?:\s+|%[^\n]*)+", "whitespace or a % comment")


@dataclass
class Entry:
    """One BibTeX entry as written: its type, key, line and fields (lower-case names, LaTeX values)."""

    kind: str
    key: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class Problems:
    """What is wrong with a .bib file, each at its line: all of them are reported together."""

    path: Path
    found: list[tuple[int, str]] = field(default_factory=list)

    def add(self, line: int, message: str) -> None:
        self.found.append((max(line, 1), message))

    def raise_any(self) -> None:
        if len(self.found) == 1:
            raise BookError(self.found[0][1], self.path, self.found[0][0])
        if self.found:
            findings = [Finding(self.path, line, 1, "x-build-error", message) for line, message in self.found]
            raise BuildFailed(sorted(findings, key=lambda finding: finding.line))


def load_bibliography(path: Path, cited_in: Path, line: int) -> dict[str, dict]:
    """CSL-JSON items by key, each with ``_line``: where its entry starts. A file that cannot be
    read is a BookError at its line (or at ``cited_in``'s line when it is missing or of no known
    kind); a .bib file with several problems is a BuildFailed with each at its line."""
    if path.suffix.lower() not in FORMATS:
        raise BookError(f"bibliography must be {', '.join(FORMATS)}: {path.name}", cited_in, line)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BookError(f"bibliography not found: {path.name}", cited_in, line) from None
    except UnicodeDecodeError:
        raise BookError("bibliography is not UTF-8 text", path, 1) from None
    if path.suffix.lower() == ".bib":
        return parse_bibtex(text, path)
    return csl_items(parse_data(text, path), path)


def parse_data(text: str, path: Path):
    """CSL-JSON or CSL-YAML as data; a syntax error at its line."""
    try:
        return json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except json.JSONDecodeError as error:
        raise BookError(f"malformed CSL-JSON: {error.msg}", path, error.lineno) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise BookError(f"malformed CSL-YAML: {problem}", path, mark.line + 1 if mark else 1) from None


def csl_items(data, path: Path) -> dict[str, dict]:
    """A list of items (or ``{references: [...]}``), each a mapping with an ``id``."""
    items = data.get("references", data) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise BookError("a CSL bibliography is a list of items (or 'references:' with one)", path, 1)
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str | int):
            raise BookError(f"bibliography item {number} has no 'id'", path, 1)
    return {str(item["id"]): {**item, "_line": 1} for item in items}


def parse_bibtex(text: str, path: Path) -> dict[str, dict]:
    """CSL-JSON items by key, in the file's order. Every problem (a syntax error, an undefined
    macro, a key or field given twice, a crossref to no entry, a name with too many commas) is
    reported at its line, all at once."""
    problems = Problems(path)
    entries, broken = read_entries(text, problems)
    entries = inherit_crossrefs(entries, broken, problems)
    items = {entry.key: to_csl(entry, problems) | {"_line": entry.line} for entry in entries}
    problems.raise_any()
    return items


def read_entries(text: str, problems: Problems) -> tuple[list[Entry], set[str]]:
    """The entries pybtex's parser finds (not @string, @preamble, @comment), with the line each
    starts on; the keys of entries with a syntax error come back apart, in lower case (they are
    left out, but a crossref to one is no second problem)."""
    scanner = Scanner(
        text,
        macros=CaseInsensitiveDict(month_names),  # a fresh copy: @string adds to it
        handle_error=lambda error: problems.add(*syntax_problem(error, text)),
    )
    entries: list[Entry] = []
    broken: set[str] = set()
    seen: dict[str, Entry] = {}  # by lower-case key: citeproc-py (like BibTeX) ignores the case of keys
    line, counted, reported = 1, 0, 0
    for command, body in scanner:
        line += text.count("\n", counted, scanner.command_start)
        counted = scanner.command_start
        # a syntax error in this entry came while pybtex read it, at or after its first line
        in_error = any(at >= line for at, _ in problems.found[reported:])
        reported = len(problems.found)
        kind = command.lower()
        if kind in {"string", "preamble"}:
            continue
        key, field_values = body
        if key is None or in_error:
            if key:
                broken.add(key.lower())
            continue
        if key.lower() in seen:
            first = seen[key.lower()]
            problems.add(line, f"BibTeX key '{key}' given twice (first at line {first.line}): this entry is left out")
            continue
        entry = Entry(kind, key, line)
        for name, parts in field_values:
            name = name.lower()
            if name in entry.fields:
                where = second_field_line(text, scanner.command_start, scanner.pos, name) or line
                problems.add(where, f"entry '{key}' has a second '{name}' field: only the first is used")
                continue
            entry.fields[name] = re.sub(r"\s+", " ", "".join(parts)).strip()
        seen[key.lower()] = entry
        entries.append(entry)
        reported = len(problems.found)
    return entries, broken


def syntax_problem(error: PybtexError, text: str) -> tuple[int, str]:
    """pybtex's exception as a line and a message in Pressroom's words."""
    scanner = getattr(error, "parser", None)
    line = getattr(error, "lineno", None) or 1
    message = str(error.args[0]) if error.args else "malformed BibTeX"
    if isinstance(error, PrematureEOF) and scanner is not None:
        start = scanner.command_start or 0
        return text.count("\n", 0, start) + 1, "unterminated BibTeX entry: a closing '}' or '\"' is missing"
    if isinstance(error, UndefinedMacro):
        return line, (
            f"undefined BibTeX string '{message}' (an @string macro; a value of words needs braces or quotes)"
        )
    if isinstance(error, TokenRequired):
        wanted = message.removesuffix(" expected")
        if wanted == "field value":
            return line, "malformed BibTeX field: no value"
        if wanted in {"'}'", "')'"} and text[scanner.pos :].lstrip().startswith("@"):
            start = text.count("\n", 0, scanner.command_start) + 1
            return start, f"unterminated BibTeX entry: no closing {wanted} before the next '@' (line {line})"
        if wanted in {"'}'", "')'"}:
            return line, f"malformed BibTeX entry: ',' or {wanted} expected (a comma missing between fields?)"
        if wanted == "'='":
            return line, "malformed BibTeX field: '=' expected after the field's name"
        if wanted == "entry key":
            return line, "malformed BibTeX entry: no key"
        if wanted == "'(' or '{'":
            at = text[scanner.command_start : scanner.pos].split()[0]
            line = text.count("\n", 0, scanner.command_start) + 1
            return line, f"malformed BibTeX: '{at}' without '{{' (an '@' outside an entry starts one, even after '%')"
        if wanted == "a valid name":
            return line, "malformed BibTeX: a name expected (an entry type after '@', a field or @string name)"
        return line, f"malformed BibTeX entry: {wanted} expected"
    if message == "unbalanced braces":
        return line, "malformed BibTeX value: a '}' without its '{'"
    return line, f"malformed BibTeX: {message}"


def second_field_line(text: str, start: int, end: int, name: str) -> int | None:
    """The line of the second ``name =`` in the entry between ``start`` and ``end``."""
    found = list(re.finditer(rf"(?<![\w-]){re.escape(name)}\s*=", text[start:end], re.I))
    return text.count("\n", 0, start + found[1].start()) + 1 if len(found) > 1 else None


def inherit_crossrefs(entries: list[Entry], broken: set[str], problems: Problems) -> list[Entry]:
    """An entry with ``crossref = {parent}`` takes every field it lacks from its parent, as BibTeX
    does; a chapter or paper (in...) takes the parent's title as its book title, as Biber does."""
    by_key = {entry.key.lower(): entry for entry in entries}
    for entry in entries:
        parent_key = entry.fields.get("crossref")
        if not parent_key:
            continue
        parent = by_key.get(parent_key.lower())
        if parent is None:
            if parent_key.lower() not in broken:
                problems.add(
                    entry.line, f"entry '{entry.key}' has crossref '{parent_key}', which is not in the bibliography"
                )
            continue
        inherited = dict(parent.fields)
        if entry.kind.startswith(("in", "supp", "bookin")):
            for own, as_container in (("title", "booktitle"), ("subtitle", "booksubtitle")):
                if own in parent.fields:
                    inherited.setdefault(as_container, parent.fields[own])
            for name in ("title", "subtitle", "shorttitle"):
                inherited.pop(name, None)
        inherited.pop("crossref", None)
        entry.fields = {**inherited, **entry.fields}
    return entries


def to_csl(entry: Entry, problems: Problems) -> dict:
    fields = entry.fields
    item: dict = {"id": entry.key, "type": TYPES.get(entry.kind, "document")}
    title = join_title(marked(fields.get("title")), marked(fields.get("subtitle")))
    container = join_title(
        marked(fields.get("booktitle") or fields.get("journal") or fields.get("journaltitle")),
        marked(fields.get("booksubtitle") or fields.get("journalsubtitle")),
    )
    if title:
        item["title"] = title
        item["title-short"] = clean_short(plain(fields.get("shorttitle") or fields["title"]))
    if container:
        item["container-title"] = container
    if fields.get("series"):
        item["collection-title"] = marked(fields["series"])
    for bibtex_name, csl_name in TEXT_FIELDS.items():
        if fields.get(bibtex_name) and csl_name not in item:
            item[csl_name] = plain(fields[bibtex_name])
    if publisher := next((fields[name] for name in PUBLISHER_FIELDS if fields.get(name)), None):
        item["publisher"] = plain(publisher)
    if number := fields.get("number") or fields.get("issue"):
        item[number_variable(item)] = plain(number)
    if "genre" in item:
        item["genre"] = GENRES.get(item["genre"].lower(), item["genre"])
    if "language" in item:
        item["language"] = LANGUAGES.get(item["language"].lower(), item["language"])
    for bibtex_name, csl_name in VERBATIM_FIELDS.items():
        if fields.get(bibtex_name):
            item[csl_name] = verbatim(fields[bibtex_name])
    for bibtex_name, csl_name in NAME_FIELDS.items():
        if fields.get(bibtex_name) and (people := names(fields[bibtex_name], entry, problems)):
            item[csl_name] = people
    if issued := issued_date(fields):
        item["issued"] = issued
    for bibtex_name, csl_name in DATE_FIELDS.items():
        if date := iso_date(plain(fields.get(bibtex_name))):
            item[csl_name] = date
    return item


def number_variable(item: dict) -> str:
    """A journal's issue number, a report's number, or a book's number in its series."""
    if item["type"] in PERIODICAL_TYPES:
        return "issue"
    if item["type"] == "report":
        return "number"
    return "collection-number" if "collection-title" in item else "issue"


def issued_date(fields: dict[str, str]) -> dict | None:
    """``year`` (with ``month`` and ``day`` when given) or BibLaTeX's ISO ``date``."""
    year = plain(fields.get("year", ""))
    if not year:
        date = plain(fields.get("date", ""))
        return iso_date(date) or ({"date-parts": [[int(date[:4])]]} if date[:4].isdigit() else None)
    if not year.isdigit():
        return None
    parts = [int(year)]
    month = month_number(plain(fields.get("month", "")))
    if month:
        parts.append(month)
        day = plain(fields.get("day", ""))
        if day.isdigit() and 1 <= int(day) <= 31:
            parts.append(int(day))
    return {"date-parts": [parts]}


def month_number(month: str) -> int | None:
    """``jan`` (a macro: "January"), ``January``, ``Jan.``, ``1`` or ``01`` → 1."""
    month = month.strip().rstrip(".").lower()
    if month.isdigit():
        return int(month) if 1 <= int(month) <= 12 else None
    return MONTHS.get(month[:3]) if len(month) >= 3 else None


def iso_date(text: str) -> dict | None:
    """``2020``, ``2020-05``, ``2020-05-01`` or a range ``2019/2020`` as CSL date-parts."""
    ranges = []
    for part in text.strip().split("/") if text.strip() else []:
        match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", part.strip())
        if not match:
            return None
        ranges.append([int(number) for number in match.groups() if number])
    return {"date-parts": ranges} if ranges else None


def clean_short(title: str) -> str:
    """Chicago's short title: the main title without its subtitle or a leading article."""
    return re.sub(r"^(The|A|An) ", "", title.split(":")[0]).strip()


def join_title(title: str | None, subtitle: str | None) -> str:
    if not title:
        return ""
    return f"{title}: {subtitle}" if subtitle else title


def names(value: str, entry: Entry, problems: Problems) -> list[dict]:
    """``A and B and {C and D}``: BibTeX's names, split by pybtex into CSL's parts."""
    people = []
    for name in split_name_list(value):
        if len(split_tex_string(name, ",")) > 3:
            problems.add(entry.line, f"entry '{entry.key}': the name '{plain(name)}' has too many commas")
            continue
        if person := csl_name(Person(name)):
            people.append(person)
    return people


def csl_name(person: Person) -> dict:
    """First von Last, Jr → given, non-dropping-particle, family, suffix. A name of one part
    (``Plato``, ``{Barnes and Noble}``, ``others``) is a literal name."""
    family = plain(" ".join(person.last_names))
    given = plain(" ".join(person.first_names + person.middle_names))
    particle = plain(" ".join(person.prelast_names))
    suffix = plain(" ".join(person.lineage_names))
    if len(person.last_names) == 1 and not (given or particle or suffix):
        return {"literal": family}
    name = {"family": family, "given": given, "non-dropping-particle": particle, "suffix": suffix}
    return {part: text for part, text in name.items() if text}


# LaTeX values → Unicode text

CONTROL = re.compile(r"\\(?:[A-Za-z]+|.)", re.S)
ACCENTS = set("\"'`^~=.")  # control symbols whose argument follows: \"{o}, \'{e}
URL_COMMAND = re.compile(r"\\(?:url|path|nolinkurl)\s*\{([^{}]*)\}")
REMOVED = [
    re.compile(r"\\noopsort\s*\{[^{}]*\}"),  # a sorting trick: its argument is never printed
    re.compile(r"\\href\s*\{[^{}]*\}"),  # the link text (the next group) stays
    re.compile(
        r"\\(?:emph|text(?:it|bf|sc|sl|up|rm|sf|tt|md|normal)|mbox|hbox|enquote|mkbibquote|mkbibemph|NoCaseChange)"
        r"\s*(?=\{)"
    ),  # formatting: the argument stays
    re.compile(
        r"\\(?:(?:em|it|bf|sc|sl|rm|sf|tt|itshape|bfseries|scshape|slshape|upshape|mdseries|normalfont|relax)"
        r"(?![A-Za-z])\s*|[/@])"
    ),
]
NAMED = {  # what latexcodec leaves as commands
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "BibTeX": "BibTeX",
    "textquoteleft": "‘",
    "textquoteright": "’",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "textless": "<",
    "textgreater": ">",
}
LATEX_SPECIAL = re.compile(r"[\\{}~$%]|--|``|''|,,|[?!]`")  # text without these is as it reads
DOTLESS = re.compile(r"(\\[\"'`^~=.])\s*(?:\{\s*\\([ij])\s*\}|\\([ij])(?![A-Za-z]))")


def plain(value: str | None) -> str:
    """A BibTeX value as text: LaTeX decoded, braces gone."""
    return normal_space("".join(decode(latex) for latex, _ in runs(value or "")))


def marked(value: str | None) -> str:
    """A title as CSL-JSON text: a brace group that keeps its case is a ``nocase`` span."""
    text = []
    for latex, protected in runs(value or ""):
        decoded = decode(latex)
        text.append(f'<span class="nocase">{decoded}</span>' if protected and decoded.strip() else decoded)
    return normal_space("".join(text))


def runs(value: str) -> list[tuple[str, bool]]:
    """A value as (LaTeX, case-protected) runs. A brace group at the top level keeps its text's
    case as written (``{DNA}``, ``{{The Whole Title}}``); one that starts with a command is a
    special character (``{\\"o}``) and one right after a command is its argument
    (``\\"{o}``, ``\\emph{x}``): those are not protected, as in BibTeX."""
    found: list[tuple[str, bool]] = []
    text: list[str] = []
    position, argument_next = 0, False
    while position < len(value):
        char = value[position]
        if char == "\\":
            command = (CONTROL.match(value, position) or re.match(r"\\", "\\"))[0]
            text.append(command)
            position += len(command)
            argument_next = command[1:].isalpha() or command[1:] in ACCENTS
        elif char == "{":
            end = group_end(value, position)
            group = value[position:end]
            if argument_next or group[1:].lstrip().startswith("\\"):
                text.append(group)
            else:
                found.append(("".join(text), False))
                found.append((group[1:-1], True))
                text = []
            position = end
            argument_next = argument_next and value[end : end + 1] == "{"  # \href{url}{text}
        else:
            text.append(char)
            position += 1
            argument_next = argument_next and char.isspace()
    found.append(("".join(text), False))
    return [(latex, protected) for latex, protected in found if latex]


def group_end(value: str, start: int) -> int:
    """Just after the brace that closes the group opening at ``start`` (pybtex has checked the
    braces balance; a value's end closes any that does not)."""
    depth = 0
    for position in range(start, len(value)):
        depth += {"{": 1, "}": -1}.get(value[position], 0)
        if depth == 0:
            return position + 1
    return len(value)


def decode(latex: str) -> str:
    """LaTeX to Unicode: accents, special letters, dashes, quotes and ties by latexcodec;
    formatting commands dropped (their text stays), as are unknown commands; ``%`` is a
    percent sign (a value holds no comment) and a URL in ``\\url{}`` stays as written."""
    if not LATEX_SPECIAL.search(latex):
        return latex
    urls: list[str] = []

    def keep_url(match: re.Match) -> str:
        urls.append(match[1])
        return f"\ue000{len(urls) - 1}\ue001"

    latex = URL_COMMAND.sub(keep_url, latex)
    latex = re.sub(r"(?<!\\)%", r"\\%", latex)
    latex = DOTLESS.sub(lambda match: f"{match[1]}{{{match[2] or match[3]}}}", latex)
    for pattern in REMOVED:
        latex = pattern.sub("", latex)
    latex = re.sub(r"\\(LaTeX|TeX|BibTeX|text\w+)(?![A-Za-z])\s*", lambda m: NAMED.get(m[1], m[0]), latex)
    latex = latex.replace("\\$", "\ue002").replace("\\\\", " ").replace("\\,", "\u202f")
    text = codecs.decode(latex.strip(), "ulatex", errors="ignore")  # a lone backslash at the end
    text = latex[: len(latex) - len(latex.lstrip())] + text + latex[len(latex.rstrip()) :]  # as it was spaced
    text = re.sub(r"\\[A-Za-z]+ ?", "", text)  # a command latexcodec does not know
    text = re.sub(r"\\(.)", r"\1", text, flags=re.S)
    text = text.replace("{", "").replace("}", "").replace("\ue002", "$")
    return re.sub("\ue000(\\d+)\ue001", lambda match: urls[int(match[1])], text)


def verbatim(value: str) -> str:
    """A URL or DOI as written, but for TeX's escapes (``\\_``, ``\\%``) and braces."""
    value = re.sub(r"\\(?:url|path)\s*", "", value)
    value = re.sub(r"\\([_%&#$~])", r"\1", value)
    return value.replace("{", "").replace("}", "").strip()


def normal_space(text: str) -> str:
    """Runs of spaces and line breaks as one space (a tie's no-break space stays)."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()
