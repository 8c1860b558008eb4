"""c- checks: one word or one name written two ways in the book, and words typed twice.

Variants are reported where the less common form stands, naming the more common one, so fixing
every reported spot leaves the book consistent.

- Spellings: British and American forms (labour/labor, organise/organize, centre/center,
  defence/defense, travelled/traveled, grey/gray …) when both occur in lower case, the one being
  unknown to the en_US dictionary and the other known; and a word closed up and hyphenated
  (cooperation/co-operation).
- Names (capitalized words that are not dictionary words): forms that are the same once accents,
  hyphens and apostrophes are dropped and common transliteration differences are evened out
  (y/i, ii/y, ks/x, -ff/-v, w/v, tch/ch, dzh/j): Ezhov/Yezhov, Trotskii/Trotsky, Ramon/Ramón,
  Ter-Petrosian/Ter Petrosian.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from pressroom.book import Book
from pressroom.errors import display_path
from pressroom.findings import Finding
from pressroom.proof import finding
from pressroom.proof.dictionary import hunspell
from pressroom.proof.units import OBJECT, BookText, Unit

BRITISH = [  # (British pattern, American replacement), applied to whole lower-case words
    (re.compile(r"our(?=s?$|ed$|ing$|ite$|ites$|able$|ful$|less$|er$|ers$|ism$|ist$|al$)"), "or"),
    (re.compile(r"is(e|ed|es|ing|ation|ations|er|ers)$"), r"iz\1"),
    (re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"tre(s?)$"), r"ter\1"),
    (re.compile(r"ogue(s?)$"), r"og\1"),
    (re.compile(r"ence(s?)$"), r"ense\1"),
    (re.compile(r"([aeiou])ll(ed|ing|er|ers)$"), r"\1l\2"),
]
BRITISH_WORDS = {
    "grey": "gray",
    "greys": "grays",
    "judgement": "judgment",
    "judgements": "judgments",
    "acknowledgement": "acknowledgment",
    "acknowledgements": "acknowledgments",
    "programme": "program",
    "programmes": "programs",
    "enrolment": "enrollment",
    "fulfil": "fulfill",
    "fulfilment": "fulfillment",
    "skilful": "skillful",
    "wilful": "willful",
    "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers",
    "plough": "plow",
    "ploughed": "plowed",
    "mould": "mold",
    "sceptic": "skeptic",
    "sceptical": "skeptical",
    "aluminium": "aluminum",
    "cosy": "cozy",
    "pyjamas": "pajamas",
    "kilometre": "kilometer",
    "kilometres": "kilometers",
    "tonne": "ton",
    "tonnes": "tons",
    "draught": "draft",
    "storey": "story",
}
TRANSLITERATION = [
    (re.compile(p), r)
    for p, r in (
        (r"dzh", "j"),
        (r"tch", "ch"),
        (r"ks", "x"),
        (r"w", "v"),
        (r"ff$", "v"),
        (r"y", "i"),
        (r"ii", "i"),
        (r"^ie", "e"),
        (r"ie$", "i"),
    )
]
REPEATED = re.compile(r"(?<![^\W_])([^\W\d_]+)([ \t]+\n?[ \t]*|[ \t]*\n[ \t]*)(\1)(?![^\W_])", re.IGNORECASE)
REPEATS_ALLOWED = {"had", "that", "is", "bye", "so", "knock", "chop", "tut"}
POSSESSIVE = re.compile(r"['’]s?$")
# Letters with a stroke or ligatures, which Unicode does not decompose into a base letter and a mark
UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
                              "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i", "þ": "th"})  # fmt: skip
CALENDAR = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}  # fmt: skip
TWO_NAMES = re.compile(r"(?<![^\W_])([A-Z][^\W\d_]+) ([A-Z][^\W\d_]+)(?![^\W_])")


@dataclass
class Occurrence:
    unit: Unit
    order: int  # the unit's position in the book
    index: int  # in the unit's visible text
    form: str

    @functools.cached_property
    def place(self) -> tuple[int, int] | None:
        return self.unit.locate(self.index, len(self.form))


class Occurrences(dict):
    """word → (unit's order, index) of each place it stands; Occurrence records are made only
    for the few words reported (a book has some 150,000 words)."""

    def __init__(self, units: list[Unit]):
        super().__init__()
        self.units = units

    def of(self, word: str) -> list[Occurrence]:
        return [Occurrence(self.units[order], order, index, word) for order, index in self[word]]


def check(text: BookText) -> Iterator[Finding]:
    units = text.prose()
    occurrences = Occurrences(units)
    for order, unit in enumerate(units):
        for word, index in unit.words():
            occurrences.setdefault(word, []).append((order, index))
        yield from repeated_words(unit)
    yield from variant_spellings(occurrences, english=text.book.meta.lang.lower().startswith("en"))
    yield from name_variants(text.book, units, occurrences)
    for lang in (text.book.meta.lang, "en-US"):  # the answers kept for the next run
        if (dictionary := hunspell(lang)) is not None:
            dictionary.save()


def repeated_words(unit: Unit) -> Iterator[Finding]:
    """'the the', also across a line break; 'had had' and 'that that' are English. 'The the'
    (a sentence's first word capitalised) is a repeat; 'AND and' (a heading or a shout in
    capitals, then the sentence) is not."""
    for match in REPEATED.finditer(unit.text):
        if match[1].lower() in REPEATS_ALLOWED or match[3] not in (match[1], match[1].lower()):
            continue
        if match[1] != match[3] and match[1] != match[1].capitalize():
            continue
        line, column = unit.place(match.start(3), len(match[3]))
        yield finding("c-repeated-word", unit.file, line, column, f"'{match[1]}' twice in a row")


def variant_spellings(occurrences: Occurrences, english: bool) -> Iterator[Finding]:
    lower = {word for word in occurrences if word == word.lower() and OBJECT not in word}
    # A British form is one en_US does not know, whose American form it knows (not four/for).
    american = hunspell("en-US") if english else None
    pairs = []
    for word in lower:
        if american is not None:
            for other in american_forms(word):
                if other in lower and not american.lookup(word) and american.lookup(other):
                    pairs.append((word, other))
        if "-" in word and word.replace("-", "") in lower:
            pairs.append((word, word.replace("-", "")))
    for one, other in sorted(set(pairs)):
        forms = {one: occurrences.of(one), other: occurrences.of(other)}
        yield from report_minority("c-variant-spelling", forms, "spelled")


def american_forms(word: str) -> set[str]:
    forms = {BRITISH_WORDS[word]} if word in BRITISH_WORDS else set()
    for pattern, replacement in BRITISH:
        changed = pattern.sub(replacement, word)
        if changed != word:
            forms.add(changed)
    return forms


def skeleton(name: str) -> str:
    """A name with accents, hyphens, apostrophes and transliteration differences evened out."""
    name = POSSESSIVE.sub("", name).translate(UNDECOMPOSED)
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if c.isalpha() and not unicodedata.combining(c)).casefold()
    for pattern, replacement in TRANSLITERATION:
        name = pattern.sub(replacement, name)
    return name


def name_variants(book: Book, units: list[Unit], occurrences: Occurrences) -> Iterator[Finding]:
    dictionary = hunspell(book.meta.lang) or hunspell("en-US")
    groups: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # skeleton → form → words
    for word in occurrences:
        form = POSSESSIVE.sub("", word)
        if is_name(form, dictionary):
            groups[skeleton(form)][form].add(word)
    # Two capitalized words in a row may be one hyphenated or closed-up name elsewhere.
    pairs: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for order, unit in enumerate(units):
        for match in TWO_NAMES.finditer(unit.text):
            key = skeleton(match[1] + match[2])
            if key in groups:
                groups[key][match[0]].add(match[0])
                pairs[match[0]].append((order, match.start()))
    for forms in groups.values():
        distinct: dict[str, dict[str, set[str]]] = {}
        for form, words in forms.items():
            distinct.setdefault(form.casefold(), {})[form] = words
        if len(distinct) < 2 or not one_kind([next(iter(sub)) for sub in distinct.values()], dictionary):
            continue
        merged = {}
        for sub in distinct.values():
            places = []
            for words in sub.values():
                for word in words:
                    found = occurrences.get(word) or pairs[word]
                    places += [Occurrence(units[order], order, index, word) for order, index in found]
            merged[next(iter(sub))] = places
        yield from report_minority("c-name-variant", merged, "written")


def is_name(word: str, dictionary) -> bool:
    """A capitalised word that is no dictionary word in lower case, and no month or weekday."""
    if len(word) < 3 or not word[0].isupper() or word.isupper() or word.lower() in CALENDAR:
        return False
    return dictionary is None or not dictionary.lookup(word.lower())


def one_kind(forms: list[str], dictionary) -> bool:
    """Whether the forms can be one name: not two names the dictionary knows (July and Julie,
    Maria and Marie are two)."""
    return dictionary is None or sum(1 for form in forms if dictionary.lookup(form)) < 2


def report_minority(code: str, forms: dict[str, list[Occurrence]], verb: str) -> Iterator[Finding]:
    """Report every occurrence of the less common forms, naming the most common one. Forms not
    typed by the author (a name a citation put in the text) are not counted."""
    forms = {form: [p for p in places if p.place is not None] for form, places in forms.items()}
    forms = {form: places for form, places in forms.items() if places}
    if len(forms) < 2:
        return
    ranked = sorted(forms.items(), key=lambda item: (-len(item[1]), place_order(first(item[1]))))
    main, main_places = ranked[0]
    where = first(main_places)
    for form, places in ranked[1:]:
        for place in places:
            yield finding(
                code,
                place.unit.file,
                *place.place,
                f"'{form}' is {verb} '{main}' elsewhere ({len(main_places)}×, first at "
                f"{display_path(str(where.unit.file))}:{where.place[0]})",
            )


def first(places: list[Occurrence]) -> Occurrence:
    return min(places, key=place_order)


def place_order(place: Occurrence) -> tuple[int, int]:
    return place.order, place.index
