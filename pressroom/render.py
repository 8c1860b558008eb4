"""A chapter's markup for one edition, as its EditionPolicy says (Pandoc's EPUB writer reuses its
HTML writer the same way): where each id lives, how notes are placed, how images are addressed.

Writers pick a policy; nothing here knows which writer asked.
"""

from __future__ import annotations

import copy
import enum
import re
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
    link_addresses: str = "none"  # print: an external link's address "inline" after it, in "notes", or "none"

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

    def splice(self, chapter: Chapter, body) -> None:
        """Change the chapter's text as the print layout's fixes say (a note continued on the next
        page, a word kept whole: ``print/splices``); by default nothing."""

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
    if policy.link_addresses != "none":
        show_link_addresses(body, policy.link_addresses)
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
                suffix = lxml_html.Element("span", {"class": "page-after"})  # print's alone: the ebook's
                suffix.text = page_after + "\u00a0"  # page-list does not count its words (pagestarts)
                element.append(suffix)
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
    policy.splice(chapter, body)  # last: its places count the text as laid out, page words included
    if not policy.keep_source:
        title.attrib.pop("data-line", None)
    return inner(title, policy.xhtml), inner(body, policy.xhtml)


ADDRESS_SCHEMES = (
    "http://",
    "https://",
    "ftp://",
)  # addresses a reader may type; mailto: and the rest say nothing more
URL_BREAKS = re.compile(r"(?<=/)(?!/)|(?=[.?#&])")  # after a slash (not between two), before . ? # &
LONG_RUN = 24  # characters of an address without a break point that may break anywhere


def show_link_addresses(body, placement: str) -> None:
    """Print: a reader of paper cannot click, so an external link whose text is not its address
    gets the address after it, in parentheses ("inline") or as a footnote ("notes"; inline within
    a note). A link whose text is its address stays as it is. Either way the address is set to
    break only at sensible points (``set_url``)."""
    for link in list(body.iter("a")):
        href = link.get("href", "")
        if not href.lower().startswith(ADDRESS_SCHEMES):
            continue
        if same_address(link.text_content(), href):
            if not len(link) and link.text:
                set_url(link, link.text)
            continue
        in_note = any("footnote" in (a.get("class") or "").split() for a in link.iterancestors())
        as_note = placement == "notes" and not in_note
        address = lxml_html.Element("span", {"class": "footnote link-address" if as_note else "link-address"})
        url = lxml_html.Element("span")
        set_url(url, href)
        address.text = None if as_note else " ("
        address.append(url)
        url.tail = None if as_note else ")"
        address.tail, link.tail = link.tail, None
        link.addnext(address)


def same_address(text: str, href: str) -> bool:
    """Whether a link's text is its address, give or take the scheme, www. and a final slash."""

    def bare(value: str) -> str:
        value = re.sub(r"^[a-z][a-z0-9+.-]*://", "", value.strip().lower())
        return value.removeprefix("www.").rstrip("/")

    return bare(text) == bare(href)


def set_url(element, url: str) -> None:
    """An address as ``element``'s content, class ``url`` (print.css: no hyphens), with a <wbr>
    after each slash and before each dot, ?, # and &: where a line may break. Its hyphens and
    question marks are joined to the next character (U+2060): a break after a hyphen would read as
    hyphenation. A run of more than ``LONG_RUN`` characters without such a point is a span of its
    own that may break anywhere (print.css), rather than run past the measure."""
    element.set("class", " ".join([*(element.get("class") or "").split(), "url"]))
    element.text = None
    last = None
    for index, part in enumerate(part for part in URL_BREAKS.split(url) if part):
        text = re.sub(r"([-?])", "\\1\u2060", part)
        if index:
            last = lxml_html.Element("wbr")
            element.append(last)
        if len(part) > LONG_RUN:
            last = lxml_html.Element("span", {"class": "url-run"})
            last.text = text
            element.append(last)
        elif last is None:
            element.text = text
        else:
            last.tail = text


def mark_page_reference(element, policy: EditionPolicy) -> None:
    """A link whose target's page number CSS adds: the folio the layout so far gives
    (``data-page``), else ``target-counter``."""
    element.set("class", element.get("class", "") + " page-ref")
    label = policy.page_label(element.get("href", "").lstrip("#"))
    if label:
        element.set("data-page", label)


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
