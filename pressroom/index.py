"""The back-of-book index: terms marked in the text, gathered into headings and sub-entries.

Mark a term with a bracketed span: ``[Yezhov]{.index term="Yezhov, Nikolai"}``; ``!`` separates a
sub-entry (``term="NKVD!Order No. 00447"``); ``sort``, ``see`` and ``seealso`` (";"-separated) as
in makeindex and LaTeX. Each mark gets an id; the print writer turns marks into page numbers
(ranges collapsed), the EPUB writer into links, one per chapter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from lxml import html as lxml_html

from pressroom.book import Book, Chapter, line_of
from pressroom.findings import Diagnostics


@dataclass
class Mark:
    id: str
    chapter: Chapter


@dataclass
class Heading:
    name: str
    sort: str
    path: str = ""  # "NKVD!Order No. 00447": unique, for the entry's id
    marks: list[Mark] = field(default_factory=list)
    see: list[str] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)
    subentries: dict[str, Heading] = field(default_factory=dict)

    @property
    def children(self) -> list[Heading]:
        return sorted(self.subentries.values(), key=lambda h: h.sort)


def sort_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^\w\s,]", "", "".join(c for c in text if not unicodedata.combining(c))).casefold().strip()


def collect_index(book: Book, diagnostics: Diagnostics | None = None) -> None:
    """Give every mark an id, build the headings, and add an Index chapter when there are any.
    A mark with no term (``[]{.index}``, ``term="!"``) is reported and left out."""
    headings: dict[str, Heading] = {}
    number = 0
    for chapter in book.chapters:
        for container in [chapter.body, *(note.body for note in chapter.notes)]:
            for span in list(container.find_class("index")):
                number += 1
                term = span.get("term") or " ".join(span.text_content().split())
                heading = heading_for(headings, term, span.get("sort"))
                if heading is None:
                    if diagnostics is not None:
                        message = 'an index mark with no term (give it text, or term="…")'
                        diagnostics.error("x-raw-markup", message, chapter.file, line_of(span))
                    continue
                heading.see += [t for t in split_list(span.get("see")) if t not in heading.see]
                heading.see_also += [t for t in split_list(span.get("seealso")) if t not in heading.see_also]
                if not span.get("see"):
                    span.set("id", span.get("id") or f"ix-{number}")
                    heading.marks.append(Mark(span.get("id"), chapter))
                for name in ("term", "sort", "see", "seealso"):
                    span.attrib.pop(name, None)
    book.index = sorted(headings.values(), key=lambda h: h.sort)
    if book.index and not any(c.role == "index" for c in book.chapters):
        add_index_chapter(book)


def heading_for(headings: dict[str, Heading], term: str, sort: str | None) -> Heading:
    parts = [part.strip() for part in term.split("!") if part.strip()]
    level = headings
    heading = None
    for depth, part in enumerate(parts):
        if part not in level:
            key = sort if (sort and depth == len(parts) - 1) else part
            level[part] = Heading(part, sort_key(key), "!".join(parts[: depth + 1]))
        heading = level[part]
        level = heading.subentries
    return heading


def split_list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(";") if item.strip()]


def add_index_chapter(book: Book) -> None:
    title = lxml_html.Element("h1")
    title.text = book.words["index"]
    chapter = Chapter(
        file=book.meta.source,
        line=1,
        role="index",
        id="",
        title=title,
        body=lxml_html.Element("div"),
        generated="index",
    )
    position = len(book.chapters) - (1 if book.chapters[-1].role == "colophon" else 0)
    book.chapters.insert(position, chapter)


def letter_groups(headings: list[Heading]) -> list[tuple[str, list[Heading]]]:
    groups: dict[str, list[Heading]] = {}
    for heading in headings:
        first = heading.sort[:1].upper()
        groups.setdefault(first if first.isalpha() else "0–9", []).append(heading)
    return sorted(groups.items(), key=lambda group: (group[0] != "0–9", group[0]))


def chapter_locators(heading: Heading) -> list[tuple[str, Chapter]]:
    """For the ebook: the first mark in each chapter, in reading order."""
    seen, locators = set(), []
    for mark in heading.marks:
        if mark.chapter.slug not in seen:
            seen.add(mark.chapter.slug)
            locators.append((mark.id, mark.chapter))
    return locators


def page_locators(heading: Heading, pages: dict[str, tuple[int, str]]) -> list[tuple[str, str]]:
    """For print: (first mark's id, "12" or "12–14") with consecutive pages collapsed into ranges.

    pages maps a mark id to (physical page index, printed folio)."""
    by_page: dict[int, tuple[str, str]] = {}
    for mark in heading.marks:
        if mark.id in pages:
            index, folio = pages[mark.id]
            by_page.setdefault(index, (mark.id, folio))
    runs: list[list[int]] = []
    for index in sorted(by_page):
        if runs and index == runs[-1][-1] + 1 and by_page[index][1].isdigit() == by_page[runs[-1][0]][1].isdigit():
            runs[-1].append(index)
        else:
            runs.append([index])
    locators = []
    for run in runs:
        first, last = by_page[run[0]], by_page[run[-1]]
        label = first[1] if len(run) == 1 else f"{first[1]}–{last[1]}"
        locators.append((first[0], label))
    return locators


def heading_id(heading: Heading) -> str:
    return "index-" + re.sub(r"[^a-z0-9]+", "-", sort_key(heading.path).replace("!", " ")).strip("-")


def render_index(book: Book, env, locators) -> str:
    """The index chapter's content for one edition; ``locators(heading)`` → [(href, label)]."""
    tops = {heading.name: heading_id(heading) for heading in book.index}
    return env.get_template("partials/index.html").render(
        groups=letter_groups(book.index),
        locators=locators,
        heading_id=heading_id,
        target=lambda name: tops.get(name.split("!")[0].strip()),
    )


def render_chapter_index(book: Book, env, href) -> str:
    """The index for an edition without pages: each heading's chapters, linked by ``href("#id")``."""
    return render_index(
        book,
        env,
        lambda heading: [
            (href(f"#{mark_id}"), chapter_label(book, marked)) for mark_id, marked in chapter_locators(heading)
        ],
    )


def chapter_label(book: Book, chapter: Chapter) -> str:
    """How the ebook's index names a chapter: 'ch. 3', 'app. A', or the title."""
    if chapter.number:
        word = book.words["appendix-short" if chapter.role == "appendix" else "chapter-short"]
        return f"{word}\u00a0{chapter.number}"
    return chapter.title_text
