"""Proofreading: checks that read the Book and report each problem as a Finding.

    checks.py        read the Book once, run every check on it, apply silencing, sort
    units.py         the Book's titles, blocks and notes: visible text, source lines, positions
    typography.py    t-  quotes, dashes in ranges, ellipses, spaces, punctuation, TODOs
    spelling.py      s-  unknown words, grouped per word: names and identifiers apart from misspellings
    dictionary.py    which words a Hunspell dictionary (its answers cached) and dictionary.txt know
    sources.py       the source lines findings point at; check-ignore markers
    formats.py       text with a summary table, JSON, SARIF
    accept.py        check --accept: words into dictionary.txt
    consistency.py   c-  one word or name spelled two ways, repeated words
    references.py    r-  ids given twice
    figures.py       f-  alt text, captions, unused image files
    structure.py     x-  headings and chapters

Every check has a stable code (as Standard Ebooks' ``se lint`` does); docs/checks.md lists them.
The reader and resolve report some of these codes themselves (r-unknown-citation, r-unknown-label,
r-broken-link, r-uncited-entry, r-unused-note, r-no-bibliography, f-missing-image, f-animated-image,
f-cmyk-image, x-metadata, x-no-chapters, x-empty-file, x-too-deep, x-too-long, x-no-page-list, x-stylesheet,
x-matter-order, x-build-error): each rule lives in one place.
"""

from __future__ import annotations

from pathlib import Path

from pressroom.findings import Finding

# code → (severity, what it finds). The order is the order of docs/checks.md.
CODES: dict[str, tuple[str, str]] = {
    "t-straight-quote": (
        "error",
        "a straight quotation mark or apostrophe left in the text, or one curled the wrong way",
    ),
    "t-unbalanced-quotes": ("error", "an opening quotation mark without its closing one, or the reverse"),
    "t-unbalanced-brackets": ("error", "an opening parenthesis or bracket without its closing one, or the reverse"),
    "t-ellipsis": ("error", "dots that do not become an ellipsis (. . . or ....)"),
    "t-range-hyphen": ("error", "a hyphen in a number or date range (1927-1953) instead of an en dash"),
    "t-ordinal": ("error", "a wrong ordinal suffix (21th, 2rd)"),
    "t-decade-apostrophe": ("error", "an apostrophe in a decade (1930's)"),
    "t-double-space": ("error", "two or more spaces between words"),
    "t-space-before-punctuation": ("error", "a space before a comma, period, colon, semicolon, ! or ?"),
    "t-repeated-punctuation": ("error", "doubled punctuation (,, ;; !! two dots)"),
    "t-todo": ("error", "TODO or FIXME left in the manuscript"),
    "s-misspelling": ("error", "a word in neither the language's dictionary nor the book's word list"),
    "s-unknown-name": ("warning", "an unknown word that looks like a name or an identifier (Łukasz, JSON, macOS)"),
    "s-no-dictionary": ("warning", "no Hunspell dictionary for the book's language: spelling not checked"),
    "c-variant-spelling": (
        "error",
        "one word spelled two ways (labour/labor, organise/organize, co-operate/cooperate)",
    ),
    "c-name-variant": ("error", "one name written two ways (diacritics, transliteration, hyphenation)"),
    "c-repeated-word": ("error", "the same word twice in a row (the the)"),
    "r-unknown-citation": ("error", "a citation key that is not in the bibliography (in the running text: a warning)"),
    "r-unknown-label": ("error", "a cross-reference to a label that no figure, table, section or chapter has"),
    "r-uncited-entry": ("warning", "a bibliography entry that is never cited (and not in nocite)"),
    "r-broken-link": ("error", "a link to a file that is not in the book or to an id that does not exist"),
    "r-undefined-note": ("error", "a footnote reference ([^label]) with no definition"),
    "r-malformed-note": ("error", "a footnote definition that did not read as one ([^1] : text)"),
    "r-no-bibliography": ("error", "a bracketed citation when the metadata names no bibliography"),
    "r-unused-note": ("warning", "a footnote defined but never referred to"),
    "r-duplicate-id": ("error", "the same id given to two elements"),
    "f-missing-image": ("error", "an image file that is missing, remote or outside the book's folders"),
    "f-bad-image": ("error", "an image file that cannot be read, of a type no edition shows, or an unsafe SVG"),
    "f-animated-image": ("warning", "an animated image: print shows its first frame only"),
    "f-cmyk-image": ("warning", "a CMYK image, whose colours screens may show wrong"),
    "f-no-alt": ("error", "an image without alt text"),
    "f-no-caption": ("error", "a figure without a caption"),
    "f-unused-image": ("warning", "a file in images/ that the book never shows"),
    "x-heading-skip": ("error", "a heading level skipped (## then ####)"),
    "x-empty-section": ("error", "a heading with nothing under it"),
    "x-untitled-chapter": ("error", "a '#' chapter heading without a title"),
    "x-unclosed-fence": ("error", "a code fence never closed"),
    "x-unclosed-div": ("error", "a fenced div (::: {.class}) never closed"),
    "x-unclosed-html": ("error", "a raw HTML element never closed"),
    "x-raw-markup": ("error", "Markdown or Pandoc syntax left over after reading, printed as it stands"),
    "x-math": ("error", "TeX math that could not be read"),
    "x-unsafe-html": ("warning", "raw HTML that was removed (scripts, event handlers, external references)"),
    "x-unknown-html": ("warning", "a raw HTML element nothing knows, unwrapped with its text kept"),
    "x-metadata": ("error", "an unknown or invalid metadata key, or no title"),
    "x-no-chapters": ("error", "a manuscript with no text"),
    "x-empty-file": ("warning", "a contents file with nothing in it"),
    "x-too-deep": ("error", "lists, quotes or elements nested more than 100 levels deep"),
    "x-too-long": ("error", "a paragraph too long to lay out (more than 500,000 characters)"),
    "x-no-page-list": ("note", "an EPUB built without the PDF, so without the print page numbers"),
    "x-stylesheet": ("error", "a stylesheet that cannot be read or loads a file from outside the book"),
    "x-matter-order": ("error", "front matter after the chapters"),
    "x-build-error": ("error", "anything else that stops the build from reading the manuscript"),
}


def finding(code: str, file: Path | str, line: int, column: int, message: str, **more) -> Finding:
    """A Finding with the severity its code has (``more``: context, subject, count)."""
    return Finding(Path(file), max(int(line), 1), max(int(column), 1), code, message, CODES[code][0], **more)
