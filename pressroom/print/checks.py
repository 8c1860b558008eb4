"""Layout checks: what the laid-out pages show that the manuscript cannot.

``check_layout(book, context)`` walks the pages and boxes of the build's print layout
(``layout.laid_out``; ``check_document(book, document)`` those of any laid-out document) and reports, with the page
(physical index + 1, the printed folio in the message) and the manuscript's file:line:

======================  ========  ===========================================================
code                    severity  what
======================  ========  ===========================================================
``l-overflow``          error     a line (or image) runs past the text block
``l-orphan``            warning   a paragraph's first line alone at the foot of a page
``l-widow``             warning   a paragraph's last line alone at the head of a page
``l-short-last-page``   warning   a chapter ends with a page of one or two lines
``l-low-resolution``    warning   a raster image printed below 300 dpi at its placed size
``l-figure-far``        warning   a figure more than a page away from its first reference
``l-missing-text``      error     text in the print HTML that the laid-out pages lack
``l-footnote-away``     warning   a footnote set on a later page than its reference
``l-short-page``        warning   a page inside a chapter less than 85 % full (not before a figure)
``l-loose-line``        warning   a justified line with word spaces over twice the normal
``l-hyphen-ladder``     warning   a third hyphenated line end in a row
``l-hyphen-end``        warning   a paragraph's last word hyphenated (its last line a fragment)
``l-hyphen-page-turn``  warning   a word hyphenated across a page turn
======================  ========  ===========================================================

Where a box came from is ``pages.walk``'s work (shared with the layout passes and the proof).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

from weasyprint.images import RasterImage

from pressroom.book import Book
from pressroom.context import BuildContext
from pressroom.findings import Finding
from pressroom.metadata import Metadata
from pressroom.print import profiles
from pressroom.print.layout import laid_out
from pressroom.print.pages import Block, Layout, notes_away, short_endings, walk
from pressroom.print.texture import short_pages, texture_faults

MIN_DPI = 300  # the resolution printers ask of raster images at their placed size
MIN_LINES = 2  # a paragraph keeps at least this many lines on either side of a page break
CSS_PX_PER_INCH = 96  # WeasyPrint's box sizes are CSS px
PT_PER_CSS_PX = 0.75  # 72 pt per inch over 96 px per inch
FIGURE_REACH = 1  # pages a figure may stand from its first reference (the facing page is fine)
EXCERPT = 60  # characters of missing text quoted in a message
LINE_CONTEXT = 80  # characters of an overflowing line kept as the finding's context
CONTEXT = 200  # characters of a block kept as the finding's context


def check_layout(book: Book, context: BuildContext) -> list[Finding]:
    """Everything the checks find in the book's final print layout (this build's, laid out now if
    the build has none yet)."""
    return check_document(book, laid_out(book, context).document)


def check_document(book: Book, document) -> list[Finding]:
    """Everything the checks find on one laid-out document (a final layout, or a single pass)."""
    layout = walk(book, document)
    findings = [
        *overflow(layout),
        *widows_and_orphans(layout),
        *short_last_pages(layout),
        *low_resolution(layout),
        *figures_far(layout),
        *missing_text(layout),
        *footnotes_away(layout),
        *short_pages_found(layout),
        *texture(layout),
    ]
    return sorted(findings, key=lambda f: (f.page or 0, str(f.file), f.line, f.code))


# The checks ----------------------------------------------------------------------------------


def _finding(
    layout: Layout, block, code: str, message: str, page: int, severity: str = "warning", context: str = ""
) -> Finding:
    file, line = layout.where(block)
    return Finding(file, line, 1, code, f"{message} ({layout.page_name(page)})", severity, page + 1, context)


def overflow(layout: Layout) -> list[Finding]:
    return [
        _finding(
            layout,
            block,
            "l-overflow",
            f"{'an image' if what == 'an image' else 'a line'} runs "
            f"{excess * PT_PER_CSS_PX:.1f} pt past the text block",
            page,
            "error",
            "" if what == "an image" else what[:LINE_CONTEXT],
        )
        for page, excess, what, block in layout.overflows
    ]


def _paragraph_parts(layout: Layout) -> list[tuple[object, Block | None, list[list]]]:
    """In-flow paragraphs as lists of [page, line count], in order."""
    parts: dict[int, tuple[object, Block | None, list[list]]] = {}
    for line in layout.lines:
        if not line.in_flow or line.paragraph is None:
            continue
        entry = parts.setdefault(id(line.paragraph), (line.paragraph, line.block, []))
        pages = entry[2]
        if pages and pages[-1][0] == line.page:
            pages[-1][1] += 1
        else:
            pages.append([line.page, 1])
    return list(parts.values())


NOT_PARAGRAPHS = {"h1", "h2", "h3", "h4", "h5", "h6", "th", "td"}


def widows_and_orphans(layout: Layout) -> list[Finding]:
    findings = []
    for paragraph, block, pages in _paragraph_parts(layout):
        if len(pages) < 2 or getattr(paragraph, "tag", "") in NOT_PARAGRAPHS:
            continue  # a heading kept with its text, a header row set again over a table's next page
        (first_page, first), (last_page, last) = pages[0], pages[-1]
        if first < MIN_LINES:
            findings.append(
                _finding(
                    layout,
                    block,
                    "l-orphan",
                    f"a paragraph leaves {first} line at the foot of the page and goes on over the page",
                    first_page,
                )
            )
        if last < MIN_LINES:
            findings.append(
                _finding(
                    layout,
                    block,
                    "l-widow",
                    f"a paragraph ends with {last} line alone at the head of the page",
                    last_page,
                )
            )
    return findings


def short_last_pages(layout: Layout) -> list[Finding]:
    return [
        _finding(
            layout,
            block,
            "l-short-last-page",
            f"chapter “{chapter.title_text}” ends with a page of {count} line{'s' if count > 1 else ''}",
            page,
        )
        for chapter, page, count, block, _ in short_endings(layout)
    ]


def low_resolution(layout: Layout) -> list[Finding]:
    findings = []
    for page, box, block in layout.images:
        image = getattr(box, "replacement", None)
        if not isinstance(image, RasterImage) or not box.width or not box.height:
            continue
        width_in, height_in = box.width / CSS_PX_PER_INCH, box.height / CSS_PX_PER_INCH
        dpi = min(image.width / width_in, image.height / height_in)
        if round(dpi) < MIN_DPI:  # as the message says it: a raster at its 300 dpi size is fine
            name = Path(box.element.get("src", "")).name if box.element is not None else "an image"
            findings.append(
                _finding(
                    layout,
                    block,
                    "l-low-resolution",
                    f"{name} prints at {dpi:.0f} dpi ({image.width} × {image.height} px over {width_in:.2f} × "
                    f"{height_in:.2f} in); {MIN_DPI} dpi needs {round(width_in * MIN_DPI)} × "
                    f"{round(height_in * MIN_DPI)} px",
                    page,
                )
            )
    return findings


def figures_far(layout: Layout) -> list[Finding]:
    findings = []
    anchors = {name: index for index, page in enumerate(layout.document.pages) for name in page.anchors}
    for target in layout.book.targets.values():
        if target.kind != "fig" or target.id not in anchors or target.id not in layout.xrefs:
            continue
        figure, reference = anchors[target.id], layout.xrefs[target.id]
        if abs(figure - reference) > FIGURE_REACH:
            element = next((b for b in layout.blocks.values() if b.element.get("id") == target.id), None)
            direction = "after" if figure > reference else "before"
            findings.append(
                _finding(
                    layout,
                    element,
                    "l-figure-far",
                    f"figure {target.number} stands {abs(figure - reference)} pages {direction} its first "
                    f"reference on {layout.page_name(reference)}",
                    figure,
                )
            )
    return findings


IGNORED = re.compile(r"[\s\u00ad\u2010\u2011\-]")


def _normal(text: str) -> tuple[str, list[int]]:
    """Text without spaces, hyphens or format characters, casefolded; and where each char came from."""
    chars, positions = [], []
    for index, char in enumerate(text):
        if IGNORED.match(char) or unicodedata.category(char) == "Cf":
            continue
        folded = char.casefold()
        chars.append(folded)
        positions.extend([index] * len(folded))
    return "".join(chars), positions


def missing_text(layout: Layout) -> list[Finding]:
    findings = []
    for block in layout.blocks.values():
        html, positions = _normal(block.text)
        if not html:
            continue
        printed, _ = _normal("".join(block.laid_out))
        if html == printed or html in printed:
            continue
        matcher = difflib.SequenceMatcher(None, html, printed, autojunk=False)
        missing = [(i1, i2) for tag, i1, i2, _, _ in matcher.get_opcodes() if tag in {"delete", "replace"}]
        # A single character apart is a ligature or a hyphenation quirk, not dropped text (unless
        # the block is so short that one character is most of it).
        missing = [(i1, i2) for i1, i2 in missing if i2 - i1 >= 2 or len(html) < 4]
        if not missing:
            continue
        i1, i2 = missing[0]
        start, end = positions[i1], positions[i2 - 1] + 1
        excerpt = " ".join(block.text[start:end].split())
        page = block.pages[0] if block.pages else _nearest_page(layout, block)
        findings.append(
            _finding(
                layout,
                block,
                "l-missing-text",
                f"text missing from the laid-out pages: “{excerpt[:EXCERPT]}”",
                page,
                "error",
                " ".join(block.text.split())[:CONTEXT],
            )
        )
    return findings


def footnotes_away(layout: Layout) -> list[Finding]:
    return [
        _finding(
            layout,
            block,
            "l-footnote-away",
            f"the note stands on {layout.page_name(note_page)}, its reference on",
            page,
        )
        for _, page, note_page, block in notes_away(layout)
    ]


TEXTURE = {  # LineFault.kind: code and what the message says
    "loose": ("l-loose-line", "a justified line with its word spaces stretched past twice the normal"),
    "ladder": ("l-hyphen-ladder", "a third hyphenated line end in a row"),
    "paragraph-end": ("l-hyphen-end", "the paragraph's last word is hyphenated"),
    "page-turn": ("l-hyphen-page-turn", "a word hyphenated across the page turn"),
}


def short_pages_found(layout: Layout) -> list[Finding]:
    return [
        _finding(
            layout,
            short.last.block,
            "l-short-page",
            f"the page is {short.fill:.0%} full, inside its chapter, with no figure or table after it",
            short.page,
        )
        for short in short_pages(layout)
    ]


def texture(layout: Layout) -> list[Finding]:
    found = []
    for fault in texture_faults(layout):
        code, what = TEXTURE[fault.kind]
        found.append(_finding(layout, fault.line.block, code, what, fault.line.page))
    return found


def _nearest_page(layout: Layout, block: Block) -> int:
    """For a block with nothing laid out: the page of the block laid out before it."""
    page = 0
    for other in layout.blocks.values():
        if other is block:
            break
        if other.pages:
            page = other.pages[-1]
    return page


# Page count against the printer's limits (reported by the build, after layout) ---------------


def page_count(meta: Metadata, pages: int) -> list[Finding]:
    """The final (padded) page count against what the print profile's printer binds at the book's
    trim and paper (``profiles.most_printed``): too many is ``l-too-many-pages-for-printer``, too
    few ``l-page-count``; warnings at book.yaml's ``print`` line, with what would bring it in range."""
    profile = profiles.PROFILES[meta.print_profile]
    line = meta.lines.get("print.paper") or meta.lines.get("print.trim") or meta.line_of("print")
    most = profiles.most_printed(profile, meta.trim, meta.paper)
    if most is not None and pages > most:
        message = (
            f"{pages:,} pages is more than {profile.label} binds on {meta.paper} paper at {trim_name(meta.trim)} "
            f"({most:,} at most); {'; '.join(fewer_pages(meta, profile, pages))}"
        )
        return [Finding(meta.source, line, 1, "l-too-many-pages-for-printer", message, "warning")]
    if pages < profile.min_pages:
        message = (
            f"{profile.label} needs at least {profile.min_pages} pages; this book has {pages} "
            "(a smaller trim or a larger print.font-size gives more)"
        )
        return [Finding(meta.source, line, 1, "l-page-count", message, "warning")]
    return []


def fewer_pages(meta: Metadata, profile: profiles.Profile, pages: int) -> list[str]:
    """What would bring a book within its printer's page limit: another paper or printer that takes
    it, a smaller type, a larger trim; volumes when no paper of the printer takes that many pages."""
    ways = [
        f"{paper} paper takes up to {most:,}"
        for paper in profile.paper
        if paper != meta.paper and (most := profiles.most_printed(profile, meta.trim, paper)) and pages <= most
    ]
    ways += [
        f"print.profile {other.name} ({other.label}) binds up to {most:,}"
        for other in profiles.PROFILES.values()
        if other.page_limits
        and meta.paper in other.paper
        and (most := profiles.most_printed(other, meta.trim, meta.paper))
        and pages <= most
    ]
    size = f"{meta.font_size:g}pt" if meta.font_size else "11pt"
    ways.append(f"a smaller font size (print.font-size, now {size}) or a larger trim (print.trim) gives fewer pages")
    if all(pages > (profiles.most_printed(profile, meta.trim, paper) or pages) for paper in profile.paper):
        ways.append("or split the book into volumes")
    return ways


def trim_name(trim: tuple[float, float]) -> str:
    """6 × 9 in, 5.83 × 8.27 in: as the printers' tables write trims."""
    return f"{round(trim[0], 2):g} × {round(trim[1], 2):g} in"
