"""Citations and the bibliography, formatted by citeproc-py with any CSL style.

Citations are formatted in reading order, so a notes style gives the full form at a work's first
citation and the short form after it. With a notes style, a citation in the running text becomes
a footnote of its own (as Pandoc does); inside a footnote it is set in place.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

from citeproc import Citation as CiteprocCitation
from citeproc import CitationItem, CitationStylesBibliography, Locator, formatter
from citeproc.source.json import CiteProcJSON
from lxml import html as lxml_html

from pressroom.bibliography import load_bibliography
from pressroom.book import Book, Chapter, Citation, CiteItem, Note, line_of
from pressroom.csl import is_note_style, load_style
from pressroom.findings import Diagnostics

LOCATOR_TERMS = {
    "p.": "page",
    "pp.": "page",
    "page": "page",
    "pages": "page",
    "ch.": "chapter",
    "chap.": "chapter",
    "chapter": "chapter",
    "sec.": "section",
    "section": "section",
    "n.": "note",
    "nn.": "note",
    "vol.": "volume",
    "fig.": "figure",
    "para.": "paragraph",
    "l.": "line",
    "ll.": "line",
    "bk.": "book",
    "pt.": "part",
}


@dataclass
class CitationSite:
    element: lxml_html.HtmlElement
    chapter: Chapter
    note: Note | None
    citation: Citation

    @property
    def items(self) -> list[CiteItem]:
        return self.citation.items

    @property
    def line(self) -> int:
        return self.note.line if self.note is not None else line_of(self.element)


def parse_locator(text: str) -> tuple[Locator | None, str]:
    """'p. 45' → page 45; anything not a locator stays as a suffix."""
    match = re.match(r"^([A-Za-z]+\.?)\s*([\w–—,\- ]+?)(\s*\(.*)?$", text.strip())
    if match and match[1].lower() in LOCATOR_TERMS:
        return Locator(LOCATOR_TERMS[match[1].lower()], match[2].replace("-", "–")), match[3] or ""
    if re.match(r"^[\d–\-, ]+$", text.strip()):
        return Locator("page", text.strip().replace("-", "–")), ""
    return None, text.strip()


def collect_sites(book: Book) -> list[CitationSite]:
    """Citations in reading order: each note's citations where its reference stands."""
    sites = []
    for chapter in book.chapters:
        notes = {note.key: note for note in chapter.notes}
        seen_notes = set()
        for element in chapter.body.iter():
            classes = element.get("class", "").split()
            if "citation" in classes and element.get("data-ref"):
                sites.append(CitationSite(element, chapter, None, book.citations[element.get("data-ref")]))
            elif "noteref" in classes and element.get("data-note") not in seen_notes:
                seen_notes.add(element.get("data-note"))
                note = notes[element.get("data-note")]
                for cited in note.body.find_class("citation"):
                    if cited.get("data-ref"):
                        sites.append(CitationSite(cited, chapter, note, book.citations[cited.get("data-ref")]))
    return sites


def as_text(site: CitationSite) -> None:
    """``@name`` that is no citation (no bibliography, or no such entry): the text as typed."""
    element = site.element
    element.attrib.pop("data-ref", None)
    element.attrib.pop("class", None)
    element.text = "@" + site.items[0].key


def resolve_citations(book: Book, diagnostics: Diagnostics, formatted: bool = True) -> None:
    """Format every citation; report unknown keys and uncited entries. ``@name`` in the running
    text is a citation only when the bibliography has that key (Pandoc would warn); otherwise it
    is text, as a handle or an address is.

    ``formatted=False`` (``check``, which reads no citation's text) does all of that but the
    formatting: citeproc-py takes seconds on a long book. Each citation is placed as it would be
    (its link, or the note a notes style makes of it, with the author's name before it when cited
    in the sentence) with empty text, and the bibliography's entries are empty."""
    sites = collect_sites(book)
    if not book.meta.bibliography:
        for site in sites:
            if site.citation.in_text:
                as_text(site)
            else:
                diagnostics.error(
                    "r-no-bibliography", "citations need a 'bibliography' in the metadata", site.chapter.file, site.line
                )
        return
    bib_path = book.folders.resolve(
        book.meta.bibliography, book.folders.manuscript_dir, book.meta.source, book.meta.line_of("bibliography")
    )
    entries = load_bibliography(bib_path, book.meta.source, book.meta.line_of("bibliography"))
    style = load_style(book)
    source = CiteProcJSON([{k: v for k, v in item.items() if not k.startswith("_")} for item in entries.values()])
    known = known_sites(sites, entries, diagnostics)
    texts = cite(style, source, known, book.meta.lang) if formatted else ["" for _ in known]
    note_style = is_note_style(style)
    for site, text in zip(known, texts, strict=True):
        first = site.items[0]
        if not note_style and first.suppress_author:
            text = suppress_author(entries[first.key], first.locator)
        placed = set_citation(site, text, note_style=note_style)
        if site.citation.in_text:
            name_in_text(placed, site, entries[first.key], note_style=note_style)
    cited = {item.key for site in known for item in site.items}
    nocite = book.meta.nocite
    keys = list(entries) if "*" in nocite else sorted(cited | set(nocite))
    for key in entries:
        if key not in cited and key not in nocite and "*" not in nocite:
            diagnostics.warning(
                "r-uncited-entry", f"bibliography entry '{key}' is never cited", bib_path, entries[key]["_line"]
            )
    if not formatted:
        book.references = [(key, "") for key in keys]
        return
    listing = CitationStylesBibliography(style, source, formatter.html)
    for key in keys:
        listing.register(CiteprocCitation([CitationItem(key)]))  # no locators in the bibliography
    book.references = [(key, quotes_inside(entry, book.meta.lang)) for key, entry in bibliography_entries(listing)]


def known_sites(sites: list[CitationSite], entries: dict, diagnostics: Diagnostics) -> list[CitationSite]:
    """The citations whose every key the bibliography has. A citation with an unknown key is an
    error; in the running text (``@name``) a warning, and it stays as typed."""
    known = []
    for site in sites:
        unknown = [item.key for item in site.items if item.key not in entries]
        if unknown and site.citation.in_text:
            diagnostics.warning(
                "r-unknown-citation",
                f"'@{unknown[0]}' is not in the bibliography: set as text",
                site.chapter.file,
                site.line,
            )
            as_text(site)
        elif unknown:
            diagnostics.error(
                "r-unknown-citation", f"unknown citation key '@{unknown[0]}'", site.chapter.file, site.line
            )
        else:
            known.append(site)
    return known


def cite(style, source: CiteProcJSON, sites: list[CitationSite], lang: str) -> list[str]:
    """Each citation formatted by citeproc-py, all registered first (so the style can tell the
    works apart) and then formatted in reading order."""
    processor = CitationStylesBibliography(style, source, formatter.html)
    citations = []
    for site in sites:
        citation = CiteprocCitation([citation_item(item) for item in site.items])
        processor.register(citation)
        citations.append(citation)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [typeset(processor.cite(citation, lambda item: None), lang) for citation in citations]


def typeset(text: str, lang: str) -> str:
    """The style's closing period is the author's to write; American English puts commas and
    periods inside closing quotation marks (which citeproc-py's locale handling omits)."""
    text = str(text).rstrip()
    text = text[:-1] if text.endswith(".") and not text.endswith("..") else text
    return quotes_inside(text, lang)


def quotes_inside(text: str, lang: str) -> str:
    if lang.lower() in {"en", "en-us"}:
        return re.sub(r"”([,.])", r"\1”", text)
    return text


def citation_item(item: CiteItem) -> CitationItem:
    locator, suffix = parse_locator(item.locator) if item.locator else (None, "")
    options = {"locator": locator} if locator else {}
    if item.prefix:
        options["prefix"] = item.prefix + " "
    if suffix:
        options["suffix"] = " " + suffix
    return CitationItem(item.key, **options)


def set_citation(site: CitationSite, text: str, note_style: bool):
    """Replace the placeholder with the formatted citation, linked to its bibliography entry;
    return what now stands in its place (the link, or the new note's marker)."""
    element = site.element
    keys = [item.key for item in site.items]
    link = lxml_html.fragment_fromstring(f"<a>{text}</a>")
    link.set("href", f"#ref-{keys[0].lower()}")
    link.set("class", "citation")
    if note_style and site.note is None:
        # In the running text: the citation becomes a footnote of its own.
        paragraph = lxml_html.Element("p")
        paragraph.append(link)
        link.tail = "."
        body = lxml_html.Element("div")
        body.append(paragraph)
        key = f"c{len(site.chapter.notes) + 1}"
        site.chapter.notes.append(Note(id="", ref_id="", number=0, body=body, line=line_of(element), key=key))
        marker = lxml_html.Element("a", {"class": "noteref", "data-note": key})
        replace(element, marker)
        place_note_marker(marker)
        return marker
    replace(element, link)
    return link


def author_names(entry: dict) -> str:
    """'Conquest', 'Getty and Naumov', 'Courtois et al.': the names a sentence cites a work by."""
    people = entry.get("author") or entry.get("editor") or []
    names = [p.get("family") or p.get("literal", "") for p in people]
    if len(names) > 2:
        return f"{names[0]} et al."
    return " and ".join(names) or entry.get("title-short", entry.get("title", ""))


def year_of(entry: dict) -> str:
    parts = entry.get("issued", {}).get("date-parts", [[""]])
    return str(parts[0][0]) if parts and parts[0] else "n.d."


def suppress_author(entry: dict, locator: str) -> str:
    """``[-@key]`` in an author-date style: the year (and locator) without the name."""
    return f"({year_of(entry)}{', ' + locator.split(' ', 1)[-1] if locator else ''})"


def name_in_text(placed, site: CitationSite, entry: dict, note_style: bool) -> None:
    """``@key`` in running text: the author's name stands in the sentence; the reference follows
    in a note (notes styles) or as the year in parentheses (author-date styles)."""
    name = author_names(entry)
    if note_style and site.note is None:
        previous, parent = placed.getprevious(), placed.getparent()
        before = previous.tail if previous is not None else parent.text
        joined = (before or "") + (" " if before and not before.endswith(("(", "[", " ")) else "") + name
        if previous is not None:
            previous.tail = joined
        else:
            parent.text = joined
    elif not note_style:
        for child in list(placed):
            placed.remove(child)
        placed.text = f"{name} {suppress_author(entry, site.items[0].locator)}"


def place_note_marker(marker) -> None:
    """As Pandoc does: no space before a note number, and the number after the punctuation
    that closes the clause ("text [@key]." → "text.¹")."""
    previous, parent = marker.getprevious(), marker.getparent()
    if previous is not None:
        previous.tail = (previous.tail or "").rstrip()
    else:
        parent.text = (parent.text or "").rstrip()
    match = re.match(r"^([.,;:!?]+)", marker.tail or "")
    if match:
        marker.tail = marker.tail[match.end() :]
        if previous is not None:
            previous.tail += match[1]
        else:
            parent.text += match[1]


def replace(old, new) -> None:
    new.tail = (new.tail or "") + (old.tail or "")
    old.getparent().replace(old, new)


def bibliography_entries(processor: CitationStylesBibliography) -> list[tuple[str, str]]:
    processor.sort()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rendered = [str(entry) for entry in processor.bibliography()]
    return list(zip(processor.keys, rendered))
