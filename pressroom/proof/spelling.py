"""s- checks: spelling, with a Hunspell dictionary for the book's language and the book's own
words (``dictionary.txt`` beside book.yaml): which words they know is pressroom/proof/dictionary.py.

Numbers, Roman numerals, single letters, code, URLs, citation keys, words the book's code or its
links' addresses use (``std``, ``serde``), words glued to a path or file name (``book.toml``) and
units after a number (``64 px``) are never misspellings.

A book has thousands of unknown words, mostly names: each word is one finding, at its first
place, with its count and first places. A word that looks like a name or an identifier
(capitalised wherever it stands, with diacritics, in capitals, with a capital inside) is
``s-unknown-name``, a warning; others are ``s-misspelling``. Text in an element with a ``lang`` of
its own (``[Bonjour]{lang=fr}``) is checked with that language's dictionary, when installed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from pressroom.book import Book
from pressroom.findings import Finding
from pressroom.proof import finding
from pressroom.proof.dictionary import BookWords, Lookups, Speller, dictionary_files, hunspell
from pressroom.proof.units import OBJECT, WORD, BookText, Unit

WORD_LIST = "dictionary.txt"
GLUE = set("./\\_@#:=<>$%&+")  # a word touching one of these and a letter is part of a path or an identifier
CODE_TOKEN = re.compile(r"[^\W\d_]+")
SENTENCE_END = set(".!?:…")
OPENING = set("\"'“‘«‹([—–-*_ \t\n\u00a0" + OBJECT)  # a line break may be a soft one: not a sentence's end
SHOWN_PLACES = 3
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
NEXT_CAPITALISED = re.compile(r"['’]?s?[ \u00a0]+[A-Z]")
UNIT_AFTER = re.compile(r"\d[ \u00a0]?$")  # a unit after a number: 64 px, 12 pt


def speller(book: Book) -> Speller | None:
    dictionary = hunspell(book.meta.lang)
    if dictionary is None:
        return None
    return Speller(dictionary, BookWords(book.folders.manuscript_dir / WORD_LIST))


@dataclass
class Occurrence:
    unit: Unit
    index: int
    form: str  # as typed, a possessive dropped
    within: str | None  # the alt text it is in, or None for the visible text
    starts_sentence: bool
    order: int = 0  # in reading order

    @functools.cached_property
    def place(self) -> tuple[int, int] | None:
        return self.unit.locate(self.index, len(self.form), self.within)


@dataclass
class Unknown:
    """One unknown word and every place it stands."""

    key: str
    places: list[Occurrence] = field(default_factory=list)

    @property
    def forms(self) -> dict[str, int]:
        counted: dict[str, int] = {}
        for place in self.places:
            counted[place.form] = counted.get(place.form, 0) + 1
        return counted

    @property
    def word(self) -> str:
        forms = self.forms  # in reading order: the first of the most common
        word = max(forms, key=lambda form: forms[form])
        return word.lower() if any(form == form.lower() for form in forms) else word  # learnt in any case

    def looks_like_a_name(self) -> bool:
        """Capitalised wherever it stands and a name by its look (diacritics, capitals inside,
        all capitals) or by its use (mid-sentence, or more than once)."""
        forms = self.forms
        word = self.word
        if any(char.isupper() for char in word[1:]):  # JSON, macOS, PowerShell: an identifier
            return True
        if any(not form[0].isupper() for form in forms):
            return False
        if not word.isascii():
            return True
        return len(self.places) > 1 or any(not place.starts_sentence for place in self.places)


def words(unit: Unit):
    """(word, index, text) for the words of a unit's visible text and of its images' alt text."""
    for word, index in unit.words():
        yield word, index, None
    for alt in unit.alt_texts():
        for match in WORD.finditer(alt):
            yield match[0], match.start(), alt


def glued(text: str, index: int, word: str) -> bool:
    """Whether the word is part of a path, a file name or an identifier (``book.toml``,
    ``UTF-8``, ``user@host``): touching a glue character that touches a letter or digit."""
    before, after = text[index - 2 : index] if index >= 2 else " " + text[:index], text[index + len(word) :][:2]
    if before[-1:] in ("@", "#"):  # a handle, a hashtag
        return True
    if len(before) == 2 and before[1] in GLUE and before[0].isalnum():
        return True
    if len(after) == 2 and after[0] in GLUE and after[1].isalnum():
        return True
    if len(after) == 2 and after[0] == "-" and after[1].isdigit():
        return True
    return len(word) <= 3 and word.islower() and UNIT_AFTER.search(text, 0, index) is not None  # 64 px


def starts_sentence(text: str, index: int, word: str) -> bool:
    """Whether the word opens a sentence (and is capitalised for that alone): not when another
    capitalised word follows it (*Wuthering Heights*, Ciocia Basia: a name)."""
    if NEXT_CAPITALISED.match(text, index + len(word)):
        return False
    position = index - 1
    while position >= 0 and text[position] in OPENING:
        position -= 1
    return position < 0 or text[position] in SENTENCE_END


def code_words(text: BookText) -> set[str]:
    """The words the book's code uses (code blocks and inline code) and its links' addresses
    (``[lxml](https://lxml.de)``), case-folded."""
    found: set[str] = set()
    for unit in text.units:
        for element in unit.element.iter("code", "pre", "kbd", "samp"):
            found.update(token.casefold() for token in CODE_TOKEN.findall(element.text_content()))
        for element in unit.element.iter("a"):
            found.update(token.casefold() for token in CODE_TOKEN.findall(element.get("href", "")))
    return found


def check(text: BookText) -> Iterator[Finding]:
    meta = text.book.meta
    spell = speller(text.book)
    if spell is None:
        yield finding(
            "s-no-dictionary",
            meta.source,
            meta.line_of("lang"),
            1,
            f"no Hunspell dictionary for '{meta.lang}' (Debian: hunspell-{meta.lang.lower()}): spelling not checked",
        )
        return
    unknown, unchecked, used = unknown_words(text, spell)
    for lookups in used:
        lookups.save()
    yield from unchecked
    for group in plurals_merged(unknown).values():
        yield from report(text, group)


def unknown_words(text: BookText, spell: Speller) -> tuple[dict[str, Unknown], list[Finding], list[Lookups]]:
    """Every unknown word with its places, in reading order; a finding at the first span of each
    language that has no dictionary (its words are not checked); and the dictionaries used."""
    in_code = code_words(text)
    spellers: dict[str, Speller | None] = {}
    unchecked: dict[str, Finding] = {}  # lang → where its first span is
    unknown: dict[str, Unknown] = {}
    order = 0
    for unit in text.prose():
        for word, index, within in words(unit):
            lang = None if within is not None else unit.lang_at(index)
            checker = spell if lang is None else other_speller(lang, text.book, spell, spellers)
            if checker is None:
                if lang not in unchecked:
                    message = f"no Hunspell dictionary for '{lang}': words in lang={lang} not checked"
                    unchecked[lang] = finding("s-no-dictionary", unit.file, *unit.place(index, len(word)), message)
                continue
            source = within if within is not None else unit.text
            heading = within is None and unit.element.tag in HEADINGS
            for part, start in unknown_parts(checker, word, index):
                if part.casefold() in in_code or part in ("TODO", "FIXME") or glued(source, start, part):
                    continue
                form = re.sub(r"['’]s?$", "", part)
                group = unknown.setdefault(form.casefold(), Unknown(form.casefold()))
                opens = heading or starts_sentence(source, start, part)  # Title Case proves no name
                group.places.append(Occurrence(unit, start, form, within, opens, order))
                order += 1
    used = [spell.dictionary, *(other.dictionary for other in spellers.values() if other is not None)]
    return unknown, list(unchecked.values()), used


def plurals_merged(unknown: dict[str, Unknown]) -> dict[str, Unknown]:
    """An unknown word and its plural (babka, babkas) are one finding."""
    for key in [key for key in unknown if key.endswith("s") and key[:-1] in unknown]:
        unknown[key[:-1]].places.extend(unknown.pop(key).places)
        unknown[key[:-1]].places.sort(key=lambda place: place.order)
    return unknown


def other_speller(lang: str, book: Book, spell: Speller, spellers: dict[str, Speller | None]) -> Speller | None:
    """The speller for a span in another language or region than the book's (the book's own
    when the language has no other dictionary: en-CA in an en-US book without hunspell-en-ca)."""
    if dictionary_files(lang) in (None, dictionary_files(book.meta.lang)) and same_language(lang, book.meta.lang):
        return spell
    if lang not in spellers:
        dictionary = hunspell(lang)
        spellers[lang] = Speller(dictionary, spell.words) if dictionary is not None else None
    return spellers[lang]


def same_language(one: str, other: str) -> bool:
    return one.split("-")[0].lower() == other.split("-")[0].lower()


def unknown_parts(spell: Speller, word: str, index: int) -> list[tuple[str, int]]:
    """The unknown word, or of a hyphenated one its unknown parts, with where they start."""
    if spell.known(word):
        return []
    if "-" not in word:
        return [(word, index)]
    parts, offset = [], index
    for part in word.split("-"):
        if not spell.known(part):
            parts.append((part, offset))
        offset += len(part) + 1
    return parts


def report(text: BookText, group: Unknown) -> Iterator[Finding]:
    """One finding for the word, at its first place the author typed and no marker silences."""
    code = "s-unknown-name" if group.looks_like_a_name() else "s-misspelling"
    places = typed(text, group, code)
    if not places:
        return
    first = places[0]
    shown = list(dict.fromkeys(f"{place.unit.file.name}:{place.place[0]}" for place in places[:SHOWN_PLACES]))[1:]
    more = " …" if len(places) > SHOWN_PLACES else ""
    where = f", also {', '.join(shown)}{more}" if shown else ""
    word = group.word
    if code == "s-misspelling":
        message = f"'{word}' ({len(places)}×{where}) is in neither the dictionary nor {WORD_LIST}"
    else:
        message = f"'{word}' ({len(places)}×{where}) looks like a name: add it to {WORD_LIST} (check --accept {word})"
    yield finding(code, first.unit.file, *first.place, message, subject=word, count=len(places))


def typed(text: BookText, group: Unknown, code: str) -> list[Occurrence]:
    """The places the author typed (not an author's name a citation put in the text) and no
    marker silences. Only the first places, and those in files with markers, are looked up in
    the source: finding a place there is the slow part."""
    kept: list[Occurrence] = []
    for place in group.places:
        markers = text.lines.markers(place.unit.file)
        looked_up = bool(markers) or len(kept) < SHOWN_PLACES
        if looked_up and (place.place is None or text.lines.silenced(place.unit.file, place.place[0], code)):
            continue
        kept.append(place)
    return kept
