"""Fence info strings as CommonMark and the tools authors come from write them.

SuperFences (pymdown-extensions) reads ```` ```python ````, ```` ```{.c} ```` and
```` ```python title="x.py" ````; mdBook's ```` ```rust,ignore ```` (language, then comma-separated
attributes) it would read without the language. This preprocessor rewrites such an opening line
to ```` ```rust ignore ```` (the attributes become options SuperFences passes over), line for line,
and reports a fence that is never closed (the rest of the file would silently become code).
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from pressroom.markdown.problems import Problem

FENCE = re.compile(r"^(?P<prefix>[ \t]*(?:>[ \t]?)*[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def next_fence(line: str, opened: str | None) -> str | None:
    """The code fence open after ``line`` (its marker, e.g. "```"), given the one open before it."""
    match = FENCE.match(line)
    if match is None:
        return opened
    fence, info = match["fence"], match["info"]
    if opened is None:
        return None if fence[0] == "`" and "`" in info else fence  # "```x```" is inline code
    closes = fence[0] == opened[0] and len(fence) >= len(opened) and not info.strip()
    return None if closes else opened


class FenceInfoPreprocessor(Preprocessor):
    def run(self, lines):
        out, opened, opened_at = [], None, 0
        for number, line in enumerate(lines, start=1):
            before, opened = opened, next_fence(line, opened)
            if before is None and opened is not None:
                opened_at = number
                match = FENCE.match(line)
                if "," in match["info"] and not match["info"].strip().startswith("{"):
                    line = match["prefix"] + match["fence"] + match["info"].replace(",", " ")
            out.append(line)
        if opened is not None:
            self.md.problems.append(Problem(opened_at, "x-unclosed-fence", f"code fence {opened} is never closed"))
        return out


class FencesExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802
        # Before SuperFences reads fences (its preprocessor runs at 28).
        md.preprocessors.register(FenceInfoPreprocessor(md), "fence_info", 45)
