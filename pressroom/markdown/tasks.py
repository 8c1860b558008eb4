"""Task lists (``- [x] done``): pymdownx.tasklist writes ``<input type="checkbox">``, which no
book edition may carry (forms are removed as unsafe). The box becomes a character a reader sees
and a screen reader names."""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

CHECKBOX = re.compile(r'<input type="checkbox" disabled(?P<checked> checked)?\s*/?>')
DONE = '<span class="task-box done">\u2611</span>'  # ☑ (screen readers name the character)
TO_DO = '<span class="task-box">\u2610</span>'  # ☐


class TaskBoxPostprocessor(Postprocessor):
    def run(self, text):
        return CHECKBOX.sub(lambda match: DONE if match["checked"] else TO_DO, text)


class TaskListExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802
        # After raw HTML (pymdownx.tasklist's stashed boxes) is put back (priority 30).
        md.postprocessors.register(TaskBoxPostprocessor(md), "task_boxes", 6)
