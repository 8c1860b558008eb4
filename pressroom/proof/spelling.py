"""s- checks: spelling, with a Hunspell dictionary for the book's language and the book's own words.

The dictionary is Debian's (``hunspell-en-us``, ``hunspell-en-gb``, …: /usr/share/hunspell/), read
by spylls, a pure-Python Hunspell. The book's words are ``dictionary.txt`` beside book.yaml: one
word per line, ``#`` starts a comment. An entry in lower case allows any capitalization; an entry
with capitals (a name) allows that form and its all-capitals form. Possessives of known words are
known. Numbers, Roman numerals, single letters, code, URLs and citation keys are never words.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

from pressroom.book import Book
from pressroom.findings import Finding
from pressroom.proof import finding
from pressroom.proof.units import WORD, BookText, Unit
from pressroom.resources import read_text

DICTIONARY_DIRS = (Path("/usr/share/hunspell"), Path("/usr/share/myspell/dicts"), Path("/usr/share/myspell"))
DEFAULT_REGIONS = {"en": "US", "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "ru": "RU", "pt": "PT", "nl": "NL"}
ROMAN = re.compile(r"^M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
WORD_LIST = "dictionary.txt"


def dictionary_files(lang: str) -> Path | None:
    """The .dic file (its .aff beside it) for a language tag such as en-US or en."""
    parts = lang.replace("_", "-").split("-")
    primary = parts[0].lower()
    names = []
    if len(parts) > 1:
        names.append(f"{primary}_{parts[1].upper()}")
    if primary in DEFAULT_REGIONS:
        names.append(f"{primary}_{DEFAULT_REGIONS[primary]}")
    names.append(primary)
    for folder in DICTIONARY_DIRS:
        for name in names:
            if (folder / f"{name}.dic").is_file() and (folder / f"{name}.aff").is_file():
                return folder / f"{name}.dic"
        for candidate in sorted(folder.glob(f"{primary}_*.dic")) if folder.is_dir() else []:
            if candidate.with_suffix(".aff").is_file():
                return candidate
    return None


@functools.lru_cache(maxsize=4)
def hunspell(lang: str):
    """A spylls Dictionary for the language, or None when none is installed."""
    path = dictionary_files(lang)
    if path is None:
        return None
    from spylls.hunspell import Dictionary

    return Dictionary.from_files(str(path.with_suffix("")))


class BookWords:
    """The book's own word list."""

    def __init__(self, path: Path):
        self.path = path
        self.exact: set[str] = set()
        self.folded: set[str] = set()  # entries in lower case: any capitalization
        self.upper: set[str] = set()
        if path.is_file():
            for line in read_text(path).splitlines():  # not UTF-8, unreadable: a BookError at its line
                word = line.split("#", 1)[0].strip().replace("’", "'")
                if not word:
                    continue
                self.exact.add(word)
                self.upper.add(word.upper())
                if word == word.lower():
                    self.folded.add(word)

    def __contains__(self, word: str) -> bool:
        return word in self.exact or word.lower() in self.folded or (word.isupper() and word in self.upper)


class Speller:
    """Is a word known? Each unique word is looked up once."""

    def __init__(self, dictionary, words: BookWords):
        self.dictionary = dictionary
        self.words = words
        self.cache: dict[str, bool] = {}

    def known(self, word: str) -> bool:
        if word not in self.cache:
            self.cache[word] = self._known(word.replace("’", "'"))
        return self.cache[word]

    def _known(self, word: str) -> bool:
        if len(word) < 2 or ROMAN.match(word):
            return True
        base = word[:-2] if word.endswith("'s") else word
        for form in dict.fromkeys((word, base)):
            if form in self.words or (self.dictionary is not None and self.dictionary.lookup(form)):
                return True
        return bool("-" in word and all(self.known(part) for part in word.split("-")))


def speller(book: Book) -> Speller | None:
    dictionary = hunspell(book.meta.lang)
    if dictionary is None:
        return None
    return Speller(dictionary, BookWords(book.folders.manuscript_dir / WORD_LIST))


def words(unit: Unit):
    """(word, index, text) for the words of a unit's visible text and of its images' alt text."""
    for word, index in unit.words():
        yield word, index, None
    for alt in unit.alt_texts():
        for match in WORD.finditer(alt):
            yield match[0], match.start(), alt


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
    for unit in text.prose():
        for word, index, within in words(unit):
            if spell.known(word):
                continue
            parts = [(word, index)]
            if "-" in word:
                parts, offset = [], index
                for part in word.split("-"):
                    if not spell.known(part):
                        parts.append((part, offset))
                    offset += len(part) + 1
            for part, start in parts:
                place = unit.locate(start, len(part), within)
                if place is None:
                    continue  # not typed by the author (an author's name a citation put in the text)
                yield finding(
                    "s-misspelling", unit.file, *place, f"'{part}' is in neither the dictionary nor {WORD_LIST}"
                )
