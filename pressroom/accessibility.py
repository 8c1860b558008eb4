"""What the EPUB may say about its accessibility: a record of what the book really has.

The EPUB Accessibility 1.1 metadata (templates/epub/accessibility.txt) is written from this record,
never from what a book usually has: a visual access mode only when the text shows images,
``alternativeText`` only when every image has a text alternative, ``MathML`` when there is math,
``index`` when there is an index, the print page numbers only with a page list. The conformance
claim (``dcterms:conformsTo``) is made only when Pressroom's own checks pass: every image has
alternative text, the headings of each page go down one level at a time and none is empty, and
book.yaml names the language. DAISY Ace checks the rest of WCAG that a build can check (tests/
test_accessibility.py); the pages are Pressroom's templates. Certification (``a11y:certifiedBy``)
is claimed only when book.yaml names a certifier (``accessibility: {certified-by: …}``).

The OPF's ``package`` element gets the book's language too (``xml:lang``), which ebooklib leaves out
and Ace requires (its rule epub-lang): ``PackageWriter``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ebooklib import epub

from pressroom.book import Book, Chapter
from pressroom.math import has_math

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
DECORATIVE_ROLES = {"presentation", "none"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Accessibility:
    """What a book has that its accessibility metadata speaks of. ``images`` counts the images of the
    text (``<img>``, inline ``<svg>``); the cover is not one of them: its alternative text is the
    book's title and authors, which the title page gives as text."""

    images: int = 0
    images_without_alt: int = 0  # neither a text alternative nor marked as decoration
    mathml: bool = False
    index: bool = False
    notes: bool = False
    page_list: bool = False  # the nav's page-list of the print edition's page numbers
    heading_skips: tuple[str, ...] = ()  # where a heading skips a level: "chapter-03.xhtml: h4 after h2"
    empty_headings: tuple[str, ...] = ()  # pages with a heading that has no text
    language: bool = False  # book.yaml names the language (lang); the default "en" is a guess
    certified_by: str = ""
    certifier_credential: str = ""

    @property
    def all_images_described(self) -> bool:
        return self.images_without_alt == 0

    @property
    def access_modes(self) -> list[str]:
        return ["textual", "visual"] if self.images else ["textual"]

    @property
    def access_mode_sufficient(self) -> str:
        """Text alone is enough when every image has a text alternative; else sight is needed too."""
        return "textual" if self.all_images_described else "textual,visual"

    @property
    def features(self) -> list[str]:
        """schema:accessibilityFeature values, one per feature the EPUB really has."""
        features = ["tableOfContents", "structuralNavigation", "readingOrder", "displayTransformability"]
        if self.images and self.all_images_described:
            features.append("alternativeText")
        if self.mathml:
            features.append("MathML")
        if self.index:
            features.append("index")
        if self.page_list:
            features += ["printPageNumbers", "pageNavigation"]
        return features

    @property
    def headings_in_order(self) -> bool:
        return not self.heading_skips and not self.empty_headings

    @property
    def conforms(self) -> bool:
        """Whether the EPUB may claim EPUB Accessibility 1.1 at WCAG 2.2 AA: our own checks pass."""
        return self.all_images_described and self.headings_in_order and self.language


def accessibility(book: Book, page_list: bool = False) -> Accessibility:
    """The record of ``book`` as its EPUB gives it (``page_list``: the nav has one)."""
    images = described = 0
    skips: list[str] = []
    empty: list[str] = []
    roots = []
    for chapter in book.chapters:
        chapter_roots = [chapter.title, chapter.body, *(note.body for note in chapter.notes)]
        roots += chapter_roots
        for root in chapter_roots:
            for element in root.iter():
                if element.tag in ("img", "svg"):
                    images += 1
                    described += has_alternative(element)
        page = f"{chapter.slug or chapter.id}.xhtml"
        skips += [f"{page}: {skip}" for skip in heading_skips(chapter)]
        if any(not heading_text(heading) for heading in page_headings(chapter)):
            empty.append(page)
    meta = book.meta
    return Accessibility(
        images=images,
        images_without_alt=images - described,
        mathml=has_math(*roots),
        index=any(chapter.role == "index" for chapter in book.chapters),
        notes=any(chapter.notes for chapter in book.chapters),
        page_list=page_list,
        heading_skips=tuple(skips),
        empty_headings=tuple(empty),
        language=bool(meta.lang) and "lang" in meta.lines,
        certified_by=meta.certified_by,
        certifier_credential=meta.certifier_credential,
    )


def has_alternative(element) -> bool:
    """An image with a text alternative, or one marked as decoration (``role="presentation"``,
    ``aria-hidden``, or a figure given ``alt=""`` on purpose). A figure without ``alt`` carries
    ``data-alt-missing`` (markdown.figures); an image in a line of text with empty brackets
    (``![](x.png)``) has none either. An inline SVG is described by its ``<title>`` or an ARIA label."""
    if element.get("role") in DECORATIVE_ROLES or element.get("aria-hidden") == "true":
        return True
    if element.get("aria-label", "").strip() or element.get("aria-labelledby", "").strip():
        return True
    if element.tag == "svg":
        title = element.find("title")
        return title is not None and bool(title.text_content().strip())
    if element.get("data-alt-missing"):
        return False
    alt = element.get("alt")
    if alt is None:
        return False
    parent = element.getparent()
    return bool(alt.strip()) or (parent is not None and parent.tag == "figure")


def page_headings(chapter: Chapter) -> list:
    """The headings of a chapter's page in reading order: its title (the page's h1), then the
    text's (notes, set as asides after the text, have none of the page's outline)."""
    return [chapter.title] + [element for element in chapter.body.iter() if element.tag in HEADINGS]


def heading_skips(chapter: Chapter) -> list[str]:
    skips = []
    previous = 1
    for heading in page_headings(chapter)[1:]:
        level = HEADINGS[heading.tag]
        if level > previous + 1:
            skips.append(f"h{level} after h{previous}")
        previous = level
    return skips


def heading_text(heading) -> str:
    """What a screen reader announces for a heading: its text, or its images' alternative text."""
    alts = [image.get("alt", "") for image in heading.iter("img")]
    return " ".join([heading.text_content(), *alts]).strip()


class PackageWriter(epub.EpubWriter):
    """ebooklib's writer, with the package element in the book's language (xml:lang): the OPF's
    own text (title, description, rights, the accessibility summary) is in it."""

    def _write_opf_file(self, root):
        root.set(XML_LANG, self.book.language)
        super()._write_opf_file(root)
