"""Link and image text (``[text](url)``, ``![alt](src)``, ``[text][ref]``) found in linear time.

Python-Markdown finds the ``]`` that closes a ``[`` by counting brackets, character by character,
from there to the end of the paragraph (``LinkInlineProcessor.getText``), once for every ``[`` it
tries: a paragraph with many ``[`` that close late or never takes quadratic time, minutes for some
thousands. Here the brackets of a text are found once (a regular expression skips the rest) and
where each one closes is worked out for all of them in one pass; the answers are Python-Markdown's.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from markdown.extensions import Extension
from markdown.inlinepatterns import LinkInlineProcessor

BRACKET = re.compile(r"[\[\]]")


class Brackets:
    """The brackets of one text and where each ``[`` before a position closes.

    ``depth[k]`` counts the brackets before the k-th one (``[`` +1, ``]`` -1). Counting from a
    position before bracket k, the ``[`` just before that position closes at the first bracket
    t >= k after which the depth is ``depth[k] - 1``; ``closes[k]`` is that t, or -1. One pass from
    the end finds it for every k."""

    def __init__(self, data: str):
        self.data = data
        self.positions = [match.start() for match in BRACKET.finditer(data)]
        depth = [0]
        for position in self.positions:
            depth.append(depth[-1] + (1 if data[position] == "[" else -1))
        first_after: dict[int, int] = {}  # depth → the first bracket after which the depth is that
        self.closes = [-1] * len(depth)
        for k in range(len(depth) - 1, -1, -1):
            self.closes[k] = first_after.get(depth[k] - 1, -1)
            if k:
                first_after[depth[k]] = k - 1

    def get_text(self, index: int) -> tuple[str, int, bool]:
        closing = self.closes[bisect_left(self.positions, index)]
        if closing < 0:
            return self.data[index:], len(self.data), False
        end = self.positions[closing]
        return self.data[index:end], end + 1, True


class LinearText:
    """``getText`` for one processor, keeping the brackets of the text it was last asked about
    (Python-Markdown tries every ``[`` of one text before the text changes)."""

    def __init__(self):
        self.brackets: Brackets | None = None

    def __call__(self, data: str, index: int) -> tuple[str, int, bool]:
        if self.brackets is None or self.brackets.data is not data:
            self.brackets = Brackets(data)
        return self.brackets.get_text(index)


class LinearBracketsExtension(Extension):
    """Give every link, image and reference processor the linear ``getText`` (registered last, so
    that it sees all of them)."""

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        for processor in md.inlinePatterns:
            if isinstance(processor, LinkInlineProcessor):
                processor.getText = LinearText()
