"""``check --accept WORD …`` and ``--accept-all``: words added to the book's ``dictionary.txt``.

The file is written atomically, its words sorted and each once. Comment lines at its top stay
there; a comment line further down stays with the word after it, and a comment after a word
stays on its line.
"""

from __future__ import annotations

import re
from pathlib import Path

from pressroom.findings import Finding
from pressroom.manuscript import find_manuscript
from pressroom.output import all_or_nothing, write_atomically
from pressroom.proof.spelling import WORD_LIST
from pressroom.resources import read_text

UNKNOWN_WORDS = {"s-misspelling", "s-unknown-name"}
POSSESSIVE = re.compile(r"['’]s?$")


def dictionary_path(manuscript: Path) -> Path:
    """``dictionary.txt`` beside book.yaml (or beside a single-file manuscript)."""
    return find_manuscript(Path(manuscript))[1] / WORD_LIST


def unknown_words(findings: list[Finding]) -> list[str]:
    """The words of the spelling findings (``--accept-all``)."""
    return [item.subject for item in findings if item.code in UNKNOWN_WORDS and item.subject]


def accept(path: Path, words: list[str]) -> list[str]:
    """Add the words to the word list at ``path``; returns those that were not in it yet."""
    text = read_text(path) if path.is_file() else ""
    head, entries = parse(text)
    present = {word for word, _ in entries}
    added = []
    for word in (piece for given in words for piece in re.split(r"[\s,]+", given)):
        word = POSSESSIVE.sub("", word)
        if word and not word.startswith("#") and word not in present:
            entries.append((word, [word]))
            present.add(word)
            added.append(word)
    if not added:
        return added  # the file as it was (or none)
    entries.sort(key=lambda entry: (entry[0].casefold(), entry[0]))
    body = [line for _, lines in entries for line in lines]
    with all_or_nothing():
        write_atomically({path: ("\n".join(head + body) + "\n").encode("utf-8")})
    return added


def parse(text: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The comment lines at the top, and (word, its lines) for each word, its first entry kept;
    blank lines are dropped."""
    head: list[str] = []
    entries: list[tuple[str, list[str]]] = []
    seen: set[str] = set()
    pending: list[str] = []  # comment lines waiting for the word after them
    for line in text.splitlines():
        if not line.strip():
            continue
        word = line.split("#", 1)[0].strip()
        if not word:
            (pending if entries else head).append(line)
            continue
        if word not in seen:
            seen.add(word)
            entries.append((word, [*pending, line]))
        pending = []
    if pending:
        entries.append(("\uffff", pending))  # comments at the end stay at the end
    return head, entries
