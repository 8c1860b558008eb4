"""What changed in the text since the previous proof, word by word.

Each proof keeps its text under ``<out>/proof/previous/blocks.json``: every laid-out manuscript
block (file, source line, text, page). The next proof aligns the blocks of each file with the
previous ones (difflib over the blocks, in order), compares the blocks that differ word by word,
and reports each change with the new proof's page and line: ``changes.html``
(``styles/templates/proof/changes.html``) and a change bar beside each changed line of the proof
PDF. The first proof has nothing to compare with, and says so.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from pressroom.book import Book
from pressroom.proof.lines import Placed, ProofLayout, Row, alnum
from pressroom.templating import environment

SNAPSHOT = Path("previous") / "blocks.json"
CONTEXT = 8  # words kept on each side of a change when a block's unchanged stretch is long
WORD = re.compile(r"\S+")


@dataclass
class Current:
    """A block of this proof: what the snapshot keeps, and where it stands."""

    file: str  # relative to the manuscript folder
    line: int
    text: str
    placed: Placed

    @property
    def first_row(self) -> Row:
        return self.placed.rows[0][0]

    def record(self, proof: ProofLayout) -> dict:
        row = self.first_row
        return {
            "file": self.file,
            "line": self.line,
            "page": row.page + 1,
            "folio": proof.folio(row.page),
            "text": self.text,
        }


@dataclass
class Change:
    kind: str  # "changed", "inserted", "deleted"
    file: str
    line: int  # the source line now (for "deleted": of the block that follows, or the old line)
    old_line: int | None
    row: Row | None  # where it stands in the new proof
    segments: list[tuple[str, str]] = field(default_factory=list)  # ("equal"|"delete"|"insert"|"gap", text)
    rows: list[Row] = field(default_factory=list)  # the lines that get a change bar


def current_blocks(book: Book, proof: ProofLayout) -> list[Current]:
    blocks = []
    for placed in proof.placed.values():
        text = " ".join(placed.block.text.split())
        if placed.rows and text:
            blocks.append(Current(relative(book, placed.file), placed.line, text, placed))
    return blocks


def relative(book: Book, file: Path) -> str:
    try:
        return Path(file).resolve().relative_to(book.folders.manuscript_dir).as_posix()
    except ValueError:
        return Path(file).name


def snapshot(proof: ProofLayout, blocks: list[Current], version: str, date: str) -> bytes:
    data = {"version": version, "date": date, "blocks": [block.record(proof) for block in blocks]}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def load_previous(proof_dir: Path) -> dict | None:
    """The previous proof's snapshot, or None for the first proof (or an unreadable one)."""
    try:
        data = json.loads((proof_dir / SNAPSHOT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("blocks"), list) else None


def compare(previous: dict, blocks: list[Current]) -> list[Change]:
    """Every change from the previous proof's blocks to this proof's, file by file, in order."""
    old_by_file: dict[str, list[dict]] = {}
    for record in previous["blocks"]:
        old_by_file.setdefault(str(record.get("file")), []).append(record)
    new_by_file: dict[str, list[Current]] = {}
    for block in blocks:
        new_by_file.setdefault(block.file, []).append(block)
    changes = []
    for file in [*new_by_file, *(f for f in old_by_file if f not in new_by_file)]:
        changes.extend(_compare_file(file, old_by_file.get(file, []), new_by_file.get(file, [])))
    return changes


def _compare_file(file: str, old: list[dict], new: list[Current]) -> list[Change]:
    matcher = difflib.SequenceMatcher(
        None, [str(r.get("text", "")) for r in old], [b.text for b in new], autojunk=False
    )
    changes = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            changes.append(_changed(file, old[i1 + k], new[j1 + k]))
        for block in new[j1 + pairs : j2]:
            change = Change(
                "inserted",
                file,
                block.line,
                None,
                block.first_row,
                [("insert", block.text)],
                [row for row, _, _ in block.placed.rows],
            )
            changes.append(change)
        following = new[j2] if j2 < len(new) else (new[j2 - 1] if new else None)
        for record in old[i1 + pairs : i2]:
            row = following.first_row if following else None
            changes.append(
                Change(
                    "deleted",
                    file,
                    following.line if following else int(record.get("line", 0)),
                    int(record.get("line", 0)),
                    row,
                    [("delete", str(record.get("text", "")))],
                    [row] if row else [],
                )
            )
    return changes


def _changed(file: str, record: dict, block: Current) -> Change:
    """One block's words, old against new: struck, inserted, and the lines they are on."""
    old_words = WORD.findall(str(record.get("text", "")))
    new_matches = list(WORD.finditer(block.text))
    new_words = [m.group() for m in new_matches]
    segments: list[tuple[str, str]] = []
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            segments.extend(_context(new_words[j1:j2], first=index == 0, last=index == len(opcodes) - 1))
            continue
        if tag in {"delete", "replace"}:
            segments.append(("delete", " ".join(old_words[i1:i2])))
        if tag in {"insert", "replace"}:
            segments.append(("insert", " ".join(new_words[j1:j2])))
        spots = [m.start() for m in new_matches[j1:j2]] or [
            new_matches[j1].start() if j1 < len(new_matches) else len(block.text)
        ]
        for offset in spots:
            row = block.placed.row_at(len(alnum(block.text[:offset])))
            if row is not None and row not in rows:
                rows.append(row)
    first = rows[0] if rows else block.first_row
    return Change("changed", file, block.line, int(record.get("line", 0)), first, segments, rows)


def _context(words: list[str], first: bool, last: bool) -> list[tuple[str, str]]:
    """An unchanged stretch: whole when short, else its ends next to the changes."""
    keep_head = 0 if first else CONTEXT
    keep_tail = 0 if last else CONTEXT
    if len(words) <= keep_head + keep_tail + CONTEXT:
        return [("equal", " ".join(words))]
    parts = []
    if keep_head:
        parts.append(("equal", " ".join(words[:keep_head])))
    parts.append(("gap", "…"))
    if keep_tail:
        parts.append(("equal", " ".join(words[-keep_tail:])))
    return parts


def changes_html(
    book: Book,
    proof: ProofLayout,
    changes: list[Change] | None,
    previous: dict | None,
    version: str,
    date: str,
    pdf_name: str,
) -> str:
    """changes.html: None for changes means the first proof (nothing to compare with)."""
    css = book.folders.theme_file("proof-report.css").read_text(encoding="utf-8")
    items = []
    for change in changes or ():
        row = change.row
        items.append(
            {
                "kind": change.kind,
                "file": change.file,
                "line": change.line,
                "old_line": change.old_line,
                "href": (book.folders.manuscript_dir / change.file).as_uri(),
                "page": row.page + 1 if row else None,
                "folio": proof.folio(row.page) if row else "",
                "proof_line": row.number if row else None,
                "segments": change.segments,
            }
        )
    counts = {kind: sum(1 for c in changes or () if c.kind == kind) for kind in ("changed", "inserted", "deleted")}
    return (
        environment(book)
        .get_template("proof/changes.html")
        .render(
            css=Markup(css),
            changes=items,
            counts=counts,
            first=changes is None,
            previous=previous or {},
            version=version,
            date=date,
            pdf=pdf_name,
        )
    )
