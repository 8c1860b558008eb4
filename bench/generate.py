"""Write a large, seeded manuscript in Pressroom's Markdown for the benchmark (issue #11).

The text is non-fiction prose about an invented coastal region, built from word lists; the
apparatus has a real book's density: a footnote every ~300 words, one bar-chart figure per
chapter, one table per two chapters, citations to ~80 generated BibTeX entries, cross-references
to figures, tables and sections, and index marks. The same options give byte-identical files.

    python bench/generate.py --chapters 60 --words 150000 --seed 1 --out build/bench/book

writes OUT/manuscript/{book.yaml,*.md,references.bib} and OUT/images/*.svg.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

PLACES = ["Valden", "Orsk Bay", "Marrow", "Kessendal", "the Tarne valley", "Holm", "Brisa", "the Ferrow coast",
          "Ulden", "Saltmere", "Corvin", "the Hask uplands", "Drevna", "Lowmarsh", "Ennick", "Calder Point"]  # fmt: skip
SUBJECTS = ["the regional councils", "most merchants", "the new railway companies", "small farmers",
            "the provincial governors", "historians of the period", "the customs officials", "the port authorities",
            "the larger landowners", "local banks", "the shipping lines", "the guilds", "the tax collectors",
            "the coastal towns", "the reformers", "the older families", "the fishing cooperatives",
            "the mill owners", "the central ministry", "the district courts", "seasonal workers",
            "the chambers of commerce", "the salt producers", "the canal boards"]  # fmt: skip
VERBS = ["expanded", "resisted", "depended on", "reorganized", "financed", "questioned", "controlled",
         "abandoned", "protected", "taxed", "recorded", "reshaped", "undermined", "defended", "negotiated over",
         "invested in", "argued about", "came to rely on", "tried to regulate", "slowly took over"]  # fmt: skip
OBJECTS = ["the grain trade", "the river ports", "local credit", "the tax system", "the salt works",
           "the coastal shipping", "the land registers", "the timber concessions", "the market towns",
           "the wool trade", "the harbour dues", "the common pastures", "the toll roads", "the herring fishery",
           "the church estates", "the poor relief", "the mortgage market", "the inland canals",
           "the postal service", "the village schools", "the copper mines", "the linen workshops"]  # fmt: skip
PHRASES = ["in the decades after the war", "across the northern districts", "during the long depression",
           "for most of the century", "in the years of the great floods", "after the reform of 1871",
           "along the whole coast", "well before the railway arrived", "in spite of repeated protests",
           "under the new charter", "within a single generation", "at a modest cost", "with mixed results",
           "throughout the inland provinces", "for reasons that are still debated", "in almost every parish"]  # fmt: skip
OPENERS = ["At the same time,", "By contrast,", "In practice,", "For this reason,", "Even so,", "Over time,",
           "In the first place,", "As a result,", "On the other hand,", "Not surprisingly,", "Above all,",
           "In several districts,", "According to the surviving accounts,", "Later,"]  # fmt: skip
CLAUSES = ["although {s} {v} {o}", "because {s} {v} {o}", "while {s} {v} {o}", "so that {s} {v} {o}",
           "which meant that {s} {v} {o}", "even though {s} had long {v} {o}"]  # fmt: skip
COMMENTS = ["The evidence for this is uneven", "This pattern was not new", "The change was slow at first",
            "Contemporaries noticed the shift quickly", "The figures are incomplete but consistent",
            "Few of the records survive", "The reasons were largely practical", "It did not last"]  # fmt: skip
TOPICS = ["Trade", "Land", "Credit", "Ports", "Towns", "Roads", "Labour", "Fisheries", "Schools", "Taxes",
          "Canals", "Mines", "Markets", "Families", "Courts", "Floods", "Reform", "Shipping", "Salt", "Timber"]  # fmt: skip
TOPIC_WORDS = ["and the State", "in Crisis", "before the Railway", "after the Reform", "on the Coast",
               "and Their Critics", "in the Long Century", "under Pressure", "and the Market", "in Transition"]  # fmt: skip
SECTION_TITLES = ["Origins", "The First Changes", "Money and Power", "Resistance", "The Records",
                  "A Closer Look", "Consequences", "Comparisons", "The Later Years", "Numbers and Doubts"]  # fmt: skip
SURNAMES = ["Abrams", "Becker", "Castell", "Doran", "Eklund", "Fairley", "Gorski", "Hallam", "Iversen",
            "Jansen", "Kovac", "Lindqvist", "Marsh", "Novak", "Ostrova", "Pell", "Quist", "Rowe", "Sandberg",
            "Thorne", "Ullman", "Varga", "Whitlock", "Yates", "Zeller", "Brandt", "Corrigan", "Dahl"]  # fmt: skip
GIVEN = ["Anna", "Boris", "Clara", "David", "Elena", "Frank", "Greta", "Henrik", "Ines", "Jonas", "Karin",
         "Lars", "Maria", "Nils", "Olga", "Peter", "Rosa", "Stefan", "Thea", "Viktor"]  # fmt: skip
TITLE_WORDS = ["Harbours", "Merchants", "Peasants", "Credit", "Salt", "Rivers", "Councils", "Markets",
               "Reform", "Debt", "Grain", "Coastlines", "Estates", "Guilds", "Towns", "Tolls"]  # fmt: skip
PUBLISHERS = [("Northfield University Press", "Northfield"), ("Harrow & Lane", "London"),
              ("Calder Academic", "Edinburgh"), ("Brisa Historical Society", "Brisa"),
              ("Meridian Books", "New York"), ("Oakridge Press", "Toronto")]  # fmt: skip


class Writer:
    """Builds the prose, footnotes and apparatus of the book from one random generator."""

    def __init__(self, rng: random.Random, keys: list[str]):
        self.rng = rng
        self.keys = keys
        self.next_key = 0  # cite every entry once before repeating any
        self.terms = sorted({o.removeprefix("the ") for o in OBJECTS} | set(PLACES) - {p for p in PLACES if " " in p})

    def key(self) -> str:
        if self.next_key < len(self.keys):
            self.next_key += 1
            return self.keys[self.next_key - 1]
        return self.rng.choice(self.keys)

    def obj(self) -> str:
        o = self.rng.choice(OBJECTS)
        if self.rng.random() < 0.12:
            bare = o.removeprefix("the ")
            return ("the " if o.startswith("the ") else "") + f"[{bare}]{{.index}}"
        return o

    def sentence(self) -> str:
        r = self.rng
        s, v = r.choice(SUBJECTS), r.choice(VERBS)
        body = f"{s} {v} {self.obj()} {r.choice(PHRASES)}"
        roll = r.random()
        if roll < 0.3:
            clause = r.choice(CLAUSES).format(s=r.choice(SUBJECTS), v=r.choice(VERBS), o=r.choice(OBJECTS))
            body += ", " + clause
        elif roll < 0.4:
            place = r.choice(PLACES)
            mark = f"[{place}]{{.index}}" if " " not in place and r.random() < 0.5 else place
            body = f"in {mark} {body}"
        if r.random() < 0.3:
            body = r.choice(OPENERS) + " " + body
        elif r.random() < 0.08:
            return r.choice(COMMENTS) + "."
        return body[0].upper() + body[1:] + "."

    def paragraph(self, words: int) -> tuple[list[str], int]:
        out, n = [], 0
        while n < words:
            s = self.sentence()
            out.append(s)
            n += len(s.split())
        return out, n

    def note(self) -> str:
        r = self.rng
        text = " ".join(self.sentence() for _ in range(r.randint(1, 2)))
        if r.random() < 0.5:
            text += f" See [@{self.key()}, p. {r.randint(3, 380)}]."
        return text


def bar_chart(rng: random.Random, title: str, labels: list[str], values: list[int]) -> str:
    width, height, left, bottom, top = 310, 192, 40, 166, 14
    top_value = max(values)
    step = 10 ** (len(str(top_value)) - 1)
    ceiling = (top_value // step + 1) * step
    scale = (bottom - top) / ceiling
    slot = (width - left - 6) / len(values)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}pt" height="{height}pt" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="Georgia, serif" font-size="8">',
        f"<title>{title}</title>",
        f"<desc>Bar chart of {title.lower()}, {labels[0]} to {labels[-1]}; the highest value is {top_value:,}.</desc>",
    ]
    for i in range(5):
        y = bottom - i * (bottom - top) / 4
        lines.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 4}" y2="{y:.1f}" stroke="#e4e4e4" stroke-width="0.3"/>'
        )
        lines.append(
            f'<text x="{left - 3}" y="{y + 2.3:.1f}" font-size="7" text-anchor="end">{ceiling * i // 4:,}</text>'
        )
    for i, (label, value) in enumerate(zip(labels, values)):
        x = left + i * slot + slot * 0.15
        h = value * scale
        lines.append(f'<rect x="{x:.1f}" y="{bottom - h:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" fill="#555"/>')
        lines.append(
            f'<text x="{x + slot * 0.35:.1f}" y="{bottom + 10}" font-size="7" text-anchor="middle">{label}</text>'
        )
    lines.append(
        f'<line x1="{left}" y1="{bottom}" x2="{width - 4}" y2="{bottom}" stroke="#1a1a1a" stroke-width="0.5"/>'
    )
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


def bibliography(rng: random.Random, count: int) -> tuple[list[str], str]:
    keys, entries = [], []
    for i in range(count):
        surname, given = SURNAMES[i % len(SURNAMES)], rng.choice(GIVEN)
        year = rng.randint(1955, 2023)
        key = f"{surname.lower()}{year}{'abcdefghij'[i // len(SURNAMES)]}"
        keys.append(key)
        a, b = rng.sample(TITLE_WORDS, 2)
        place = rng.choice([p for p in PLACES if " " not in p])
        publisher, address = rng.choice(PUBLISHERS)
        if rng.random() < 0.7:
            entries.append(
                f"@book{{{key},\n  author    = {{{surname}, {given}}},\n  title     = {{{a} and {b} in {place}}},\n"
                f"  publisher = {{{publisher}}},\n  address   = {{{address}}},\n  year      = {{{year}}}\n}}\n"
            )
        else:
            journal = rng.choice(
                ["Journal of Coastal History", "Economic History Review of the North", "Past and Port"]
            )
            start = rng.randint(1, 300)
            entries.append(
                f"@article{{{key},\n  author  = {{{surname}, {given}}},\n  title   = {{{a}, {b} and the Law in {place}}},\n"
                f"  journal = {{{journal}}},\n  volume  = {{{rng.randint(1, 60)}}},\n  year    = {{{year}}},\n"
                f"  pages   = {{{start}--{start + rng.randint(10, 30)}}}\n}}\n"
            )
    return keys, "% Generated by bench/generate.py.\n\n" + "\n".join(entries)


def chapter(w: Writer, n: int, chapters: int, words: int, tables: dict[int, str]) -> tuple[str, str]:
    r = w.rng
    title = f"{r.choice(TOPICS)} {r.choice(TOPIC_WORDS)}"
    blocks = [f"# {title} {{#chap:c{n:02d}}}"]
    notes: list[str] = []
    sections = 4
    per_section = words // sections
    since_note = 0
    for sec in range(1, sections + 1):
        blocks.append(f"## {r.choice(SECTION_TITLES)} {{#sec:c{n:02d}-{sec}}}")
        section_words = 0
        para_no = 0
        while section_words + 60 < per_section:
            sentences, count = w.paragraph(r.randint(90, 160))
            para_no += 1
            # Cross-references: this chapter's figure and table, earlier sections, earlier figures.
            if sec == 2 and para_no == 1:
                sentences.insert(1, f"@fig:c{n:02d} shows how the numbers changed over the period.")
            if sec == 3 and para_no == 1 and n in tables:
                sentences.append(f"The main figures are set out in @tbl:c{n:02d}.")
            if sec == 4 and para_no == 1 and n > 1:
                back = r.randint(1, n - 1)
                sentences.append(
                    f"The same pattern appeared in @sec:c{back:02d}-{r.randint(1, 4)} (compare @fig:c{back:02d})."
                )
            if para_no == 2 and r.random() < 0.7:
                i = r.randrange(len(sentences))
                sentences[i] = sentences[i][:-1] + f" [@{w.key()}, p. {r.randint(2, 400)}]."
            if para_no == 3 and r.random() < 0.5:
                i = r.randrange(len(sentences))
                sentences[i] = sentences[i][:-1] + f" [see @{w.key()}, ch. {r.randint(1, 12)}; @{w.key()}]."
            since_note += count
            while since_note >= 300:
                since_note -= 300
                label = f"c{n:02d}-{len(notes) + 1}"
                i = r.randrange(len(sentences))
                sentences[i] += f"[^{label}]"
                note = w.note()
                notes.append(f"[^{label}]: {note}")
                count += len(note.split())
            blocks.append(" ".join(sentences))
            section_words += count
            if sec == 2 and para_no == 1:
                blocks.append(
                    f"![{title}: yearly totals in the districts, {1850 + n}--{1861 + n}.](../images/fig-{n:02d}.svg)"
                    f'{{#fig:c{n:02d} alt="Bar chart of twelve yearly totals for {title.lower()}, rising and falling '
                    f'from year to year." credit="Data: generated for the benchmark."}}'
                )
            if sec == 3 and para_no == 1 and n in tables:
                blocks.append(tables[n])
    blocks.extend(notes)
    return "\n\n".join(blocks) + "\n", title


def table(rng: random.Random, n: int) -> str:
    places = rng.sample([p for p in PLACES if " " not in p], 5)
    rows = ["| District | Ships | Tonnage | Share of trade |", "|:---|---:|---:|---:|"]
    for p in places:
        rows.append(f"| {p} | {rng.randint(12, 480)} | {rng.randint(1000, 90000):,} | {rng.randint(2, 40)}% |")
    return "\n".join(rows) + f"\n\n: Shipping registered in five districts in {1850 + n}. {{#tbl:c{n:02d}}}"


def generate(chapters: int, words: int, seed: int, out: Path) -> None:
    rng = random.Random(seed)
    manuscript, images = out / "manuscript", out / "images"
    for d in (manuscript, images):
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
    keys, bib = bibliography(rng, 80)
    (manuscript / "references.bib").write_text(bib, encoding="utf-8")
    w = Writer(rng, keys)
    tables = {n: table(rng, n) for n in range(1, chapters + 1, 2)}
    files = []
    for n in range(1, chapters + 1):
        text, title = chapter(w, n, chapters, words // chapters, tables)
        name = f"{n:02d}-chapter.md"
        (manuscript / name).write_text(text, encoding="utf-8")
        files.append(name)
        labels = [str(1850 + n + i) for i in range(12)]
        values = [rng.randint(200, 9000) for _ in labels]
        svg = bar_chart(rng, f"{title}: yearly totals", [label[2:] for label in labels], values)
        (images / f"fig-{n:02d}.svg").write_text(svg, encoding="utf-8")
    yaml = [
        "# Generated by bench/generate.py.",
        "title: The Coast and Its Trades",
        "subtitle: A Benchmark History of an Invented Region",
        "author:",
        "  - Pressroom Benchmark",
        "lang: en-US",
        "date: 2026-01-15",
        "publisher: Pressroom Editions",
        'rights: "© 2026 Pressroom Editions"',
        f"description: A generated book of {chapters} chapters and about {words} words.",
        "bibliography: references.bib",
        "csl: chicago-note-bibliography",
        "print:",
        "  trim: 6x9in",
        "contents:",
        *(f"  - {name}" for name in files),
    ]
    (manuscript / "book.yaml").write_text("\n".join(yaml) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", type=int, default=60)
    parser.add_argument("--words", type=int, default=150_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("build/bench/book"))
    args = parser.parse_args(argv)
    generate(args.chapters, args.words, args.seed, args.out)
    print(f"{args.out}/manuscript: {args.chapters} chapters, about {args.words} words")


if __name__ == "__main__":
    main()
