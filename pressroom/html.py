"""Chapter HTML for every edition, and the one-page HTML edition.

The EPUB and print writers reuse ``chapter_html`` (as Pandoc's EPUB writer reuses its HTML
writer); each passes how its edition sets notes, links and image paths.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html
from markupsafe import Markup

from pressroom.book import Book, Chapter
from pressroom.index import chapter_label, chapter_locators, render_index
from pressroom.output import write_atomically
from pressroom.templating import environment


def serialize(element, xhtml: bool) -> str:
    if xhtml:  # epub:type is carried as data-epub-type and given its prefix here
        text = etree.tostring(element, method="xml", encoding="unicode")
        return text.replace(' data-epub-type="', ' epub:type="')
    return lxml_html.tostring(element, method="html", encoding="unicode")


def inner(element, xhtml: bool) -> Markup:
    """The content of an element (its text and children), serialized."""
    return Markup("".join([_escape(element.text or "")] + [serialize(child, xhtml) for child in element]))


def _escape(text: str) -> str:
    return str(Markup.escape(text))


def chapter_html(chapter: Chapter, *, xhtml: bool, notes: str,
                 href: Callable[[str], str] = lambda h: h,
                 src: Callable[[str], str] = lambda s: s,
                 keep_source: bool = True, pages: bool = False,
                 note_number: Callable = lambda note: note.number) -> tuple[Markup, Markup]:
    """The chapter's title and body as markup for one edition.

    notes: "inline" puts each note's text at its reference (print: CSS floats it to the page
    foot); "linked" leaves a numbered link to an aside the template places after the text (EPUB).
    """
    title = copy.deepcopy(chapter.title)
    body = copy.deepcopy(chapter.body)
    bodies = {note.number: note for note in chapter.notes}
    for marker in list(body.find_class("noteref")):
        note = bodies[int(marker.get("data-note"))]
        if notes == "inline":
            footnote = lxml_html.Element("span", {"class": "footnote", "id": note.id,
                                                  "data-line": str(note.line)})
            for block in copy.deepcopy(note.body):
                span = lxml_html.Element("span", {"class": "footnote-para"})
                span.text = block.text
                span.extend(list(block))
                footnote.append(span)
            footnote.tail = marker.tail
            marker.getparent().replace(marker, footnote)
        else:
            marker.text = str(note_number(note))
            marker.attrib.pop("data-note", None)
            marker.set("role", "doc-noteref")
            marker.set("data-epub-type", "noteref")
    for element in body.iter():
        if pages and element.get("data-page-text"):  # "page 47": the number is CSS's target-counter
            element.text = element.get("data-page-text") + "\u00a0"
            element.set("class", element.get("class", "") + " page-ref")
        if element.tag == "a" and element.get("href", "").startswith("#"):
            element.set("href", href(element.get("href")))
        if element.tag == "img":
            element.set("src", src(element.get("src")))
            element.attrib.pop("data-alt-missing", None)
        if not keep_source:
            for name in [n for n in element.attrib if n.startswith("data-") and n != "data-epub-type"]:
                del element.attrib[name]
    if not keep_source:
        title.attrib.pop("data-line", None)
    return inner(title, xhtml), inner(body, xhtml)


def note_html(note, *, xhtml: bool, href: Callable[[str], str] = lambda h: h,
              backlink_label: str = "", number: int | None = None) -> Markup:
    """A note's text, opened by its number linking back to the reference."""
    body = copy.deepcopy(note.body)
    for element in body.iter("a"):
        if element.get("href", "").startswith("#"):
            element.set("href", href(element.get("href")))
    first = body[0] if len(body) and body[0].tag == "p" else body
    number = number or note.number
    backlink = lxml_html.Element("a", {"href": href(f"#{note.ref_id}"), "role": "doc-backlink",
                                       "class": "note-number"})
    if backlink_label:
        backlink.set("aria-label", f"{backlink_label} {number}")
    backlink.text = f"{number}."
    backlink.tail = " " + (first.text or "")
    first.text = None
    first.insert(0, backlink)
    return inner(body, xhtml)


def write_html(book: Book, out_dir: Path) -> Path:
    """The whole book as one HTML page (with its images beside it), for reading in a browser."""
    env = environment(book)
    chapters = []
    for chapter in book.chapters:
        title, body = chapter_html(chapter, xhtml=False, notes="linked", src=lambda name: f"{book.slug}-{name}")
        if chapter.generated == "index":
            body = Markup(render_index(book, env, lambda heading: [
                (f"#{mark_id}", chapter_label(book, marked)) for mark_id, marked in chapter_locators(heading)]))
        chapters.append((chapter, title, body))
    notes = {c.slug: [(n, note_html(n, xhtml=False, backlink_label=book.words["back-to-text"])) for n in c.notes]
             for c in book.chapters}
    styles = "\n".join(book.folders.theme_file(name).read_text(encoding="utf-8")
                       for name in ("base.css", "html.css"))  # the reader's own fonts on screen
    page = env.get_template("html/book.html").render(chapters=chapters, notes=notes,
                                                    styles=Markup(styles.replace("</", "<\\/")))
    target = out_dir / f"{book.slug}.html"
    files = {target: page.encode("utf-8")}
    for path, name in book.assets.items():
        files[out_dir / f"{book.slug}-{name}"] = path.read_bytes()
    write_atomically(files)
    return target
