"""A chapter's markup for one edition, as its EditionPolicy says (Pandoc's EPUB writer reuses its
HTML writer the same way): where each id lives, how notes are placed, how images are addressed.

Writers pick a policy; nothing here knows which writer asked.
"""

from __future__ import annotations

import copy
import enum
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html
from markupsafe import Markup

from pressroom.book import Chapter, Note
from pressroom.images import html_size
from pressroom.math import MathForm, typeset
from pressroom.sanitize import svg_for_xhtml

OPS = "http://www.idpf.org/2007/ops"  # the epub: namespace
EPUB_TYPE = f"{{{OPS}}}type"


class NotePlacement(enum.Enum):
    AT_REFERENCE = "at-reference"  # the note's text where it is called (print floats it to the foot)
    LINKED = "linked"  # a numbered link to an aside after the chapter text (EPUB, HTML)


@dataclass
class EditionPolicy:
    """How one edition renders the Book. Subclasses say where ids live and where images are."""

    xhtml: bool = False  # serialize as XML (EPUB) rather than HTML
    notes: NotePlacement = NotePlacement.LINKED
    keep_source: bool = False  # keep data-line / data-source for proofs and layout checks
    page_references: bool = False  # "page 47" (print: CSS target-counter) for [@fig:x, page]
    tabs_from_line_start: bool = False  # print: code lines' tabs in one box from the line's start
    backlink_label: str = ""  # "Back to text" on a note's number, for screen readers
    note_numbers: dict[str, int] = field(default_factory=dict)  # note id → number, when not per chapter
    math: MathForm = MathForm.SVG  # how TeX shows: drawn (print, HTML page) or as MathML (EPUB)

    def href(self, fragment: str, chapter: Chapter | None) -> str:
        """The address of ``#id`` seen from ``chapter``'s page."""
        return fragment

    def image_src(self, name: str) -> str:
        """The address of an image the Book names ``images/x.png``."""
        return name

    def size_image(self, image) -> None:
        """Size an <img> (its src still the Book's name) as the edition needs; by default as the
        theme says, with width and height attributes as XHTML allows them."""
        html_size(image)

    def mark_pages(self, chapter: Chapter, title, body) -> None:
        """Mark where the print edition's pages begin (the EPUB: ``pagebreaks``); by default none."""

    def page_label(self, target_id: str) -> str | None:
        """The folio ``target_id`` is printed on, when known (print: from the layout so far)."""
        return None

    def note_number(self, note: Note) -> int:
        return self.note_numbers.get(note.id, note.number)

    def epub_type(self, element, value: str) -> None:
        """Semantic inflection: epub:type in XHTML, nothing elsewhere (it is not HTML)."""
        if self.xhtml:
            element.set(EPUB_TYPE, value)


def serialize(element, xhtml: bool) -> str:
    if xhtml:
        return etree.tostring(element, method="xml", encoding="unicode")
    return lxml_html.tostring(element, method="html", encoding="unicode")


def inner(element, xhtml: bool) -> Markup:
    """The content of an element (its text and children), serialized."""
    if xhtml and element.nsmap.get("epub") == OPS:
        # Serialized whole, so the epub: prefix is declared once (by the page), not per child.
        text = etree.tostring(element, method="xml", encoding="unicode")
        opening = text.index(">") + 1
        return Markup("" if text[opening - 2] == "/" else text[opening : text.rindex("<")])
    return Markup("".join([str(Markup.escape(element.text or ""))] + [serialize(child, xhtml) for child in element]))


def xhtml_root(element):
    """A copy of ``element``'s content in a bare ``div`` that declares the epub: prefix, so
    namespaced attributes serialize as ``epub:type``."""
    root = lxml_html.Element("div", nsmap={"epub": OPS})
    copied = copy.deepcopy(element)
    root.text = copied.text
    root.extend(list(copied))
    svg_for_xhtml(root)  # inline SVG in its namespace, with its own names (viewBox)
    return root


def chapter_markup(chapter: Chapter, policy: EditionPolicy) -> tuple[Markup, Markup]:
    """The chapter's title and body as markup for one edition."""
    title = copy.deepcopy(chapter.title)
    body = xhtml_root(chapter.body) if policy.xhtml else copy.deepcopy(chapter.body)
    notes = {note.key: note for note in chapter.notes}
    for marker in list(body.find_class("noteref")):
        note = notes[marker.get("data-note")]
        if policy.notes is NotePlacement.AT_REFERENCE:
            place_note_at_reference(marker, note)
        else:
            link_note(marker, note, policy)
    policy.mark_pages(chapter, title, body)
    typeset(title, policy.math)
    typeset(body, policy.math)
    if policy.tabs_from_line_start:
        for line in body.xpath("//pre//span[contains(concat(' ', @class, ' '), ' line ')]"):
            unhighlight_before_last_tab(line)
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        page_text = element.get("data-page-text")
        if page_text is not None:
            element.attrib.pop("data-page-text")
            if policy.page_references:  # "page 47": the number is CSS's target-counter
                element.text = page_text + "\u00a0"
                mark_page_reference(element, policy)
        page_after = element.get("data-page-after")
        if page_after is not None:
            element.attrib.pop("data-page-after")
            if policy.page_references:  # "“Title”, page 47" (@sec:x): the same number after the title
                append_text(element, page_after + "\u00a0")
                mark_page_reference(element, policy)
        if element.tag == "a" and element.get("href", "").startswith("#"):
            element.set("href", policy.href(element.get("href"), chapter))
        if element.tag == "img":
            policy.size_image(element)
            element.set("src", policy.image_src(element.get("src")))
            element.attrib.pop("data-alt-missing", None)
        if not policy.keep_source:
            for name in [n for n in element.attrib if n.startswith("data-")]:
                del element.attrib[name]
    if not policy.keep_source:
        title.attrib.pop("data-line", None)
    return inner(title, policy.xhtml), inner(body, policy.xhtml)


def mark_page_reference(element, policy: EditionPolicy) -> None:
    """A link whose target's page number CSS adds: the folio the layout so far gives
    (``data-page``), else ``target-counter``."""
    element.set("class", element.get("class", "") + " page-ref")
    label = policy.page_label(element.get("href", "").lstrip("#"))
    if label:
        element.set("data-page", label)


def append_text(element, text: str) -> None:
    """``text`` at the end of the element's content."""
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def unhighlight_before_last_tab(line) -> None:
    """WeasyPrint measures a tab stop from the start of the inline box the tab is in, so a tab after
    a highlighted token (``CC<tab>= gcc``) stops a token's width too far. The line's text up to its
    last tab becomes plain text at the line's start, measured from there; highlighting goes on
    after it. Leading tabs need nothing."""
    pieces = [(None, "text", line.text or "")]
    for child in line:
        pieces += [(child, "text", child.text or ""), (child, "tail", child.tail or "")]
    typed = "".join(text for _, _, text in pieces)
    if "\t" not in typed.lstrip("\t"):
        return
    last = max(i for i, (_, _, text) in enumerate(pieces) if "\t" in text)
    owner, kind, _ = pieces[last]
    if owner is None:
        return  # the tabs are in the line's own text, which starts at the line's start
    length = sum(len(text) for _, _, text in pieces[: last + 1])
    for child in list(line):
        if child is owner:
            break
        line.remove(child)
    rest = (owner.tail or "") if kind == "text" else ""
    line.remove(owner)
    line.text = typed[:length] + rest


def place_note_at_reference(marker, note: Note) -> None:
    footnote = lxml_html.Element("span", {"class": "footnote", "id": note.id, "data-line": str(note.line)})
    for block in copy.deepcopy(note.body):
        span = lxml_html.Element("span", {"class": "footnote-para"})
        span.text = block.text
        span.extend(list(block))
        footnote.append(span)
    footnote.tail = marker.tail
    marker.getparent().replace(marker, footnote)


def link_note(marker, note: Note, policy: EditionPolicy) -> None:
    marker.text = str(policy.note_number(note))
    marker.attrib.pop("data-note", None)
    marker.set("role", "doc-noteref")
    policy.epub_type(marker, "noteref")


def note_markup(note: Note, policy: EditionPolicy, chapter: Chapter | None) -> Markup:
    """A note's text, opened by its number linking back to the reference."""
    body = copy.deepcopy(note.body)
    typeset(body, policy.math)
    for element in body.iter("a"):
        if element.get("href", "").startswith("#"):
            element.set("href", policy.href(element.get("href"), chapter))
    first = body[0] if len(body) and body[0].tag == "p" else body
    number = policy.note_number(note)
    backlink = lxml_html.Element(
        "a", {"href": policy.href(f"#{note.ref_id}", chapter), "role": "doc-backlink", "class": "note-number"}
    )
    if policy.backlink_label:
        backlink.set("aria-label", f"{policy.backlink_label} {number}")
    backlink.text = f"{number}."
    backlink.tail = " " + (first.text or "")
    first.text = None
    first.insert(0, backlink)
    return inner(body, policy.xhtml)
