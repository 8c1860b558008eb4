"""Print profiles: what each printer requires of the interior and cover PDF, as plain data.

A profile is chosen in book.yaml (``print: {profile: kdp}``); everything the print writer and
the cover need to satisfy that printer is here: the inside-margin (gutter) rule by page count, the
minimum outside margins, bleed and crop marks, whether links may stay, how the page count is
padded at the end, paper thickness for the spine and when the spine may carry text.

The look (type sizes, running heads, the margins a book is designed with) stays in
the theme's ``print.css``; this module only says what a printer demands, and the print template hands
it to CSS as custom values (``--gutter``, ``--safe-margin``).

Sources: KDP's paperback submission guidelines (gutter table, 0.25/0.375 in outside margins, bleed
0.125 in on the top, bottom and outer edge, spine text over 79 pages, 0.002252/0.0025 in per page,
barcode area 2 x 1.2 in); IngramSpark's file creation guide (0.5 in margins on every side, even
page count with a blank last page, no printer marks); common offset-printer practice (3 mm ~
0.125 in bleed on every side, crop marks outside it, 16-page signatures).

Page-count limits (``page_limits``): KDP's help page "Print Options" (its page-count table by ink,
paper and trim: black ink on white paper 24–828 pages, on cream 24–776, with lower maxima at
8.25 × 6, 8.25 × 8.25, 8.5 × 8.5, 8.5 × 11 and 8.27 × 11.69 in; standard colour 72–600, premium colour
24–828; hardcover 75–550 — Pressroom's profiles are black-ink paperbacks, so only those rows are
here); IngramSpark's "Book Specifications" page and file creation guide (18 pages at least,
1,200 at most for black-and-white paperbacks, white or creme; its cover calculator gives the
exact maximum by trim and stock).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pressroom.findings import BuildFailed, Finding

if TYPE_CHECKING:
    from pressroom.book import Book

BLEED = 0.125  # inches beyond the trim on the bleeding sides
SPINE_CLEARANCE = 0.0625  # inches kept free on each side of the spine's folds


@dataclass(frozen=True)
class Profile:
    name: str
    label: str
    # Minimum inside margin (gutter) by final page count: (up to this many pages, inches); the
    # last row (None) covers every longer book.
    gutters: tuple[tuple[int | None, float], ...]
    safe_margin: float  # minimum outside/top/bottom margin without bleed, inches
    safe_margin_bleed: float  # the same when the page bleeds
    bleed_sides: str = "outer"  # "outer": top, bottom and outer edge; "all": every side
    marks: bool = False  # crop marks (in a slug outside the bleed)
    slug: float = 0.0  # room for the marks beyond the bleed, inches
    links: bool = True  # link annotations allowed in the PDF
    page_multiple: int = 2  # the page count is padded to a multiple of this
    blank_last_page: bool = False  # the last page must be blank (the printer's own mark goes there)
    paper: dict[str, float] = field(default_factory=dict)  # inches per page by paper
    spine_text_over: int = 79  # the spine carries text only with more pages than this
    barcode: tuple[float, float] = (2.0, 1.2)  # the clear area on the back cover, inches
    barcode_inset: float = 0.25  # from the spine side and the foot of the back cover
    min_pages: int = 24  # the fewest pages the printer binds (KDP paperbacks: 24)
    page_limits: tuple[PageLimit, ...] = ()  # the most pages it binds, by paper and trim (none: no limit)


@dataclass(frozen=True)
class PageLimit:
    """The most pages a printer binds on one paper: at the listed trims only, or (no trims) at any
    other; a profile lists the trims' exceptions before the row for every other trim."""

    paper: str
    most: int
    trims: tuple[tuple[float, float], ...] = ()  # (width, height) in inches


KDP_GUTTERS = ((150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75), (None, 0.875))
# KDP "Print Options", black ink: (trims, most on white, most on cream); the last row every other trim.
KDP_LIMITS = (
    (((8.25, 6.0), (8.25, 8.25)), 800, 750),
    (((8.5, 8.5), (8.5, 11.0)), 590, 550),
    (((8.27, 11.69),), 780, 730),
    ((), 828, 776),
)
KDP_PAGE_LIMITS = tuple(
    PageLimit(paper, most, trims)
    for trims, white, cream in KDP_LIMITS
    for paper, most in (("white", white), ("cream", cream))
)
INGRAMSPARK_PAGE_LIMITS = (PageLimit("white", 1200), PageLimit("cream", 1200))
PAPER = {"white": 0.002252, "cream": 0.0025}

PROFILES = {
    "kdp": Profile(
        name="kdp",
        label="Amazon KDP paperback",
        gutters=KDP_GUTTERS,
        safe_margin=0.25,
        safe_margin_bleed=0.375,
        links=False,
        paper=PAPER,
        spine_text_over=79,
        page_limits=KDP_PAGE_LIMITS,
    ),
    "ingramspark": Profile(
        name="ingramspark",
        label="IngramSpark paperback",
        gutters=((300, 0.5), (500, 0.625), (700, 0.75), (None, 0.875)),
        safe_margin=0.5,
        safe_margin_bleed=0.5,
        links=False,
        blank_last_page=True,
        paper={"white": 0.002252, "cream": 0.0025},
        spine_text_over=47,
        barcode=(1.75, 1.0),
        min_pages=18,
        page_limits=INGRAMSPARK_PAGE_LIMITS,
    ),
    "offset": Profile(
        name="offset",
        label="offset printer (print shop)",
        gutters=KDP_GUTTERS,
        safe_margin=0.375,
        safe_margin_bleed=0.375,
        bleed_sides="all",
        marks=True,
        slug=0.25,
        links=False,
        page_multiple=16,
        paper={"white": 0.0025, "cream": 0.0028},
        spine_text_over=63,
        min_pages=16,
    ),
    # A proof for reading on screen: links kept, no marks, no padding beyond an even count.
    "proof": Profile(
        name="proof",
        label="screen proof",
        gutters=KDP_GUTTERS,
        safe_margin=0.25,
        safe_margin_bleed=0.375,
        links=True,
        paper=PAPER,
        min_pages=0,
    ),
}
DEFAULT_PROFILE = "kdp"
DEFAULT_MAX_PAGES = 3000  # print.max-pages: more than any printer binds (KDP: 828), far less than a runaway layout
PDF_STANDARDS = {"ua": "pdf/ua-1", "a-2b": "pdf/a-2b", "a-3b": "pdf/a-3b", "none": None}


def gutter(profile: Profile, pages: int) -> float:
    """The platform's minimum inside margin for a book of this many pages, in inches."""
    for most, inches in profile.gutters:
        if most is None or pages <= most:
            return inches
    raise AssertionError("the gutter table ends with a row for every longer book")


def most_pages(profile: Profile, inches: float) -> int | None:
    """The most pages a book may have with this gutter (None: any number)."""
    fitting = [most for most, gutter in profile.gutters if gutter <= inches]
    return None if not fitting or None in fitting else max(fitting)


def most_printed(profile: Profile, trim: tuple[float, float], paper: str) -> int | None:
    """The most pages ``profile``'s printer binds at this trim on this paper (None: no limit)."""
    for limit in profile.page_limits:
        if limit.paper == paper and (not limit.trims or any(same_trim(trim, other) for other in limit.trims)):
            return limit.most
    return None


def same_trim(trim: tuple[float, float], other: tuple[float, float]) -> bool:
    """Trims equal to the hundredth of an inch the printers' tables give (A4 is 8.27 × 11.69 in)."""
    return all(abs(a - b) < 0.006 for a, b in zip(trim, other, strict=True))


def padded_pages(profile: Profile, pages: int, last_page_blank: bool) -> int:
    """The final page count: a multiple of the profile's page multiple, a blank last page if wanted."""
    total = pages
    if profile.blank_last_page and not last_page_blank:
        total += 1
    multiple = profile.page_multiple
    return -(-total // multiple) * multiple


def spine_width(profile: Profile, paper: str, pages: int) -> float:
    """Spine width in inches: page count times paper thickness."""
    return pages * profile.paper[paper]


def spine_text_allowed(profile: Profile, pages: int) -> bool:
    return pages > profile.spine_text_over


@dataclass(frozen=True)
class Geometry:
    """The page geometry one layout pass uses, in inches (CSS gets it as custom values)."""

    trim: tuple[float, float]
    gutter: float  # the platform's minimum inside margin for the page count
    safe_margin: float  # minimum outside, top and bottom margin
    bleed_outer: float  # bleed on the outer edge
    bleed_inner: float  # bleed on the spine edge
    bleed_edge: float  # bleed at the top and the foot
    marks: bool
    slug: float  # extra room outside the bleed for the marks

    def css(self) -> str:
        """The generated @page block: size, custom values for print.css, bleed and marks."""
        w, h = self.trim
        outer, inner, edge = (self.bleed_outer + self.slug, self.bleed_inner + self.slug, self.bleed_edge + self.slug)
        marks = "crop" if self.marks else "none"
        return (
            f"@page {{ size: {w:.4f}in {h:.4f}in; marks: {marks}; "
            f"--gutter: {self.gutter:.4f}in; --safe-margin: {self.safe_margin:.4f}in; "
            f"bleed-top: {edge:.4f}in; bleed-bottom: {edge:.4f}in; }}\n"
            f"@page :left {{ bleed-left: {outer:.4f}in; bleed-right: {inner:.4f}in; }}\n"
            f"@page :right {{ bleed-left: {inner:.4f}in; bleed-right: {outer:.4f}in; }}"
        )


def geometry(profile: Profile, trim: tuple[float, float], bleed: bool, pages: int) -> Geometry:
    """The geometry for a book of ``pages`` pages printed by ``profile``."""
    side = BLEED if bleed else 0.0
    inner = side if profile.bleed_sides == "all" else 0.0
    return Geometry(
        trim=trim,
        gutter=gutter(profile, pages),
        safe_margin=profile.safe_margin_bleed if bleed else profile.safe_margin,
        bleed_outer=side,
        bleed_inner=inner,
        bleed_edge=side,
        marks=profile.marks,
        slug=profile.slug,
    )


@dataclass(frozen=True)
class CoverGeometry:
    """The full-wrap cover (back, spine, front) in inches; the bleed runs round all four edges."""

    trim: tuple[float, float]  # one panel
    spine: float
    bleed: float
    slug: float  # room for crop marks beyond the bleed
    marks: bool
    spine_text: bool
    barcode: tuple[float, float]
    barcode_inset: float

    @property
    def width(self) -> float:
        """The flat cover with its bleed: back + spine + front + bleed on both sides."""
        return 2 * self.trim[0] + self.spine + 2 * self.bleed

    @property
    def height(self) -> float:
        return self.trim[1] + 2 * self.bleed

    def css(self) -> str:
        w, h = self.trim
        outside = self.bleed + self.slug
        return (
            f"@page {{ size: {2 * w + self.spine:.4f}in {h:.4f}in; margin: 0; "
            f"bleed: {outside:.4f}in; marks: {'crop' if self.marks else 'none'}; }}\n"
            f"html {{ --panel-width: {w:.4f}in; --panel-height: {h:.4f}in; --spine-width: {self.spine:.4f}in; "
            f"--bleed: {self.bleed:.4f}in; --u: {w / 100:.5f}in; --spine-clearance: {SPINE_CLEARANCE}in; "
            f"--barcode-width: {self.barcode[0]}in; --barcode-height: {self.barcode[1]}in; "
            f"--barcode-inset: {self.barcode_inset}in; }}"
        )


def cover_geometry(profile: Profile, trim: tuple[float, float], paper: str, pages: int) -> CoverGeometry:
    return CoverGeometry(
        trim=trim,
        spine=spine_width(profile, paper, pages),
        bleed=BLEED,
        slug=profile.slug,
        marks=profile.marks,
        spine_text=spine_text_allowed(profile, pages),
        barcode=profile.barcode,
        barcode_inset=profile.barcode_inset,
    )


def check_page_limit(book: Book, pages: int) -> None:
    """Stop the build when a layout pass has more pages than ``print.max-pages`` allows (a runaway
    document: a table or a paragraph that fills page after page), before another pass is laid out:
    BuildFailed with one ``l-too-many-pages`` error at the setting's line (or ``print:``, or the
    first line of the metadata), naming the setting to raise.

    To be called by the print layout after each pass (``layout.print_layout``)."""
    limit = book.meta.max_pages
    if pages <= limit:
        return
    line = book.meta.lines.get("print.max-pages") or book.meta.line_of("print")
    message = (
        f"the print layout has {pages} pages, more than print max-pages allows ({limit}): "
        "shorten the book or raise max-pages"
    )
    raise BuildFailed([Finding(book.meta.source, line, 1, "l-too-many-pages", message)])
