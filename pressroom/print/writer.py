"""The print writer: ``write_pdf(book, context)`` → ``<out>/<slug>.pdf``, the interior as the print
profile wants it.

The layout is ``layout.laid_out``'s (one per build, shared with the cover, the layout checks and
the proof); this module finishes it: link annotations dropped for print-on-demand profiles, the
page count padded, each page's BleedBox at the real bleed, and the PDF standard (PDF/UA-1, or
PDF/A-2b/-3b, tagged). What the printer would reject or regret — more or fewer pages than the printer binds,
rasters below 300 dpi — is reported through ``context.diagnostics``.
"""

from __future__ import annotations

from pathlib import Path

import pydyf

from pressroom.book import Book
from pressroom.context import BuildContext
from pressroom.output import write_atomically
from pressroom.print import profiles
from pressroom.print.checks import low_resolution, page_count
from pressroom.print.layout import PrintLayout, is_blank, laid_out
from pressroom.print.pages import walk

PT_PER_INCH = 72  # PDF user space units


def _page_references(pdf) -> tuple[bytes, ...]:
    """pydyf's ``PDF.page_references``, built once per page count. pydyf (0.13) builds the tuple
    of every page's reference each time it is read, and WeasyPrint's PDF/UA tags read it for each
    element they tag: quadratic in pages, about 20 of the 25 seconds a 600-page book takes to write."""
    kids = pdf.pages["Kids"]
    known = pdf.__dict__.get("_pressroom_page_references")
    if known is None or known[0] != len(kids):
        known = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["_pressroom_page_references"] = known
    return known[1]


pydyf.PDF.page_references = property(_page_references)

PDF_OPTIONS = {
    "ua": {"pdf_variant": "pdf/ua-1"},
    "a-2b": {"pdf_variant": "pdf/a-2b", "pdf_tags": True},
    "a-3b": {"pdf_variant": "pdf/a-3b", "pdf_tags": True},
    "none": {},
}


def pdf_bytes(book: Book, result: PrintLayout) -> bytes:
    """The interior PDF as the profile wants it: links, padding, boxes and PDF standard."""
    document = result.document
    if not result.profile.links:  # no link annotations (bookmarks and the contents' pages stay)
        for page in document.pages:
            page.links = []
    extra = result.pages - len(document.pages)
    blank = next((index for index, page in enumerate(document.pages) if is_blank(page)), None)
    return document.write_pdf(finisher=Finisher(result.geometry, extra, blank), **PDF_OPTIONS[book.meta.pdf_standard])


class Finisher:
    """Post-layout work on WeasyPrint's PDF objects, before they are written.

    Sets each page's BleedBox to the real bleed (WeasyPrint puts it up to 10 pt out, which with
    crop marks is the slug) and appends the blank pages the profile's page count asks for: they
    share the content of a blank page of the book (its crop marks, if any), or have none."""

    def __init__(self, geometry: profiles.Geometry, extra_pages: int, blank_page: int | None = None):
        self.geometry, self.extra_pages, self.blank_page = geometry, extra_pages, blank_page

    def __call__(self, document, pdf) -> None:
        # pydyf lists each kid as a reference "N 0 R" in three items: the object number is every third.
        pages = [pdf.objects[number] for number in pdf.pages["Kids"][::3]]
        for index, page in enumerate(pages):
            page["BleedBox"] = self.bleed_box(index, page["TrimBox"])
        content = None
        for index in range(len(pages), len(pages) + self.extra_pages):
            like = pages[-1] if (len(pages) - 1 - index) % 2 == 0 or len(pages) < 2 else pages[-2]  # same side
            if self.blank_page is not None and pages[self.blank_page]["MediaBox"] == like["MediaBox"]:
                contents = pages[self.blank_page]["Contents"]
            else:
                if content is None:
                    content = pydyf.Stream([], compress=True)
                    pdf.add_object(content)
                contents = content.reference
            blank = pydyf.Dictionary(
                {
                    "Type": "/Page",
                    "Parent": pdf.pages.reference,
                    "Contents": contents,
                    "Resources": like["Resources"],
                    "MediaBox": like["MediaBox"],
                    "TrimBox": like["TrimBox"],
                    "BleedBox": like["BleedBox"],
                }
            )
            if "Tabs" in like:
                blank["Tabs"] = like["Tabs"]
            pdf.add_page(blank)

    def bleed_box(self, index: int, trim) -> pydyf.Array:
        """The trim box grown by the bleed: top, foot and outer edge (and spine edge if all sides);
        index 0 is a recto, its outer edge on the right."""
        g = self.geometry
        outer, inner, edge = (PT_PER_INCH * value for value in (g.bleed_outer, g.bleed_inner, g.bleed_edge))
        left, right = (inner, outer) if index % 2 == 0 else (outer, inner)
        x1, y1, x2, y2 = trim
        return pydyf.Array([x1 - left, y1 - edge, x2 + right, y2 + edge])


def write_pdf(book: Book, context: BuildContext) -> Path:
    """``<out>/<slug>.pdf`` from this build's layout; warnings go to ``context.diagnostics``."""
    result = laid_out(book, context)
    for finding in page_count(book.meta, result.pages):  # more or fewer pages than the printer binds
        context.diagnostics.report(finding)
    for finding in low_resolution(walk(book, result.document)):  # rasters below 300 dpi
        context.diagnostics.report(finding)
    target = Path(context.out_dir) / f"{book.slug}.pdf"
    write_atomically({target: pdf_bytes(book, result)})
    return target
