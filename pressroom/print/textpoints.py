"""Places in a block's running text that the laid-out lines and the HTML agree on.

A layout fix that changes the text (a note continued on the next page, a word kept whole) is found
on laid-out lines and made in the chapter's element tree before the next layout. Both sides count
the same thing: the non-space characters of the block's running text before the place. Spaces
are not counted because the layout collapses and drops them at line ends; a note's text (it floats
to the foot), math (drawn, no text) and nested blocks with their own ``data-line`` are not running
text of the block. Generated content (note calls, markers, ``::before``) is in the lines only and
is left out there, as is the hyphen the layout adds where it breaks a word.
"""

from __future__ import annotations

from dataclasses import dataclass

from weasyprint.formatting_structure import boxes

INVISIBLE = str.maketrans("", "", "\u00ad\u200b\u2060\ufeff")  # break hints: in one tree, not the other
SKIPPED_CLASSES = {"footnote", "math"}
SKIPPED_TAGS = {"svg", "math", "script", "style", "img", "head"}
GENERATED = ("::before", "::after", "::marker", "::footnote-call", "::footnote-marker")


@dataclass(frozen=True)
class TextPoint:
    """A place in a block: the block by its ``data-line`` (and its own ``data-source``, in a section
    continued from another file), then the non-space characters before the place, and a few after
    it, as laid out (to find the place again only where the text says the same)."""

    line: int
    source: str | None
    count: int
    probe: str


@dataclass(frozen=True)
class LineSpan:
    """Where one laid-out line of a block stands in the block's running text."""

    start: int  # non-space characters of the block before the line
    end: int  # … before the line's end
    hyphenated: bool  # the layout broke a word at the line's end and added a hyphen


def _tag(element) -> str:
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def skipped(element) -> bool:
    """Whether an element's content is not running text of the block around it."""
    if not isinstance(element.tag, str) or _tag(element) in SKIPPED_TAGS:
        return True
    if element.get("data-line") is not None:
        return True
    return bool(SKIPPED_CLASSES & set((element.get("class") or "").split()))


def solid(text: str) -> str:
    """The non-space characters of a text, as both sides count them."""
    return "".join(text.translate(INVISIBLE).split())


def running_text(block) -> str:
    """The non-space characters of a block's running text, in order."""
    parts = [block.text or ""]
    for child in block:
        if not skipped(child):
            parts.append(running_text(child))
        parts.append(child.tail or "")
    return solid("".join(parts))


def _visible_text(line) -> tuple[str, object | None]:
    """A line's text as laid out, generated content left out, and its last text box."""
    parts, last, stack = [], None, [line]
    while stack:
        box = stack.pop()
        if isinstance(box, boxes.TextBox):
            if not (box.element_tag or "").endswith(GENERATED):
                parts.append(box.text)
                last = box if box.text.strip() else last
        elif isinstance(box, boxes.ParentBox):
            stack.extend(reversed(box.children))
    return "".join(parts), last


def line_spans(block, lines: list) -> list[LineSpan] | None:
    """Each line's span in the block's running text (``lines``: the block's own line boxes, in
    order); None when the lines do not spell the block's text (something this count does not
    know), so no fix is made from them."""
    text = running_text(block)
    spans, at = [], 0
    for line in lines:
        shown, last = _visible_text(line)
        shown = solid(shown)
        hyphen = last.style["hyphenate_character"] if last is not None else ""
        if text.startswith(shown, at):
            spans.append(LineSpan(at, at + len(shown), False))
            at += len(shown)
        elif hyphen and shown.endswith(hyphen) and text.startswith(shown[: -len(hyphen)], at):
            at += len(shown) - len(hyphen)
            spans.append(LineSpan(at - len(shown) + len(hyphen), at, True))
        else:
            return None
    return spans


# In the chapter's element tree -------------------------------------------------------------------


def _cut(text: str, count: int) -> int | None:
    """The index in ``text`` just before its ``count``-th non-space character (0-based), skipping
    the spaces before it; None when the text has no such character."""
    seen = 0
    for index, char in enumerate(text):
        if char.isspace() or char in "\u00ad\u200b\u2060\ufeff":
            continue
        if seen == count:
            return index
        seen += 1
    return None


def _places(element):
    """(owner, "text" | "tail") for each piece of an element's running text, in order."""
    yield element, "text"
    for child in element:
        if not skipped(child):
            yield from _places(child)
        yield child, "tail"


def locate(block, count: int) -> tuple[object, str, int] | None:
    """Where the ``count``-th non-space character of the block's running text stands: the element
    whose text or tail holds it, which, and the index there; None past the end."""
    for owner, kind in _places(block):
        text = getattr(owner, kind) or ""
        index = _cut(text, count)
        if index is not None:
            return owner, kind, index
        count -= len(solid(text))
    return None


def insert_at(block, count: int, new) -> bool:
    """Put ``new`` (an element, its tail empty) just before the ``count``-th non-space character."""
    place = locate(block, count)
    if place is None:
        return False
    owner, kind, index = place
    text = getattr(owner, kind)
    setattr(owner, kind, text[:index])
    new.tail = text[index:]
    if kind == "text":
        owner.insert(0, new)
    else:
        owner.addnext(new)
    return True


def wrap_word_at(block, count: int, wrapper) -> bool:
    """Put the word holding the ``count``-th non-space character into ``wrapper`` (an empty element),
    as far as the word lies in one piece of text."""
    place = locate(block, count)
    if place is None:
        return False
    owner, kind, index = place
    text = getattr(owner, kind)
    start, end = index, index
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    wrapper.text, wrapper.tail = text[start:end], text[end:]
    setattr(owner, kind, text[:start])
    if kind == "text":
        owner.insert(0, wrapper)
    else:
        owner.addnext(wrapper)
    return True


def keep_before(element, count: int) -> None:
    """Cut the element's running text (its own, nested blocks included) down to its first
    ``count`` non-space characters: what follows is removed."""
    _keep_before(element, count)


def _keep_before(element, count: int) -> int | None:
    index = _cut(element.text or "", count)
    if index is not None:
        element.text = element.text[:index]
        for child in list(element):
            element.remove(child)
        return None
    count -= len(solid(element.text or ""))
    children = list(element)
    for position, child in enumerate(children):
        left = count if skipped(child) else _keep_before(child, count)
        if left is None:
            child.tail = None
        else:
            count = left
            index = _cut(child.tail or "", count)
            if index is None:
                count -= len(solid(child.tail or ""))
                continue
            child.tail = child.tail[:index]
        for later in children[position + 1 :]:
            element.remove(later)
        return None
    return count


def keep_from(element, count: int) -> None:
    """Cut the element's running text down to what follows its first ``count`` non-space
    characters: what precedes is removed (the elements around the place are kept, so an emphasis
    that runs across it goes on)."""
    _keep_from(element, count)


def _keep_from(element, count: int) -> int | None:
    index = _cut(element.text or "", count)
    if index is not None:
        element.text = element.text[index:]
        return None
    count -= len(solid(element.text or ""))
    element.text = None
    for child in list(element):
        left = count if skipped(child) else _keep_from(child, count)
        if left is None:
            return None
        count = left
        tail = child.tail or ""
        index = _cut(tail, count)
        element.remove(child)
        if index is not None:
            element.text = tail[index:]
            return None
        count -= len(solid(tail))
    return count
