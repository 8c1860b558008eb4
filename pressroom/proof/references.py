"""r- checks: citations, cross-references, links and ids, all reported in one run.

Citation keys and cross-reference labels come from the source (``@key``, ``[@key, p. 4]``,
``@fig:label``), links and ids from the converted files. Labels a cross-reference may name are the
ids of headings (chapters and sections), figures and tables, as resolve.py numbers them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from pressroom.bibliography import load_bibliography
from pressroom.errors import BookError, display_path
from pressroom.findings import Finding
from pressroom.markdown.references import is_crossref
from pressroom.proof import finding
from pressroom.proof.source import Manuscript, SourceFile, build_error

TARGET_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "figure", "table"}
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
ATTR_ID = re.compile(r"(?<![\w\"'])#([^\s}\"']+)")
HTML_ID = re.compile(r"\bid\s*=\s*[\"']([^\"']+)[\"']")


def check(manuscript: Manuscript) -> Iterator[Finding]:
    ids, targets = collect_ids(manuscript)
    yield from citations_and_labels(manuscript, targets)
    yield from links(manuscript, ids)
    yield from duplicate_ids(manuscript)


def collect_ids(manuscript: Manuscript) -> tuple[set[str], set[str]]:
    """Every id a link may name, and those a cross-reference may name."""
    ids, targets = set(), set()
    for file in manuscript.files:
        for element in file.root.iter():
            if not isinstance(element.tag, str) or not element.get("id"):
                continue
            if in_footnotes(element):
                continue
            ids.add(element.get("id"))
            if element.tag in TARGET_TAGS:
                targets.add(element.get("id"))
    return ids, targets


def in_footnotes(element) -> bool:
    while element is not None:
        classes = element.get("class", "").split()
        if "footnote" in classes or (element.tag == "sup" and element.get("id", "").startswith("fnref-")):
            return True
        element = element.getparent()
    return False


def bibliography(manuscript: Manuscript, problems: list[Finding]) -> tuple[dict[str, dict] | None, Path | None]:
    """The bibliography's entries by key (None when the metadata names none) and its file."""
    meta = manuscript.meta
    if not meta.bibliography:
        return None, None
    line = meta.line_of("bibliography")
    try:
        path = manuscript.folders.resolve(meta.bibliography, manuscript.folders.manuscript_dir, meta.source, line)
        return load_bibliography(path, meta.source, line), path
    except BookError as error:
        problems.append(build_error(error))
        return {}, None


def citations_and_labels(manuscript: Manuscript, targets: set[str]) -> Iterator[Finding]:
    problems: list[Finding] = []
    entries, path = bibliography(manuscript, problems)
    yield from problems
    cited: set[str] = set()
    for file in manuscript.files:
        for index, region in file.regions_of("cite-key"):
            key = region.text
            column = region.start + 1 + (file.lines[index][region.start] == "-")
            if is_crossref(key):
                if key not in targets:
                    yield finding("r-unknown-label", file.path, index + 1, column,
                                  f"unknown cross-reference label '@{key}'")
                continue
            cited.add(key)
            if entries is None:
                yield finding("r-unknown-citation", file.path, index + 1, column,
                              f"citation '@{key}', but the metadata names no 'bibliography'")
            elif path is not None and key not in entries:
                yield finding("r-unknown-citation", file.path, index + 1, column,
                              f"unknown citation key '@{key}' (not in {manuscript.meta.bibliography})")
    if entries and path is not None:
        nocite = set(getattr(manuscript.meta, "nocite", None) or [])
        lines = path.read_text(encoding="utf-8").split("\n")
        for key, entry in entries.items():
            if key in cited or key in nocite or "*" in nocite:
                continue
            line = entry.get("_line", 1)
            column = lines[line - 1].find(key) + 1 if 0 < line <= len(lines) else 1
            yield finding("r-uncited-entry", path, line, column,
                          f"bibliography entry '{key}' is never cited (cite it, or list it in 'nocite')")


def links(manuscript: Manuscript, ids: set[str]) -> Iterator[Finding]:
    """Links between the book's files and to ids, as resolve.py follows them."""
    names = {file.path.name for file in manuscript.files}
    for file in manuscript.files:
        for unit in file.units:
            cursor = (-1, -1)
            for link in unit.element.iter("a"):
                classes = set(link.get("class", "").split())
                href = link.get("href")
                if href is None or classes & {"xref", "footnote-ref", "footnote-backref", "noteref"}:
                    continue
                place = unit.find(href, cursor) if href else None
                cursor = place or cursor
                line, column = (place[0] + 1, place[1] + 1) if place else (unit.line, 1)
                problem = broken(href, names, ids)
                if problem:
                    yield finding("r-broken-link", file.path, line, column, problem)


def broken(href: str, names: set[str], ids: set[str]) -> str:
    if not href or SCHEME.match(href):
        return ""  # an empty link is left alone; an external one is never fetched
    path, _, fragment = href.partition("#")
    path = unquote(path)
    if path and path not in names:
        return f"link to a file that is not in the book: {href}"
    if not path and not fragment:
        return f"link to nothing: {href}"
    if fragment and unquote(fragment) not in ids:
        return f"link to an unknown id: {href}"
    return ""


def duplicate_ids(manuscript: Manuscript) -> Iterator[Finding]:
    """Ids the author gave ({#id}, id="…") used twice anywhere in the book."""
    seen: dict[str, tuple[SourceFile, int]] = {}
    for file in manuscript.files:
        for index, regions in enumerate(file.regions):
            for region in regions:
                if region.kind == "attr":
                    matches = ATTR_ID.finditer(region.text)
                elif region.kind == "html":
                    matches = HTML_ID.finditer(region.text)
                else:
                    continue
                for match in matches:
                    label = match[1]
                    if label in seen:
                        other, line = seen[label]
                        yield finding("r-duplicate-id", file.path, index + 1, region.start + match.start(1) + 1,
                                      f"id '{label}' is already used at {display_path(str(other.path))}:{line + 1}")
                    else:
                        seen[label] = (file, index)
