"""What a conversion could not read as written, for the reader to report at file:line.

Extensions append ``Problem`` records to ``md.problems`` (this extension creates the list and
empties it on reset); the reader turns them into findings.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown.extensions import Extension


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based, in the converted text (the reader adds nothing: lines are kept)
    code: str
    message: str


class ProblemsExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        self.md = md
        md.problems = []
        md.registerExtension(self)

    def reset(self) -> None:
        self.md.problems = []
