"""Changes a layout pass makes to a chapter's text before laying it out again, where CSS alone
cannot fix what the layout shows (``fixes`` finds them; ``segments`` applies them through the
print policy to the chapter's element tree, placed notes included):

- ``NoteSplit``: a note too long for the space left under its reference's line. WeasyPrint cannot
  break a note across pages (its issues #1833 and #1924): it moves the whole note to the next page
  and the text before it stops early. The note is cut at a line's end: its first lines stay at the
  foot of the reference's page, the rest becomes a continuation called, with no number, from where
  the next page's text begins, so it opens that page's notes.
- ``WholeWord``: a word the layout hyphenated where a hyphen must not stand (across a page turn, in
  a ladder of hyphenated lines) is kept whole.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import html as lxml_html

from pressroom.print.textpoints import TextPoint, insert_at, keep_before, keep_from, locate, running_text, wrap_word_at


@dataclass(frozen=True)
class NoteSplit:
    chapter_id: str
    note_id: str
    count: int  # non-space characters of the note set at the foot of its reference's page
    anchor: TextPoint  # where the next page's running text begins: the rest is called from there


@dataclass(frozen=True)
class WholeWord:
    chapter_id: str
    at: TextPoint  # a character of the word


Splice = NoteSplit | WholeWord


def apply_splices(body, splices: list[Splice]) -> None:
    """Make the splices in a chapter's element tree. A note split more than once (the first cut left
    too much on the page) is cut where the latest, shortest split says; a splice whose place the text
    no longer shows is left out."""
    shortest: dict[str, NoteSplit] = {}
    for split in (s for s in splices if isinstance(s, NoteSplit)):
        if split.note_id not in shortest or split.count < shortest[split.note_id].count:
            shortest[split.note_id] = split
    for split in sorted(shortest.values(), key=lambda s: s.note_id):
        _split_note(body, split)
    for word in sorted((s for s in splices if isinstance(s, WholeWord)), key=lambda s: (s.at.line, s.at.count)):
        block = find_block(body, word.at)
        if block is not None:
            wrap_word_at(block, word.at.count, lxml_html.Element("span", {"class": "whole-word"}))


def find_block(body, point: TextPoint):
    """The block a point is in, where its text after the point begins as laid out."""
    for element in body.iter():
        if not isinstance(element.tag, str) or element.get("data-line") != str(point.line):
            continue
        if element.get("data-source") == point.source and running_text(element)[point.count :].startswith(point.probe):
            return element
    return None


def _split_note(body, split: NoteSplit) -> None:
    note = next((e for e in body.iter() if isinstance(e.tag, str) and e.get("id") == split.note_id), None)
    block = find_block(body, split.anchor)
    if note is None or block is None or locate(block, split.anchor.count) is None:
        return
    if not 0 < split.count < len(running_text(note)):
        return
    rest = copy.deepcopy(note)
    keep_before(note, split.count)
    keep_from(rest, split.count)
    kept_ids = {e.get("id") for e in note.iter() if isinstance(e.tag, str) and e.get("id")}
    for element in rest.iter():
        if isinstance(element.tag, str) and element.get("id") in kept_ids:
            del element.attrib["id"]
    rest.set("class", "footnote footnote-continued")
    rest.set("data-continues", split.note_id)
    rest.tail = None
    _justify_last_line(note)
    insert_at(block, split.anchor.count, rest)


def _justify_last_line(note) -> None:
    """The note's first part ends inside a paragraph: its last line is set full, as it was before
    the cut. The class goes on the box that holds that line: the last paragraph, or the note itself
    when that paragraph is its first (set inline after the number)."""
    paragraphs = [child for child in note if "footnote-para" in (child.get("class") or "").split()]
    holder = paragraphs[-1] if len(paragraphs) > 1 else note
    holder.set("class", f"{holder.get('class', '')} justify-last".strip())
