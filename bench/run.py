"""Time Pressroom's builds of a generated manuscript, and Pandoc's on the same Markdown (issue #11).

    python bench/run.py [--runs 3] [--chapters 60] [--words 150000] [--seed 1] [--work build/bench]

Steps: a full EPUB and PDF, then both again after a one-sentence edit in one chapter, after a
change to book.yaml (the date) and after adding styles/custom.css with one rule. Each build is a
subprocess with SOURCE_DATE_EPOCH set; the table gives the median of --runs runs.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

VENV_BIN = Path(sys.executable).parent
TIME = Path("/usr/bin/time")
STEPS = ["full", "edit", "book.yaml", "css"]
STEP_NAMES = {
    "full": "full",
    "edit": "one-sentence edit",
    "book.yaml": "book.yaml date",
    "css": "custom.css rule",
}


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01, unless the caller (make) set it
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Run cmd; return (wall seconds, peak RSS in MB of the process and the children it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with tempfile.NamedTemporaryFile("r", suffix=".time") as rss_file:
        full = [str(TIME), "-f", "%M", "-o", rss_file.name, *cmd] if TIME.exists() else cmd
        start = time.perf_counter()
        result = subprocess.run(full, cwd=cwd, env=environment(), capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"failed ({result.returncode}): {' '.join(cmd)}\n{result.stdout}\n{result.stderr}")
        if TIME.exists():
            kb = int(rss_file.read().split()[-1])
        else:  # the high-water mark of all children so far: exact only when this build set a new one
            kb = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return seconds, kb / 1024


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def apply_change(step: str, book: Path) -> None:
    manuscript = book / "manuscript"
    if step == "edit":
        chapters = sorted(manuscript.glob("*-chapter.md"))
        chapter = chapters[len(chapters) // 2]
        text = chapter.read_text(encoding="utf-8")
        paragraph = next(p for p in text.split("\n\n")[2:] if p and p[0].isalpha())
        sentence = re.match(r"[^.]*\.", paragraph).group(0)
        new = "The benchmark rewrote this one sentence to see what a small edit costs."
        chapter.write_text(text.replace(sentence, new, 1), encoding="utf-8")
    elif step == "book.yaml":
        yaml = manuscript / "book.yaml"
        yaml.write_text(
            yaml.read_text(encoding="utf-8").replace("date: 2026-01-15", "date: 2026-02-20"), encoding="utf-8"
        )
    elif step == "css":
        (book / "styles").mkdir(exist_ok=True)
        (book / "styles" / "custom.css").write_text("p { word-spacing: 0.02em; }\n", encoding="utf-8")


def ours(kind: str, book: Path, out: Path) -> list[str]:
    return [sys.executable, str(ROOT / "make_book.py"), kind, "-q", "-m", str(book / "manuscript"), "-o", str(out)]


def pandoc(kind: str, book: Path, out: Path) -> list[str]:
    """Pandoc on the same chapters and metadata (without `csl`, a style name Pandoc cannot resolve)."""
    import pypandoc

    manuscript = book / "manuscript"
    meta = out / "pandoc-meta.yaml"
    out.mkdir(parents=True, exist_ok=True)
    lines = (manuscript / "book.yaml").read_text(encoding="utf-8").splitlines()
    meta.write_text("\n".join(line for line in lines if not line.startswith("csl:")) + "\n", encoding="utf-8")
    chapters = sorted(str(p) for p in manuscript.glob("*-chapter.md"))
    cmd = [pypandoc.get_pandoc_path(), "--metadata-file", str(meta), "--citeproc", "--bibliography",
           str(manuscript / "references.bib"), "--resource-path", str(manuscript), *chapters]  # fmt: skip
    css = book / "styles" / "custom.css"
    if css.exists():
        cmd += ["--css", str(css)]
    if kind == "epub":
        return [*cmd, "-o", str(out / "x.epub")]
    return [*cmd, "--embed-resources", "--standalone", "--pdf-engine=weasyprint", "-o", str(out / "x.pdf")]


def one_run(source: Path, work: Path, results: dict) -> None:
    book = work / "book"
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(source, book)
    out, theirs = work / "out", work / "pandoc"
    for step in STEPS:
        apply_change(step, book)
        for kind in ("epub", "pdf"):
            ours_s, ours_mb = timed(ours(kind, book, out), cwd=ROOT)
            pages = page_count(next(out.glob("*.pdf"))) if kind == "pdf" else None
            their_s, their_mb = timed(pandoc(kind, book, theirs), cwd=book / "manuscript")
            their_pages = page_count(theirs / "x.pdf") if kind == "pdf" else None
            row = results.setdefault((step, kind), [])
            row.append((ours_s, their_s, ours_mb, their_mb, pages, their_pages))
            print(f"  {STEP_NAMES[step]} {kind}: ours {ours_s:.1f} s, Pandoc {their_s:.1f} s", flush=True)


def table(results: dict) -> str:
    rows = [
        "| step | ours (s) | Pandoc (s) | ours/Pandoc | peak RSS ours / Pandoc (MB) | pages/s ours (Pandoc) |",
        "|:---|---:|---:|---:|---:|---:|",
    ]
    for (step, kind), runs in results.items():
        ours_s = statistics.median(r[0] for r in runs)
        their_s = statistics.median(r[1] for r in runs)
        ours_mb = max(r[2] for r in runs)
        their_mb = max(r[3] for r in runs)
        if kind == "pdf":
            pages, their_pages = runs[0][4], runs[0][5]
            rate = f"{pages / ours_s:.1f} ({their_pages / their_s:.1f})"
        else:
            rate = ""
        rows.append(
            f"| {STEP_NAMES[step]}, {kind.upper()} | {ours_s:.1f} | {their_s:.1f} | {ours_s / their_s:.2f} "
            f"| {ours_mb:.0f} / {their_mb:.0f} | {rate} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per step; the table gives the median (default 3)")
    parser.add_argument("--chapters", type=int, default=60)
    parser.add_argument("--words", type=int, default=150_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    args = parser.parse_args(argv)
    work = args.work.resolve()
    source = work / "generated"
    generate.generate(args.chapters, args.words, args.seed, source)
    print(f"generated {args.chapters} chapters, about {args.words} words (seed {args.seed}) in {source}")
    results: dict = {}
    for run in range(args.runs):
        print(f"run {run + 1} of {args.runs}", flush=True)
        one_run(source, work / "run", results)
    pages = next(r for (step, kind), r in results.items() if kind == "pdf")[0][4:]
    print(f"\n{args.chapters} chapters, about {args.words} words; PDF pages: ours {pages[0]}, Pandoc {pages[1]}; "
          f"median of {args.runs} run(s); {os.cpu_count()} CPUs\n")  # fmt: skip
    print(table(results))


if __name__ == "__main__":
    main()
