"""Bibliographies: BibTeX/BibLaTeX, CSL-JSON or CSL-YAML, read into CSL-JSON items.

citeproc-py formats CSL-JSON well; its own BibTeX reader drops subtitles and editors, so BibTeX
is converted here, field by field, with the line each entry starts on (for messages).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from pressroom.errors import BookError

ENTRY_START = re.compile(r"@(\w+)\s*\{\s*([^,\s]+)\s*,", re.M)
TYPES = {
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "incollection": "chapter",
    "inbook": "chapter",
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "online": "webpage",
    "report": "report",
    "techreport": "report",
    "misc": "document",
    "unpublished": "manuscript",
}
TEXT_FIELDS = {
    "publisher": "publisher",
    "address": "publisher-place",
    "location": "publisher-place",
    "edition": "edition",
    "volume": "volume",
    "number": "issue",
    "pages": "page",
    "series": "collection-title",
    "isbn": "ISBN",
    "doi": "DOI",
    "url": "URL",
    "note": "note",
    "langid": "language",
    "chapter": "chapter-number",
    "pagetotal": "number-of-pages",
}
FORMATS = (".bib", ".json", ".yaml", ".yml")  # BibTeX/BibLaTeX, CSL-JSON, CSL-YAML
NAME_FIELDS = {"author": "author", "editor": "editor", "translator": "translator"}
LANGUAGES = {
    "english": "en-US",
    "american": "en-US",
    "british": "en-GB",
    "german": "de-DE",
    "ngerman": "de-DE",
    "french": "fr-FR",
    "russian": "ru-RU",
}


def load_bibliography(path: Path, cited_in: Path, line: int) -> dict[str, dict]:
    """CSL-JSON items by key, each with ``_line``: where its entry starts. A file that cannot be
    read is a BookError at its line (or at ``cited_in``'s line when it is missing or of no known kind)."""
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
    items = {}
    for match in ENTRY_START.finditer(text):
        kind, key = match[1].lower(), match[2]
        if kind in {"comment", "preamble", "string"}:
            continue
        line = text.count("\n", 0, match.start()) + 1
        fields = parse_fields(text, match.end(), path, line)
        items[key] = to_csl(key, kind, fields) | {"_line": line}
    return items


def parse_fields(text: str, position: int, path: Path, line: int) -> dict[str, str]:
    """``name = {value}`` / ``"value"`` / bare pairs up to the entry's closing brace."""
    fields = {}
    field = re.compile(r"\s*(\w[\w-]*)\s*=\s*")
    while True:
        position = skip_space_and_commas(text, position)
        if position >= len(text):
            raise BookError("unterminated BibTeX entry", path, line)
        if text[position] == "}":
            return fields
        match = field.match(text, position)
        if not match:
            raise BookError("malformed BibTeX field", path, text.count("\n", 0, position) + 1)
        value, position = read_value(text, match.end(), path, line)
        fields[match[1].lower()] = clean(value)


def skip_space_and_commas(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n,":
        position += 1
    return position


def read_value(text: str, position: int, path: Path, line: int) -> tuple[str, int]:
    if position >= len(text):
        raise BookError("unterminated BibTeX entry", path, line)
    opener = text[position]
    if opener in '{"':
        closer, depth, start = ("}" if opener == "{" else '"'), 0, position + 1
        position += 1
        while position < len(text):
            char = text[position]
            if char == "{" and opener == "{":
                depth += 1
            elif char == closer and depth == 0:
                return text[start:position], position + 1
            elif char == "}":
                depth -= 1
            position += 1
        raise BookError("unterminated BibTeX value", path, line)
    match = re.compile(r"[^,}\s]+").match(text, position)
    if not match:
        raise BookError("malformed BibTeX field: no value", path, text.count("\n", 0, position) + 1)
    return match[0], match.end()


def clean(value: str) -> str:
    value = re.sub(r"\\([&%$#_])", r"\1", value)
    value = value.replace("---", "—").replace("--", "–").replace("~", "\u00a0")
    return " ".join(value.replace("{", "").replace("}", "").split())


def to_csl(key: str, kind: str, fields: dict[str, str]) -> dict:
    item: dict = {"id": key, "type": TYPES.get(kind, "document")}
    title = join_title(fields.get("title"), fields.get("subtitle"))
    container = join_title(
        fields.get("booktitle") or fields.get("journal") or fields.get("journaltitle"),
        fields.get("booksubtitle") or fields.get("journalsubtitle"),
    )
    if title:
        item["title"] = title
        item["title-short"] = clean_short(fields.get("shorttitle") or fields["title"])
    if container:
        item["container-title"] = container
    for bibtex_name, csl_name in TEXT_FIELDS.items():
        if fields.get(bibtex_name):
            item[csl_name] = fields[bibtex_name]
    if "language" in item:
        item["language"] = LANGUAGES.get(item["language"].lower(), item["language"])
    for bibtex_name, csl_name in NAME_FIELDS.items():
        if fields.get(bibtex_name):
            item[csl_name] = [parse_name(name) for name in re.split(r"\s+and\s+", fields[bibtex_name])]
    year = fields.get("year") or fields.get("date", "")[:4]
    if year.isdigit():
        item["issued"] = {"date-parts": [[int(year)]]}
    if kind == "collection" and "author" not in item:
        item["type"] = "book"
    return item


def clean_short(title: str) -> str:
    """Chicago's short title: the main title without its subtitle or a leading article."""
    return re.sub(r"^(The|A|An) ", "", title.split(":")[0]).strip()


def join_title(title: str | None, subtitle: str | None) -> str:
    if not title:
        return ""
    return f"{title}: {subtitle}" if subtitle else title


def parse_name(name: str) -> dict:
    name = name.strip()
    if name.lower() == "others":
        return {"literal": "others"}
    if "," in name:
        family, given = [part.strip() for part in name.split(",", 1)]
        return {"family": family, "given": given}
    parts = name.split()
    if len(parts) == 1:
        return {"literal": name}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}
