"""Which words a Hunspell dictionary and the book's word list know, as the spelling checks ask.

The dictionary is Debian's (``hunspell-en-us``, ``hunspell-en-gb``, …: /usr/share/hunspell/), read
by spylls, a pure-Python Hunspell; its answers are kept between runs (``Lookups``). The book's
words are ``dictionary.txt`` beside book.yaml (``BookWords``): one word per line, ``#`` starts a
comment; an entry in lower case allows any capitalization, an entry with capitals (a name) allows
that form and its all-capitals form. ``Speller`` also knows possessives and clitics of known words
(``Dai's``, ``deck'll``) and, in lower case, a known word of five letters or more with a common
prefix or suffix (``unescape``, ``cardinalities``; not ``occured`` for occurred) and two known
words closed up (``streetlights``, ``backend``; not ``withthe``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from pathlib import Path

from pressroom.resources import read_text

DICTIONARY_DIRS = (Path("/usr/share/hunspell"), Path("/usr/share/myspell/dicts"), Path("/usr/share/myspell"))
DEFAULT_REGIONS = {"en": "US", "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "ru": "RU", "pt": "PT", "nl": "NL"}
ROMAN = re.compile(r"^M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
CACHE_VERSION = 1  # of the cache files' format
PREFIXES = ("un", "re", "de", "pre", "non", "sub", "over", "under", "co", "anti", "mis", "inter", "multi", "semi")
SUFFIXES = [  # (ending, what the stem ends with instead); no -ly: truely, basicly, accidently
    ("ies", "y"), ("ied", "y"), ("ier", "y"), ("iest", "y"), ("ily", "y"), ("iness", "y"),
    ("s", ""), ("es", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", ""),
    ("er", ""), ("ers", ""), ("er", "e"), ("ers", "e"), ("ness", ""), ("ment", ""), ("able", ""),
    ("able", "e"),
]  # fmt: skip
# Closed-up compounds: each part three letters or more, seven in all, and no function word (a
# missing space: "withthe", "andthen", "forthis" stay misspellings).
FUNCTION_WORDS = {
    "the", "and", "for", "not", "but", "you", "are", "was", "his", "her", "its", "has", "had", "can", "all",
    "any", "one", "our", "out", "who", "how", "why", "off", "too", "yet", "nor", "she", "him", "with", "from",
    "into", "onto", "than", "then", "that", "this", "they", "them", "what", "when", "were", "will", "have",
    "been", "your", "some", "also", "only", "just", "very", "more", "most", "such", "each", "every", "other",
    "there", "where", "here", "which", "would", "could", "should", "about",
}  # fmt: skip
CLITIC = re.compile(r"'(?:s|ll|ve|d|re|m)$")
COMPOUND_PART, COMPOUND = 3, 7  # the shortest part and word of a closed-up compound


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


@functools.lru_cache(maxsize=8)
def hunspell(lang: str) -> Lookups | None:
    """The Hunspell dictionary for the language (read once per process), or None when none is
    installed. Who looks words up saves the answers when done (``Lookups.save``)."""
    path = dictionary_files(lang)
    return Lookups(path) if path is not None else None


class Lookups:
    """A Hunspell dictionary's answers, kept between runs in the user's cache folder
    (``$XDG_CACHE_HOME/pressroom/``, one file per dictionary and version of it): spylls takes a
    second or two to read a dictionary, so it is read only when a word is not in the cache. A
    cache that cannot be read or written is no cache; the answers are the same."""

    def __init__(self, path: Path):
        self.path = path
        self.file = cache_file(path)
        self.answers: dict[str, bool] = read_cache(self.file)
        self.changed = False
        self._dictionary = None

    def lookup(self, word: str) -> bool:
        if word not in self.answers:
            if self._dictionary is None:
                from spylls.hunspell import Dictionary

                self._dictionary = Dictionary.from_files(str(self.path.with_suffix("")))
            self.answers[word] = bool(self._dictionary.lookup(word))
            self.changed = True
        return self.answers[word]

    def save(self) -> None:
        if not self.changed or self.file is None:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.file.with_name(f"{self.file.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(self.answers, ensure_ascii=False, sort_keys=True), encoding="utf-8")
            os.replace(temporary, self.file)
            self.changed = False
        except OSError:
            pass


def cache_file(dic: Path) -> Path | None:
    """The cache of a dictionary's answers: named by its files' paths, sizes and times."""
    try:
        base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
        stats = [(str(part), part.stat().st_size, part.stat().st_mtime_ns) for part in (dic, dic.with_suffix(".aff"))]
    except (OSError, RuntimeError):  # no home folder: no cache
        return None
    digest = hashlib.sha256(repr((CACHE_VERSION, stats)).encode()).hexdigest()[:16]
    return Path(base) / "pressroom" / f"hunspell-{dic.stem}-{digest}.json"


def read_cache(file: Path | None) -> dict[str, bool]:
    try:
        answers = json.loads(file.read_text(encoding="utf-8")) if file is not None else {}
    except (OSError, ValueError):
        return {}
    return answers if isinstance(answers, dict) else {}


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
                if word:
                    self.add(word)

    def add(self, word: str) -> None:
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

    def listed(self, word: str) -> bool:
        return word in self.words or bool(self.dictionary.lookup(word))

    def _known(self, word: str) -> bool:
        if len(word) < 2 or ROMAN.match(word):
            return True
        base = CLITIC.sub("", word).rstrip("'")  # Dai's, deck'll, they'd
        if any(self.listed(form) for form in dict.fromkeys((word, base))):
            return True
        if "-" in word:  # pre-allocated, non-blocking: a prefix before the hyphen; year-olds: a plural
            return all(
                part.lower() in PREFIXES or self.known(part) or (part.endswith("s") and self.listed(part[:-1]))
                for part in word.split("-")
            )
        return base == base.lower() and (self.derived(base) or self.compound(base))

    def derived(self, word: str) -> bool:
        """A known word of five letters or more with a common prefix or suffix; not when the
        dictionary knows the form with the stem's last consonant doubled (``occured``,
        ``begining`` are misspellings of occurred, beginning)."""
        for prefix in PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 5 and self.listed(word[len(prefix) :]):
                return True
        for ending, instead in SUFFIXES:
            stem = word[: -len(ending)]
            if not word.endswith(ending) or len(stem) < 5 or not self.listed(stem + instead):
                continue
            doubled = stem + stem[-1] + ending
            if instead or stem[-1] in "aeiouwxy" or not self.dictionary.lookup(doubled):
                return True
        return False

    def compound(self, word: str) -> bool:
        """Two known words closed up (backend, streetlights, tooltip)."""
        if len(word) < COMPOUND:
            return False
        for cut in range(COMPOUND_PART, len(word) - COMPOUND_PART + 1):
            first, second = word[:cut], word[cut:]
            if first in FUNCTION_WORDS or second in FUNCTION_WORDS:
                continue
            if self.dictionary.lookup(first) and self.dictionary.lookup(second):
                return True
        return False
