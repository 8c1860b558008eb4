"""The print cover: one full-wrap spread (back, spine, front) as a PDF, ``<slug>-cover.pdf``.

Its size comes from the trim, the bleed, the final page count of the interior and the paper
(spine width = pages x paper thickness, ``profiles``); the spine carries the title
and author only where the printer allows it (KDP: more than 79 pages); the back cover sets the
``back-cover`` text from book.yaml and leaves the barcode area clear. The design is the EPUB
cover's (images/src/cover.py): the book's face on a near-black field, a head rule, the title flush
left, the subtitle in italic, the author in spaced capitals at the foot. It is HTML and CSS
(the theme's ``templates/cover/cover.html`` and ``cover.css``) laid out by WeasyPrint; an optional
``images/cover-motif.svg`` beside the manuscript stands in the lower half of the front.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from markupsafe import Markup
from PIL import ImageFont
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from pressroom.book import Book
from pressroom.context import BuildContext
from pressroom.output import write_atomically
from pressroom.print import profiles
from pressroom.print.layout import BookFetcher, laid_out
from pressroom.print.writer import Finisher
from pressroom.templating import environment

STYLESHEETS = ("fonts.css", "cover.css")
TITLE_SIZES = (9.4, 6.0)  # title sizes in hundredths of the panel width (the EPUB cover's 150-96 px)
TITLE_MEASURE = 78.75  # the measure, in hundredths of the panel width (1600 px less two 170 px margins)
MAX_TITLE_LINES = 4  # as the EPUB cover: more lines would crowd the motif below
MEASURE_FONT_SIZE = 400  # the size the title font is loaded at to measure it (widths scale with size)
# The line-breaking costs (best_break), relative to each other: a loose line costs up to
# LOOSENESS (the square of its share of the measure left empty); a line ending on a weak word
# costs WEAK_ENDING, more than any looseness, so it is taken only when nothing else fits; a break
# after a comma earns COMMA_BREAK, after a colon COLON_BREAK; a last line under SHORT_LAST of the
# measure costs SHORT_LAST_COST.
LOOSENESS = 100.0
WEAK_ENDING = 10000.0
COMMA_BREAK = 15.0
COLON_BREAK = 40.0
SHORT_LAST, SHORT_LAST_COST = 0.3, 10.0
GOOD_BREAK = 5000.0  # a setting that costs less has no weak ending (below WEAK_ENDING)


def cover_html(book: Book, geometry: profiles.CoverGeometry, timestamp: dt.datetime) -> str:
    meta = book.meta
    title = meta.title  # set as the text is (manuscript.typeset_metadata): “quotes”, Stalin’s
    size, lines = title_setting(book, title)
    motif = book.folders.manuscript_dir.parent / "images" / "cover-motif.svg"
    page_css = f"{geometry.css()}\nhtml {{ --title-size: calc({size} * var(--u)); }}"
    return (
        environment(book)
        .get_template("cover/cover.html")
        .render(
            page_css=Markup(page_css),
            geometry=geometry,
            back_cover=Markup(book.back_cover),
            title=title,
            title_lines=lines,
            subtitle=meta.subtitle,
            spine_title=meta.short_title,
            authors=f" {book.words['and']} ".join(p.name for p in meta.creators) or meta.publisher,
            motif=motif.as_uri() if motif.is_file() and book.folders.is_allowed(motif) else "",
            timestamp=timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
    )


def title_setting(book: Book, title: str) -> tuple[float, list[str]]:
    """The title's size (hundredths of the panel width) and lines, as the EPUB cover sets them:
    the largest size at which the title breaks into at most four good lines (even lengths, no
    line ending on a short word of the language's ``no-break-after``, a break after a comma or a
    colon welcome)."""
    face = ImageFont.truetype(str(book.folders.theme_file("fonts/GentiumBookPlus-Regular.ttf")), MEASURE_FONT_SIZE)
    words = title.split()
    weak = {word.lower() for word in book.words.get("no-break-after", ())}
    fallback = None
    for tenth in range(round(TITLE_SIZES[0] * 10), round(TITLE_SIZES[1] * 10) - 1, -1):  # in steps of 0.1
        size = tenth / 10
        found = best_break(
            words, lambda text: face.getlength(text) * size / MEASURE_FONT_SIZE, TITLE_MEASURE, MAX_TITLE_LINES, weak
        )
        if found and found[0] < GOOD_BREAK:
            return size, found[1]
        if found and fallback is None:
            fallback = (size, found[1])
    return fallback or (TITLE_SIZES[1], [title])


def best_break(words: list[str], width, measure: float, max_lines: int, weak: set[str]):
    """Line breaks by dynamic programming over word boundaries: (cost, lines) or None."""
    best = {(0, 0): (0.0, [])}  # (words used, lines) → (cost, break positions)
    for count in range(1, max_lines + 1):
        for (used, lines), (cost, breaks) in list(best.items()):
            if lines != count - 1:
                continue
            for end in range(used + 1, len(words) + 1):
                length = width(" ".join(words[used:end]))
                if length > measure:
                    break
                total = cost
                if end < len(words):
                    total += LOOSENESS * ((measure - length) / measure) ** 2
                    total += WEAK_ENDING if words[end - 1].lower() in weak else 0.0
                    total -= COMMA_BREAK if words[end - 1].endswith(",") else 0.0
                    total -= COLON_BREAK if words[end - 1].endswith(":") else 0.0
                elif length < SHORT_LAST * measure:
                    total += SHORT_LAST_COST
                if (end, count) not in best or total < best[(end, count)][0]:
                    best[(end, count)] = (total, breaks + [end])
    finals = [value for (used, lines), value in best.items() if used == len(words) and lines > 0]
    if not finals:
        return None
    cost, breaks = min(finals)
    starts = [0, *breaks[:-1]]
    return cost, [" ".join(words[a:b]) for a, b in zip(starts, breaks)]


def cover_geometry(book: Book, pages: int) -> profiles.CoverGeometry:
    profile = profiles.PROFILES[book.meta.print_profile]
    return profiles.cover_geometry(profile, book.meta.trim, book.meta.paper, pages)


def cover_pdf(book: Book, pages: int, timestamp: dt.datetime) -> bytes:
    """The cover for an interior of ``pages`` pages (the final count, padding included)."""
    geometry = cover_geometry(book, pages)
    fonts = FontConfiguration()
    fetch = BookFetcher(book)
    stylesheets = [
        CSS(filename=str(book.folders.theme_file(name)), font_config=fonts, url_fetcher=fetch) for name in STYLESHEETS
    ]
    base = book.folders.theme_file("cover.css").parent
    document = HTML(string=cover_html(book, geometry, timestamp), base_url=str(base) + "/", url_fetcher=fetch).render(
        stylesheets=stylesheets, font_config=fonts
    )
    # The BleedBox at the real bleed (all sides), not at the crop marks' slug.
    box = profiles.Geometry(
        trim=(2 * geometry.trim[0] + geometry.spine, geometry.trim[1]),
        gutter=0,
        safe_margin=0,
        bleed_outer=geometry.bleed,
        bleed_inner=geometry.bleed,
        bleed_edge=geometry.bleed,
        marks=geometry.marks,
        slug=geometry.slug,
    )
    return document.write_pdf(finisher=Finisher(box, 0))


def write_cover(book: Book, context: BuildContext) -> Path:
    """``<out>/<slug>-cover.pdf``, sized for the interior as this build lays it out."""
    pages = laid_out(book, context).pages
    target = Path(context.out_dir) / f"{book.slug}-cover.pdf"
    write_atomically({target: cover_pdf(book, pages, context.timestamp)})
    return target
