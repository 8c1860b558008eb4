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


class FenceInfoPreprocessor(Preprocessor):
    def run(self, lines):
        out, opened = [], None  # opened: (fence, line number) of the fence being read
        for number, line in enumerate(lines, start=1):
            match = FENCE.match(line)
            if match is None:
                out.append(line)
                continue
            fence, info = match["fence"], match["info"]
            if opened is None:
                if fence[0] == "`" and "`" in info:
                    out.append(line)  # an inline code span at the start of a line, not a fence
                    continue
                opened = (fence, number)
                if "," in info and not info.strip().startswith("{"):
                    line = match["prefix"] + fence + info.replace(",", " ")
            elif fence[0] == opened[0][0] and len(fence) >= len(opened[0]) and not info.strip():
                opened = None
            out.append(line)
        if opened is not None:
            self.md.problems.append(Problem(opened[1], "x-unclosed-fence", f"code fence {opened[0]} is never closed"))
        return out


class FencesExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802
        # Before SuperFences reads fences (its preprocessor runs at 28).
        md.preprocessors.register(FenceInfoPreprocessor(md), "fence_info", 45)
