"""The ``proof`` command: check the manuscript, lay the print edition out, and write
``<out>/proof/``:

    <slug>-proof.pdf   the print pages with a PROOF stamp (version, date), line numbers, finding
                       codes beside their lines and change bars            (proof_pdf.py)
    report.html/.json  every finding with its sentence, file:line, proof page and line (report.py)
    changes.html       what changed since the previous proof, word by word  (changes.py)
    previous/          this proof's text, for the next proof to compare with

The manuscript is read and resolved once (``build.read``); that Book is checked
(``proof.checks.check_book``: what ``make_book.py check`` finds) and laid out once
(``print.layout.laid_out``), and the layout checks (``print.checks.check_layout``) read that very
layout through the same BuildContext; all silenced alike.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pressroom.build import build_timestamp, read
from pressroom.context import BuildContext
from pressroom.findings import Diagnostics
from pressroom.output import write_atomically
from pressroom.print.layout import laid_out
from pressroom.proof import changes, report
from pressroom.proof.checks import check_book
from pressroom.proof.lines import ProofLayout
from pressroom.proof.proof_pdf import Marks, proof_pdf
from pressroom.proof.version import describe

FOLDER = "proof"


def build_proof(manuscript: Path, out_dir: Path, progress: Callable[[str], None] = lambda step: None) -> list[Path]:
    """Write the proof into ``out_dir/proof``; returns the files written (the snapshot for the
    next proof last). A manuscript that cannot be built raises BookError, and nothing is written."""
    manuscript = Path(manuscript)
    progress("reading the manuscript")
    diagnostics = Diagnostics()
    book = read(manuscript, diagnostics)
    timestamp = build_timestamp(book)
    context = BuildContext(Path(out_dir), timestamp, diagnostics)
    progress("laying out the print edition")
    result = laid_out(book, context)
    proof = ProofLayout(book, result.document)
    progress("checking the manuscript")
    findings = check_book(book, diagnostics, layout_context=context)

    version = describe(book.folders.manuscript_dir)
    date = timestamp.strftime("%Y-%m-%d %H:%M UTC")
    folder = Path(out_dir) / FOLDER
    pdf_name = f"{book.slug}-proof.pdf"

    located = report.locate(findings, proof, book)
    marks = Marks()
    for item in located:
        if item.row is not None:
            marks.add_finding(item.row, item.finding)
    previous = changes.load_previous(folder)
    blocks = changes.current_blocks(book, proof)
    changed = changes.compare(previous, blocks) if previous is not None else None
    for change in changed or ():
        for row in change.rows:
            marks.add_change(row)

    progress("drawing the proof")
    data = report.report_data(book, proof, located, version, date, pdf_name, result.pages)
    files = {
        folder / pdf_name: proof_pdf(book, result, proof, marks, version, date),
        folder / "report.html": report.report_html(book, data).encode("utf-8"),
        folder / "report.json": report.report_json(data),
        folder / "changes.html": changes.changes_html(book, proof, changed, previous, version, date, pdf_name).encode(
            "utf-8"
        ),
        folder / changes.SNAPSHOT: changes.snapshot(proof, blocks, version, date),
    }
    write_atomically(files)
    return list(files)
