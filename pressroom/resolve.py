"""Resolve a Book: number chapters, figures and tables; make ids unique; link cross-references
and internal links; name notes. Everything two writers need is computed here once.
"""

from __future__ import annotations

import copy
import re
import string

from lxml import html as lxml_html

from pressroom.book import Book, Chapter, CrossRef, RunningHeads, Target, line_of
from pressroom.citations import resolve_citations
from pressroom.errors import BookError
from pressroom.findings import Diagnostics
from pressroom.ids import github_slug, slugify
from pressroom.index import collect_index
from pressroom.markdown import smart_text
from pressroom.words import load_words

LABEL_KINDS = {"fig": "figure", "tbl": "table", "lst": "listing", "sec": "section", "chap": "chapter"}
NUMERAL_TITLE = re.compile(r"[IVXLCDM]+\.?|\d+\.?")  # a chapter titled only with its number
SENTENCE_END = re.compile(r"(^|[.!?][\"”’)]*\s+)$")  # text a reference starting a sentence follows


def resolve(book: Book, diagnostics: Diagnostics, format_citations: bool = True) -> Book:
    """Every problem (an unknown label or key, a broken link) is reported and resolving goes on.
    ``format_citations=False``: for ``check`` alone, which reads no citation's or bibliography
    entry's text; every key is still checked and every citation placed (citations.py)."""
    book.words = load_words(book.folders, book.meta.lang, book.meta.words)
    try:
        resolve_citations(book, diagnostics, formatted=format_citations)
    except BookError as error:
        diagnostics.problem(error)
    place_bibliography(book)
    collect_index(book, diagnostics)
    number_chapters(book)
    decide_running_heads(book)
    used: set[str] = set()
    for chapter in book.chapters:
        make_ids_unique(chapter, used)
        number_notes(chapter)
    collect_targets(book)
    files, targets = file_targets(book), link_targets(book)
    for chapter in book.chapters:
        for container in [chapter.body, *(note.body for note in chapter.notes)]:
            resolve_crossrefs(book, chapter, container, diagnostics)
            resolve_links(chapter, container, files, targets, diagnostics)
    return book


def place_bibliography(book: Book) -> None:
    """The formatted entries go into a ``::: {#refs}`` div, else the chapter whose role is
    bibliography, else a new Bibliography chapter at the end of the back matter."""
    if not book.references:
        return
    container = next((div for c in book.chapters for div in c.body.iter("div") if div.get("id") == "refs"), None)
    if container is None:
        chapter = next((c for c in book.chapters if c.role == "bibliography"), None) or new_bibliography(book)
        container = lxml_html.Element("div", {"id": "refs"})
        chapter.body.append(container)
    container.set("class", (container.get("class", "") + " references").strip())
    for key, entry in book.references:
        paragraph = lxml_html.fragment_fromstring(f"<p>{entry}</p>")
        paragraph.set("class", "csl-entry")
        paragraph.set("id", f"ref-{key}")
        container.append(paragraph)


def new_bibliography(book: Book) -> Chapter:
    title = lxml_html.Element("h1")
    title.text = book.words["bibliography"]
    chapter = Chapter(
        file=book.meta.source,
        line=book.meta.line_of("bibliography"),
        role="bibliography",
        id="",
        title=title,
        body=lxml_html.Element("div"),
    )
    position = len(book.chapters) - (1 if book.chapters[-1].role == "colophon" else 0)
    book.chapters.insert(position, chapter)
    return chapter


def number_chapters(book: Book) -> None:
    """Chapters 1, 2, … through the whole book (parts do not restart them, as in LaTeX's book
    class); appendices A, B, …; parts I, II, …. A title that is itself a number ("XII", "12")
    or already says "Part One" counts but is not numbered again."""
    counts = {"chapter": 0, "appendix": 0, "part": 0}
    parts = 0  # every part, numbered or not: its EPUB file is part-N
    slugs: set[str] = set()
    part_word = book.words.get("part-label", "Part").lower()
    for chapter in book.chapters:
        title = chapter.title_text
        numbered_by_title = NUMERAL_TITLE.fullmatch(title) or (
            chapter.role == "part" and title.lower().startswith(part_word)
        )
        if chapter.role in counts and not chapter.unnumbered:
            counts[chapter.role] += 1  # a title that says its number counts, and is not numbered again
            chapter.number = "" if numbered_by_title else chapter_number(chapter.role, counts[chapter.role])
        parts += chapter.role == "part"
        slug = f"part-{parts}" if chapter.role == "part" else chapter_slug(chapter)
        while slug in slugs:
            slug += "-2"
        slugs.add(slug)
        chapter.slug = slug
        if not chapter.id:
            chapter.id = slug
            chapter.title.set("id", slug)


def bare_number(book: Book, title: str) -> bool:
    """A title that says only a number: "XII", "12.", "Chapter 12", "Chapter XII" (the book's word)."""
    words = {book.words.get("chapter-label", "Chapter").lower(), book.words["chapter"][0].lower()}
    first, _, rest = title.partition(" ")
    return bool(NUMERAL_TITLE.fullmatch(title) or (first.lower() in words and NUMERAL_TITLE.fullmatch(rest)))


def decide_running_heads(book: Book) -> None:
    """The print edition's running heads, as trade books set them: the recto names the chapter,
    the verso the book. A chapter titled only with its number ("XII") would name nothing, so its
    recto names its part (or, outside parts, the book) and then the versos name the author, as an
    article's do."""
    title = book.meta.short_title or book.meta.title
    rectos = [recto_head(book, chapter) for chapter in book.chapters]
    authors = " and ".join(person.name for person in book.meta.creators)
    # An article's versos name its authors, as journals set them (its rectos its short title).
    verso = authors if authors and (None in rectos or book.meta.layout == "article") else title
    for chapter, recto in zip(book.chapters, rectos, strict=True):
        chapter.running_heads = RunningHeads(verso=verso, recto=recto or title)


def recto_head(book: Book, chapter: Chapter) -> str | None:
    """The chapter's own title, its part's when the chapter's is a bare number; None: the book's."""
    if book.meta.layout == "article":
        return book.meta.short_title or book.meta.title  # one title block heads the whole text
    if chapter.role == "part" or not bare_number(book, chapter.title_text):
        return chapter.title_text
    if chapter.part is not None and not bare_number(book, chapter.part.title_text):
        return chapter.part.title_text
    return None


def chapter_number(role: str, count: int) -> str:
    if role == "appendix":
        return string.ascii_uppercase[(count - 1) % 26]
    return roman(count) if role == "part" else str(count)


def chapter_slug(chapter: Chapter) -> str:
    """The EPUB file name stem: chapter-03, appendix-a, or the title's slug."""
    if chapter.role == "chapter" and chapter.number:
        return f"chapter-{int(chapter.number):02d}"
    if chapter.role == "appendix" and chapter.number:
        return f"appendix-{chapter.number.lower()}"
    slug = slugify(chapter.title_text)[:40].strip("-")
    return slug if slug[:1].isalpha() else f"{chapter.role}-{slug}".strip("-")  # an XML name: "chapter-68"


def roman(number: int) -> str:
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL")]
    values += [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    result = ""
    for value, letters in values:
        while number >= value:
            result, number = result + letters, number - value
    return result


def xml_id(label: str) -> str:
    """Ids valid in XHTML: pandoc-crossref's "fig:gulag" becomes "fig-gulag"."""
    value = re.sub(r"[^\w.-]", "-", label)
    return value if re.match(r"[A-Za-z_]", value) else "id-" + value


def make_ids_unique(chapter: Chapter, used: set[str]) -> None:
    """Every id valid and unique in the whole book; remember each manuscript label's new id."""
    for element in [chapter.title, *chapter.body.iter()]:
        label = element.get("id")
        if not label:
            continue
        new = base = xml_id(label)
        number = 2
        while new in used:
            new, number = f"{base}-{number}", number + 1
        used.add(new)
        chapter.labels.setdefault(label, new)
        element.set("id", new)
    chapter.id = chapter.title.get("id")


def number_notes(chapter: Chapter) -> None:
    """Notes numbered in the order their first references stand (citations may have added notes);
    a note referred to again keeps its number, and its text links back to the first reference."""
    by_key = {note.key: note for note in chapter.notes}
    numbered, seen = [], {}
    for marker in chapter.body.find_class("noteref"):
        note = by_key[marker.get("data-note")]
        seen[note.key] = seen.get(note.key, 0) + 1
        if seen[note.key] == 1:
            numbered.append(note)
            note.number = len(numbered)
            note.id = f"{chapter.slug}-note-{note.number}"
            note.ref_id = f"{chapter.slug}-noteref-{note.number}"
        marker.set("href", f"#{note.id}")
        marker.set("id", note.ref_id if seen[note.key] == 1 else f"{note.ref_id}-{seen[note.key]}")
    chapter.notes = numbered


def collect_targets(book: Book) -> None:
    """Number figures, tables and listings (as figures are) through the book; register every
    label a reference may name."""
    counts = {"fig": 0, "tbl": 0, "lst": 0}
    per_chapter = {
        "fig": book.meta.numbering["figures"] == "chapter",
        "tbl": book.meta.numbering["tables"] == "chapter",
        "lst": book.meta.numbering["figures"] == "chapter",
    }
    for chapter in book.chapters:
        for kind in counts:
            if per_chapter[kind]:
                counts[kind] = 0
        add_target(book, chapter, "chap", chapter.id, chapter.number, chapter)
        for element in chapter.body.iter("h2", "h3", "h4", "h5", "h6"):
            if element.get("id"):
                add_target(book, chapter, "sec", element.get("id"), "", element)
        for element in chapter.body.iter("figure", "table", "div"):
            kind = target_kind(element)
            if kind is None:
                continue
            counts[kind] += 1
            number = f"{chapter.number}.{counts[kind]}" if per_chapter[kind] and chapter.number else str(counts[kind])
            number = element.attrib.pop("data-number", "") or number  # as the author numbered it (mdBook)
            label_caption(book, element, kind, number)
            if not element.get("id"):
                element.set("id", f"{kind}-{number.replace('.', '-')}")
            target = add_target(book, chapter, kind, element.get("id"), number, element)
            {"fig": book.figures, "tbl": book.tables, "lst": book.listings}[kind].append(target)


def target_kind(element) -> str | None:
    """fig, tbl or lst for an element resolve numbers (a listing is markdown/listings.py's div)."""
    if element.tag == "div":
        return "lst" if "listing" in (element.get("class") or "").split() else None
    return "fig" if element.tag == "figure" else "tbl"


def add_target(book: Book, chapter: Chapter, kind: str, element_id: str, number: str, element) -> None:
    label = next((old for old, new in chapter.labels.items() if new == element_id), element_id)
    title = chapter.title_text if element is chapter else caption_text(element)
    target = Target(kind=kind, id=element_id, number=number, chapter=chapter, title=title)
    if kind in ("fig", "tbl", "lst"):
        target.short_title = short_caption(book, element, title)
    book.targets[label] = target
    return target


def caption_text(element) -> str:
    """A figure's or table's caption without its label and credit; a heading's text."""
    caption = element.find(".//span[@class='caption-text']")
    if caption is None and element.tag == "table" and element.find("caption") is not None:
        caption = copy.deepcopy(element.find("caption"))
        for label in caption.find_class("label"):
            label.drop_tree()
    return " ".join((caption if caption is not None else element).text_content().split())


def short_caption(book: Book, element, caption: str) -> str:
    """What the lists give for a caption: ``fig-scap``/``tbl-scap`` as the author wrote it (set as
    the text is), else the caption's first sentence, as LaTeX's lists take its optional argument."""
    given = element.attrib.pop("data-short-caption", "")
    if given:
        return smart_text(given, book.meta.lang)
    return first_sentence(caption, book.words.get("abbreviations", ()))


FULL_STOP = re.compile(r"\.(?=\s|$)")  # a full stop a sentence may end at (first_sentence)


def first_sentence(text: str, abbreviations) -> str:
    """``text`` up to its first full stop that ends a sentence (not one of ``abbreviations``, nor an
    initial such as "J."), without that stop."""
    for stop in FULL_STOP.finditer(text):
        before = text[: stop.end()]
        word = before.rsplit(None, 1)[-1] if before.split() else before
        if len(word) == 2 and word[0].isalpha():  # an initial: "J. Arch Getty"
            continue
        if any(abbreviation_at_end(before, abbreviation) for abbreviation in abbreviations):
            continue
        return text[: stop.start()].rstrip()
    return text


def abbreviation_at_end(text: str, abbreviation: str) -> bool:
    """``text`` ends with ``abbreviation`` as a word of its own (case aside)."""
    if not text.lower().endswith(abbreviation.lower()):
        return False
    start = len(text) - len(abbreviation)
    return start == 0 or not text[start - 1].isalnum()


def label_caption(book: Book, element, kind: str, number: str) -> None:
    caption = element.find({"fig": "figcaption", "tbl": "caption", "lst": "p[@class='listing-caption']"}[kind])
    if caption is None:
        return
    word = book.words[LABEL_KINDS[kind]][0]
    label = lxml_html.Element("span", {"class": "label"})
    label.text = f"{word}\u00a0{number}."
    label.tail = " " + (caption.text or "")
    caption.text = None
    caption.insert(0, label)


def resolve_crossrefs(book: Book, chapter: Chapter, container, diagnostics: Diagnostics) -> None:
    for link in list(container.find_class("xref")):
        crossref = book.crossrefs[link.attrib.pop("data-ref")]
        targets = []
        for item in crossref.items:
            target = book.targets.get(item.key)
            if target is None:
                diagnostics.error(
                    "r-unknown-label", f"unknown cross-reference label '@{item.key}'", chapter.file, line_of(link)
                )
                continue
            targets.append(target)
        if not targets:
            link.tag, link.text = "span", "@" + crossref.items[0].key
            continue
        if by_title(crossref, targets[0]):
            section_references(book, link, targets, capitalize=starts_sentence(link))
            continue
        link.text = reference_text(
            book, targets, suppress=crossref.items[0].suppress_author, capitalize=starts_sentence(link)
        )
        link.set("href", f"#{targets[0].id}")
        if crossref.page:
            # In print "page 47" (target-counter); the ebook has no pages and keeps the text.
            page_word = book.words["page"][0]
            link.set("data-page-text", page_word.capitalize() if starts_sentence(link) else page_word)


def by_title(crossref: CrossRef, target: Target) -> bool:
    """A reference to a section names it by its title (``@sec:x``; a chapter's heading labelled
    ``sec:`` too), unless it asks for the page alone (``[@sec:x, page]``) or the number (``-@``)."""
    item = crossref.items[0]
    section = target.kind == "sec" or (target.kind == "chap" and item.key.startswith("sec:"))
    return section and not crossref.page and not item.suppress_author


def section_references(book: Book, link, targets: list[Target], capitalize: bool) -> None:
    """``@sec:x``: each section by its number (a chapter's: "chapter 4") and its title, in the
    words' templates; in print its page follows (``data-page-after``: render adds the words, the
    layout the number). Several sections: a link each, joined by commas and "and"."""
    links = [link] + [lxml_html.Element("a", {"class": "xref"}) for _ in targets[1:]]
    tail, link.tail = link.tail, None
    for index, (anchor, target) in enumerate(zip(links, targets, strict=True)):
        anchor.set("href", f"#{target.id}")
        section_reference(book, anchor, target, capitalize=capitalize and index == 0)
        anchor.set("data-page-after", book.words["xref-page"].replace("{page}", book.words["page"][0]))
        if index:
            links[index - 1].tail = f" {book.words['and']} " if index == len(links) - 1 else ", "
            links[index - 1].addnext(anchor)
    links[-1].tail = tail


def section_reference(book: Book, anchor, target: Target, capitalize: bool) -> None:
    """A section's number and title as the words' template puts them, the title in its own span
    (print sets it without hyphens). A chapter titled only with its number ("XII") is named by it:
    "chapter XII"."""
    word = book.words["appendix" if target.chapter.role == "appendix" else "chapter"][0]
    word = word[:1].upper() + word[1:] if capitalize else word
    if target.kind == "chap" and bare_number(book, target.title):
        anchor.text = (
            f"{word}\u00a0{target.title.rstrip('.')}" if NUMERAL_TITLE.fullmatch(target.title) else target.title
        )
        return
    if target.kind == "chap" and target.number:
        template = book.words["xref-numbered-section"].replace("{label}", f"{word}\u00a0{target.number}")
    else:
        template = book.words["xref-section"]
    before, _, after = template.partition("{title}")
    title = lxml_html.Element("span", {"class": "xref-title"})
    title.text, title.tail = target.title, after
    anchor.text = before
    anchor.append(title)


def reference_text(book: Book, targets: list[Target], suppress: bool, capitalize: bool) -> str:
    """'Figure 3', 'Figures 2 and 3', 'chapter 4', 'appendix A', or for sections their title."""
    first = targets[0]
    if first.kind == "sec":
        quoted = [book.words["xref-section"].replace("{title}", t.title) for t in targets]
        return f" {book.words['and']} ".join(quoted)
    kind = {"fig": "figure", "tbl": "table", "lst": "listing"}.get(first.kind)
    if kind is None:
        kind = "appendix" if first.chapter.role == "appendix" else "chapter"
    numbers = [t.number or t.title for t in targets]
    joined = numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + f" {book.words['and']} {numbers[-1]}"
    if suppress:
        return joined
    word = book.words[kind][0 if len(numbers) == 1 else 1]
    if not first.number:
        return f"“{first.title}”"
    if capitalize:
        word = word[:1].upper() + word[1:]
    return f"{word}\u00a0{joined}"


def starts_sentence(element) -> bool:
    previous = element.getprevious()
    text = previous.tail if previous is not None else element.getparent().text
    return bool(SENTENCE_END.search(text or ""))


def link_targets(book: Book) -> dict[str, str]:
    """Every way an author may name a place in a link → its id in the output: the labels and ids
    the manuscript gave, and each heading's id in GitHub's and Pandoc's form."""
    targets = {}
    for chapter in book.chapters:
        for element in [chapter.title, *chapter.body.iter("h1", "h2", "h3", "h4", "h5", "h6")]:
            if element.get("id"):
                targets.setdefault(github_slug(element.text_content()), element.get("id"))
    for chapter in book.chapters:
        targets.update(chapter.labels)
    targets.update({label: target.id for label, target in book.targets.items()})
    return targets


def file_targets(book: Book) -> dict[str, str]:
    """A manuscript file by the names a link may give it (``x.md``, and ``x.html`` as mdBook and
    GitHub write it) → the id of its first block."""
    labels = {label: new for chapter in book.chapters for label, new in chapter.labels.items()}
    files = {}
    for source in book.sources:
        start = labels.get(source.start_id, source.start_id)
        for name in (source.path.name, source.path.with_suffix(".html").name):
            files[name] = start
    return files


def resolve_links(
    chapter: Chapter, container, files: dict[str, str], targets: dict[str, str], diagnostics: Diagnostics
) -> None:
    """Links to other manuscript files or to labels become '#id'; a broken one is an error."""
    for link in container.iter("a"):
        href = link.get("href", "")
        if not href or "xref" in link.get("class", "") or "noteref" in link.get("class", ""):
            continue
        if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
            continue  # an external link stays as written; it is never fetched
        path, _, fragment = href.partition("#")
        path = path.removeprefix("./")
        if path and path not in files:
            diagnostics.error(
                "r-broken-link", f"link to a file that is not in the book: {href}", chapter.file, line_of(link)
            )
            continue
        if not fragment:
            link.set("href", f"#{files[path]}" if path else f"#{chapter.id}")
            continue
        if fragment not in targets:
            diagnostics.error("r-broken-link", f"link to an unknown id: {href}", chapter.file, line_of(link))
            continue
        link.set("href", f"#{targets[fragment]}")
