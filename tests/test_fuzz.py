"""Random manuscripts through the whole pipeline (issue #14): Hypothesis draws Markdown from a
grammar of the constructs books use, mixed with random text, random book.yaml metadata (valid and
not) and small file trees, and builds the EPUB. A build must either write an EPUB that EPUBCheck
accepts or stop with a BookError whose every finding has a file and a line: never another
exception, never a hang.

The examples are fixed (``derandomize``) and bounded, so `make test` stays fast and a failure
is reproducible; the EPUBs written are checked by EPUBCheck together, in one Java process.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import signal
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import epubcheck
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from pressroom.book import ROLES
from pressroom.build import build
from pressroom.errors import BookError
from pressroom.findings import BuildFailed

EXAMPLES = 35  # about 10 s of builds on one core (make test's budget is 3 minutes on 2 cores)
SECONDS_PER_EXAMPLE = 30  # a build of a few small files takes well under one
EPUBCHECKED = 12  # at most this many of the EPUBs written go to EPUBCheck (one JVM: ~4 s)

# -- the pieces ---------------------------------------------------------------------------------

WORDS = [
    "the", "committee", "met", "again", "in", "spring", "naïve", "Ærø", "Straße", "日本語", "עברית",
    "مرحبا", "🙂", "👩‍👩‍👧", "e\u0301", "a\u00a0b", "zero\u200bwidth", "1937", "10%", "--", "---", "...",
    "'quoted'", '"double"', "it's", "&", "&amp;", "&nbsp;", "&bogus;", "&#0;", "&#xD800;", "<", ">", "\\",
    "*", "_", "`", "$", "$5", "[", "]", "{", "}", "|", "#", "~", "^", "@", "@@", "!", "TODO", "https://example.com",
    "\x00", "\x0b", "\x0c", "\x1b[0m", "\x7f", "\x85", "\ufeff", "\ufffe", "\U0010ffff", "\u202e",
]  # fmt: skip
NOTES = ["a", "b", "1", "long-note", "ü"]
KEYS = ["doe2020", "roe2019", "unused2001", "missing-key", "Doe2020"]
LABELS = ["fig:a", "fig:b", "tbl:t", "sec:s", "chap:c", "lst:l", "eq:e", "fig:missing", "sec:"]
TEX = ["x^2", r"\frac{1}{2}", r"\alpha + \beta_i", r"\unknowncmd{x}", "{", "}", r"\sqrt{", "", " x ", r"a \\ b",
       r"\begin{matrix} a & b \\ c & d \end{matrix}", r"\text{déjà}", "x<y", r"\mathbb{R}^n", "$"]  # fmt: skip
URLS = ["https://example.com", "02.md", "02.md#sec-s", "#sec:s", "#dup", "missing.md", "mailto:a@b.c",
        "javascript:alert(1)", "", "../outside.md", "ftp://x", "<>", "http://[bad"]  # fmt: skip
IMAGES = ["../images/fig.png", "../images/fig.svg", "../images/photo.jpg", "../images/broken.png",
          "../images/missing.png", "fig.png", "https://example.com/x.png", "../../etc/passwd", "", "../images/"]  # fmt: skip
IMAGE_ATTRS = ["", "{#fig:a}", "{#fig:b width=50%}", "{.bleed}", '{#fig:a alt="Bars." credit="Invented."}',
               '{width="abc"}', "{#fig:a}{#fig:a}", "{", '{alt=""}']  # fmt: skip
HEADING_ATTRS = ["", " {#sec:s}", " {#chap:c}", " {.unnumbered}", " {-}", " {#dup}", " {.part}", " {#}",
                 " {#id .class key=val}", " {", " {#sec:s .unnumbered}", " #"]  # fmt: skip
FENCE_INFOS = ["", "python", "rust,ignore", '{.python linenums="1"}', '{.c #lst:l caption="A *listing*"}',
               "unknownlang", "{", 'python title="x.py"', "{.text hl_lines=\"1 9\"}", "bash"]  # fmt: skip
RAW_INLINE = ['<span class="x">span</span>', "<b>bold</b>", "<script>alert(1)</script>", "<em>open",
              '<img src="../images/fig.png" alt="">', '<img src="../images/missing.png">', '<a href="#dup">a</a>',
              "<br>", "<!-- comment -->", "<sup>1</sup>", "<math><mi>x</mi></math>", "</div>", "<kbd>Ctrl</kbd>",
              '<a name="old">', '<span style="color: red; position: fixed">s</span>', "<wbr>", "<q>q</q>"]  # fmt: skip
RAW_BLOCKS = ['<div class="box">\n\ninside *div*\n\n</div>', "<table><tr><td>cell</td></tr></table>",
              '<svg width="10" height="10"><circle r="4" cx="5" cy="5"/></svg>', "<hr/>", "<aside>aside</aside>",
              "<details><summary>More</summary>\n\ntext\n</details>", "<pre>\n  pre  text\n</pre>",
              '<figure><img src="../images/fig.png" alt="x"><figcaption>c</figcaption></figure>',
              "<math display=\"block\"><mfrac><mn>1</mn><mn>2</mn></mfrac></math>",
              # the wild ones
              "<div>\nnever closed", "<iframe src=\"https://x\"></iframe>", "<style>p { color: red }</style>",
              "<p>para<p>another", "<video src=\"x.mp4\"></video>", "<div><p>unclosed</div>", "</section>"]  # fmt: skip
DIV_CLASSES = ["{.note}", "warning", "{#x .sidebar}", "{.epigraph}", "{.index}", "{", "{.columns}", ""]
CSS = ["", "p { margin: 0 }", "body { font-family: Nope; }", "@import url(https://x/y.css);", "{{{", "h1 { color: red"]

TAME_WORDS = ["the", "committee", "met", "again,", "in", "spring.", "naïve", "Ærø", "Straße", "日本語", "עברית",
              "🙂", "1937", "10%", "—", "“quoted”", "it’s", "and", "minutes", "record", "café", "සිංහල", "ኢትዮጵያ", "㐀"]  # fmt: skip

# Random text: any character but surrogates (which no UTF-8 file can hold) and control characters
# (which the reader refuses: WORDS has a few, for the wild text).
text = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=12)


def grammar(mode: str) -> st.SearchStrategy[str]:
    """A block of Markdown. Tame: constructs as a careful author writes them, which should build;
    noisy: the same with random characters among the words (control characters, unassigned code
    points, stray syntax); wild: anything, broken syntax and undefined references included."""
    wild = mode == "wild"

    def pick(tame: list, more: list) -> st.SearchStrategy:
        return st.sampled_from(tame + more if wild else tame)

    word = {
        "tame": st.sampled_from(TAME_WORDS),
        "noisy": st.one_of(st.sampled_from(TAME_WORDS), text),
        "wild": st.one_of(st.sampled_from(WORDS), text),
    }[mode]

    def words(min_size: int = 1, max_size: int = 6) -> st.SearchStrategy[str]:
        return st.lists(word, min_size=min_size, max_size=max_size).map(" ".join)

    plain = st.lists(st.sampled_from(TAME_WORDS[:9]), min_size=1, max_size=4).map(" ".join)
    tex = pick(TEX[:3] + TEX[9:11] + TEX[12:14], TEX)
    pieces = [
        words(),
        words(),
        words(1, 3).map(lambda w: f"*{w}*"),
        words(1, 3).map(lambda w: f"**{w}**"),
        words(1, 3).map(lambda w: f"_{w}_"),
        words(1, 2).map(lambda w: f"`{w}`"),
        words(1, 2).map(lambda w: f"~~{w}~~"),
        plain.map(lambda w: f"^{w.split()[0]}^"),
        st.tuples(words(1, 2), pick(URLS[:1], URLS[1:])).map(lambda p: f"[{p[0]}]({p[1]})"),
        pick(NOTES[:3], NOTES[3:]).map(lambda n: f"[^{n}]"),  # tame: defined by chapter()
        words(1, 3).map(lambda w: f"^[{w}]"),
        st.tuples(pick(KEYS[:2], KEYS[2:]), pick(["", ", p. 4", ", pp. 1-2", "; @roe2019"], [", ch. 3", ";"])).map(
            lambda p: f"[@{p[0]}{p[1]}]"
        ),
        pick(KEYS[:2], KEYS[2:]).map(lambda k: f"@{k}"),
        tex.map(lambda t: f"${t}$"),
        st.tuples(plain, plain).map(lambda p: f'[{p[0]}]{{.index term="{p[1]}"}}'),
        pick(['<span class="x">span</span>', "<b>bold</b>", "<kbd>Ctrl</kbd>", "<sup>1</sup>", "<br>"], RAW_INLINE),
    ]
    if wild:
        pieces += [
            st.sampled_from(KEYS).map(lambda k: f"[-@{k}]"),
            st.sampled_from(LABELS).map(lambda label: f"@{label}"),
            st.sampled_from(LABELS).map(lambda label: f"[-@{label}]"),
            st.sampled_from(LABELS).map(lambda label: f"[@{label}, page]"),
            plain.map(lambda w: f'[{w}]{{.index see="{w}"}}'),
            plain.map(lambda w: f"[{w}]{{.smallcaps}}"),
            plain.map(lambda w: f"[{w}]{{#dup}}"),
            plain.map(lambda w: f"[{w}]{{"),
            st.sampled_from(["\\*", "\\$", "\\\\", "\\[", "<https://example.com>", "  \n", "\n", "\t", "\\\n"]),
        ]
    inline = st.one_of(pieces)
    paragraph = st.lists(inline, min_size=1, max_size=8).map(" ".join)

    def heading(level: int | None = None) -> st.SearchStrategy[str]:
        levels = st.just(level) if level else pick([2, 2, 3], [1, 4, 6, 7])
        attrs = pick(["", "", " {.unnumbered}"], HEADING_ATTRS)
        return st.tuples(levels, paragraph, attrs).map(lambda h: f"{'#' * h[0]} {h[1].replace(chr(10), ' ')}{h[2]}")

    code_fence = st.tuples(
        pick(["```", "~~~"], ["````"]),
        pick(FENCE_INFOS[:5], FENCE_INFOS[5:]),
        st.lists(st.one_of(words(0, 5), st.just("\tindented\tand\ttabbed"), text if wild else plain), max_size=4),
        st.booleans() if wild else st.just(True),
    ).map(lambda f: "\n".join([f[0] + f[1], *f[2], *([f[0]] if f[3] else [])]))

    def table_of(n: int) -> st.SearchStrategy[str]:
        cells = st.lists(st.one_of(words(0, 3), inline), min_size=n if not wild else 1, max_size=n + wild)
        return st.tuples(
            st.lists(plain, min_size=n, max_size=n),
            st.lists(cells, max_size=3),
            pick(["", "\n\n: A caption."], ["\n\n: Counts. {#tbl:t}", "\n\n: {#tbl:t}"]),
            st.sampled_from(["---", ":--", "--:", ":-:"]),
        ).map(
            lambda t: (
                "\n".join(
                    [
                        "| " + " | ".join(t[0]) + " |",
                        "|" + "|".join([t[3]] * len(t[0])) + "|",
                        *(
                            "| " + " | ".join(c.replace("\n", " ").replace("|", "\\|") for c in row) + " |"
                            for row in t[1]
                        ),
                    ]
                )
                + t[2]
            )
        )

    leaves = [
        paragraph,
        paragraph,
        paragraph,
        heading(),
        code_fence,
        st.integers(1, 4).flatmap(table_of),
        st.tuples(words(0, 4), pick(IMAGES[:3], IMAGES[3:]), pick(["", "{width=50%}"], IMAGE_ATTRS)).map(
            lambda i: f"![{i[0]}]({i[1]}){i[2]}"
        ),
        pick(RAW_BLOCKS[:9], RAW_BLOCKS[9:]),
        tex.map(lambda t: f"$$\n{t}\n$$"),
        st.lists(plain, min_size=1, max_size=3).map(lambda lines: "\n".join(f"| {line}" for line in lines)),
        pick(["---", "* * *"], ["***", "<!-- check-ignore: t-straight-quotes -->", "\\newpage", "[TOC]"]),
        st.tuples(plain, paragraph).map(lambda d: f"{d[0]}\n: {d[1]}"),
    ]
    if wild:
        leaves += [
            st.tuples(st.sampled_from(NOTES), paragraph).map(lambda n: f"[^{n[0]}]: {n[1]}"),
            st.tuples(st.sampled_from(NOTES), paragraph, paragraph).map(lambda n: f"[^{n[0]}]: {n[1]}\n\n    {n[2]}"),
            st.sampled_from(TEX).map(lambda t: f"$$ {t} $$ {{#eq:e}}"),
            st.just("$$\nnever closed"),
            words(1, 4).map(lambda w: f"Listing: {w} {{#lst:l}}"),
            st.lists(words(0, 4), min_size=1, max_size=3).map(lambda lines: "\n".join("    " + x for x in lines)),
            text,
        ]

    def lists(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        group = st.lists(children, min_size=1, max_size=3).map("\n\n".join)
        item = st.tuples(pick(["- ", "* ", "1. ", "- [ ] ", "- [x] "], ["+ ", "3) "]), group)
        return st.lists(item, min_size=1, max_size=4).map(
            lambda items: "\n".join(indent(body, " " * len(marker), marker) for marker, body in items)
        )

    def quote(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        group = st.lists(children, min_size=1, max_size=3).map("\n\n".join)
        return st.tuples(group, pick(["", "\n{.epigraph}"], ["\n> — Someone"])).map(lambda q: indent(q[0], "> ") + q[1])

    def div(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        group = st.lists(children, min_size=1, max_size=3).map("\n\n".join)
        return st.tuples(pick(DIV_CLASSES[:3], DIV_CLASSES[3:]), group, pick([":::"], ["::::", ""])).map(
            lambda d: f"::: {d[0]}\n{d[1]}\n{d[2]}"
        )

    if not wild:  # nested as authors nest: lists in lists, quotes of paragraphs and lists, divs of those
        nested_list = st.recursive(paragraph, lists, max_leaves=5)
        quoted = quote(st.one_of(paragraph, nested_list))
        return st.one_of(*leaves, nested_list, quoted, div(st.one_of(paragraph, nested_list, quoted, code_fence)))

    def nested(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        group = st.lists(children, min_size=1, max_size=3).map("\n\n".join)
        html = st.tuples(st.sampled_from(["<div>", '<section class="x">', "<blockquote>"]), group).map(
            lambda h: f"{h[0]}\n\n{h[1]}\n\n</{h[0][1:].split()[0].rstrip('>')}>"
        )
        return st.one_of(lists(children), quote(children), div(children), html)

    return st.recursive(st.one_of(leaves), nested, max_leaves=6)


MODES = ("tame", "noisy", "wild")
BLOCKS = {mode: grammar(mode) for mode in MODES}
NOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\](?!:)")


def indent(block: str, prefix: str, first: str | None = None) -> str:
    lines = block.split("\n")
    return "\n".join([(first if first is not None else prefix) + lines[0], *(prefix + line for line in lines[1:])])


@st.composite
def chapter(draw, mode: str) -> str:
    blocks = draw(st.lists(BLOCKS[mode], max_size=6))
    if mode != "wild" or draw(st.booleans()):
        title = draw(st.lists(st.sampled_from(TAME_WORDS), min_size=1, max_size=4).map(" ".join))
        blocks.insert(0, f"# {title}{draw(st.sampled_from(['', ' {.unnumbered}', ' {#chap:c}']))}")
    if mode != "wild":  # every note referred to is defined, at the end of the file
        for name in dict.fromkeys(NOTE_REFERENCE.findall("\n\n".join(blocks))):
            blocks.append(f"[^{name}]: The note {name}.")
        return "\n\n".join(blocks) + "\n"
    separator = draw(st.sampled_from(["\n\n", "\n\n", "\n"]))
    body = separator.join(blocks) + draw(st.sampled_from(["\n", "", "\n\n\n"]))
    return draw(st.sampled_from(["", "\ufeff", "---\ntitle: x\n---\n"])) + body


# -- metadata -----------------------------------------------------------------------------------


junk = st.one_of(st.integers(-3, 3), st.booleans(), st.none(), st.lists(st.integers(), max_size=2), text,
                 st.dictionaries(st.sampled_from(["x", "name", "file"]), st.integers(), max_size=2))  # fmt: skip
tame_text = st.lists(st.sampled_from(TAME_WORDS), min_size=1, max_size=5).map(" ".join)
tame_paragraph = tame_text.map(lambda w: f"*{w}* and {w}.")
free_text = st.one_of(tame_text, tame_text, tame_text, text.filter(str.strip))  # any text is right here
# Each key: (a value as a careful author writes it, a value that is wrong).
METADATA = {
    "subtitle": (free_text, junk),
    "short-title": (free_text, junk),
    "author": (
        st.one_of(
            free_text,
            st.lists(free_text, max_size=3),
            st.lists(st.fixed_dictionaries({"name": tame_text}, optional={"role": st.just("editor")}), max_size=2),
        ),
        st.one_of(junk, st.just([{"name": "x", "role": "x"}]), st.just({"name": 3})),
    ),
    "lang": (st.sampled_from(["en", "en-US", "fr", "de", "he", "ar", "ja", "en-GB"]), st.one_of(junk, text)),
    "date": (st.sampled_from(["2024-05-01", "2024"]), st.one_of(junk, st.dates(), st.just("May 2024"))),
    "publisher": (free_text, junk),
    "rights": (free_text, junk),
    "description": (free_text, junk),
    "subject": (st.lists(free_text, max_size=3), junk),
    "identifier": (
        st.one_of(
            st.sampled_from(["9780000000002", "urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8"]),
            st.fixed_dictionaries({}, optional={"epub": st.just("9780000000002"), "print": tame_text}),
        ),
        st.one_of(junk, st.just("978-0-00-000001-9"), st.just("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), tame_text),
    ),
    "cover-image": (st.sampled_from(IMAGES[:3]), st.one_of(junk, st.sampled_from(IMAGES[3:]))),
    "csl": (
        st.sampled_from(["chicago-author-date", "apa", "chicago-notes-bibliography"]),
        st.one_of(junk, st.just("nope")),
    ),
    "nocite": (st.sampled_from(["*", "@doe2020", ["unused2001"]]), st.one_of(junk, st.just("@missing"))),
    "edition": (free_text, junk),
    "credits": (st.lists(tame_text, max_size=2), junk),
    "epub": (
        st.fixed_dictionaries(
            {}, optional={"notes": st.sampled_from(["footnotes", "endnotes"]), "fonts": st.sampled_from(["none"])}
        ),
        st.one_of(junk, st.just({"notes": "sidenotes"}), st.just({"bogus": 1})),
    ),
    "print": (st.just({"trim": "6x9in"}), st.one_of(junk, st.just({"trim": "huge"}))),
    "numbering": (st.just({"figures": "chapter"}), junk),
    "lists": (st.sampled_from([["figures"], ["figures", "tables"]]), junk),
    "words": (st.just({"figure": ["Fig.", "Figs."]}), st.one_of(junk, st.just({"figure": 3}))),
    "check": (st.just({"ignore": ["t-straight-quotes"]}), junk),
    "abstract": (tame_paragraph, junk),
    "keywords": (st.lists(tame_text, max_size=2), junk),
    "layout": (st.sampled_from(["book", "article"]), junk),
    "top-level-division": (st.sampled_from(["chapter", "part"]), junk),
    "shift-heading-level-by": (st.integers(-1, 1), st.one_of(junk, st.integers(-9, 9))),
    "split": (st.sampled_from(["heading", "file"]), junk),
    "chapters-open": (st.sampled_from(["right", "any"]), junk),
    "back-cover": (tame_paragraph, junk),
    "mainfont": (st.nothing(), st.one_of(junk, st.just("Nope Serif"))),
    "titel": (st.nothing(), st.just("a misspelt key")),
}


@st.composite
def metadata(draw, files: list[str], wild: bool) -> dict:
    """book.yaml's keys: tame, every value right (and the bibliography the tame text cites);
    wild, each value right five times in six."""

    def value(key: str):
        right, wrong = METADATA[key]
        if right.is_empty or (wild and draw(st.integers(0, 5)) == 0):
            return draw(wrong)
        return draw(right)

    data = {"title": value("subtitle")} if not wild or draw(st.integers(0, 9)) else {}
    data["bibliography"] = draw(st.sampled_from(["references.bib"] * 4 + ["refs.json", "broken.bib", "missing.bib", 3]))
    if not wild:
        data["bibliography"] = "references.bib"
    keys = [key for key in METADATA if wild or not METADATA[key][0].is_empty]
    for key in draw(st.lists(st.sampled_from(keys), max_size=8, unique=True)):
        data[key] = value(key)
    if not files:
        return data
    if not wild:
        contents = draw(st.permutations(files))
        roles = {0: draw(st.sampled_from(["chapter", "preface", "foreword"]))}
        if len(files) > 2:
            roles[len(files) - 1] = draw(st.sampled_from(["chapter", "appendix", "colophon"]))
        data["contents"] = [{"file": name, "role": roles[i]} if i in roles else name for i, name in enumerate(contents)]
        return data
    entry = st.one_of(
        st.sampled_from(files),
        st.sampled_from(files),
        st.builds(lambda f, r: {"file": f, "role": r}, st.sampled_from(files), st.sampled_from(sorted(ROLES))),
        st.sampled_from(["missing.md", "../outside.md", "", {"file": 3}, {"role": "chapter"}, 7]),
        st.builds(lambda f: {"file": f, "role": "bogus"}, st.sampled_from(files)),
    )
    entries = st.lists(entry, min_size=1, max_size=len(files) + 1)
    data["contents"] = draw(st.one_of(entries, entries, entries, junk))
    return data


# -- file trees ---------------------------------------------------------------------------------


def png(size=(24, 12), mode="RGB", form="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "steelblue").save(buffer, form)
    return buffer.getvalue()


BIB = """@book{doe2020,
  author = {Doe, Jane}, title = {The Archive}, publisher = {Example Press}, year = {2020}
}
@article{roe2019,
  author = {Roe, Richard and Poe, Paula}, title = {Counting {the} Past}, journal = {J. Tests}, year = {2019}
}
@book{unused2001, author = {Nobody, Ned}, title = {Never Cited}, year = {2001}}
"""
CSL_JSON = '[{"id": "doe2020", "type": "book", "title": "The Archive", "issued": {"date-parts": [[2020]]}}]'


@st.composite
def fonts_left_out(draw, data: dict) -> dict:
    """Mostly without the embedded fonts: subsetting them is most of a small EPUB's build time, and
    they are made alike for every book (tests/test_epub.py and test_epub_assets.py check them)."""
    if draw(st.integers(0, 3)) and isinstance(data.get("epub", {}), dict):
        data["epub"] = {**data.get("epub", {}), "fonts": "none"}
    return data


@st.composite
def manuscripts(
    draw, text_mode: str | None = None, wild_meta: bool | None = None
) -> tuple[dict[str, bytes | str], str]:
    """The files of a book (path under the book's root: content) and the manuscript to build:
    its Markdown tame, noisy or wild (see grammar()), its metadata tame or wild (see metadata())."""
    text_mode = draw(st.sampled_from(MODES)) if text_mode is None else text_mode
    wild_meta = draw(st.integers(0, 2)) == 0 if wild_meta is None else wild_meta
    wild_text = text_mode == "wild"
    wild = wild_text or wild_meta
    files: dict[str, bytes | str] = {
        "images/fig.png": png(),
        "images/photo.jpg": png((30, 20), form="JPEG"),
        "images/fig.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10"/></svg>',
        "images/broken.png": png()[:40],
        "manuscript/references.bib": BIB,
        "manuscript/refs.json": CSL_JSON,
        "manuscript/broken.bib": draw(st.sampled_from(["@book{x, title = {Unclosed", "@@@", "@book{, }", BIB[:90]])),
    }
    if draw(st.booleans()):
        files["manuscript/styles/custom.css"] = draw(st.sampled_from(CSS if wild else CSS[:2]))
    names = [
        f"{index:02}-{draw(st.sampled_from(['ch', 'part', 'notes']))}.md" for index in range(draw(st.integers(1, 4)))
    ]
    if draw(st.integers(0, 3)) == 0:  # one Markdown file that starts with its metadata
        data = draw(fonts_left_out(draw(metadata([], wild_meta))))
        front = draw(
            st.sampled_from(
                ["---\n{yaml}---\n", "---\n{yaml}...\n", "{yaml}", "---\n{yaml}"] if wild else ["---\n{yaml}---\n"]
            )
        )
        files["manuscript/book.md"] = front.format(yaml=yaml.safe_dump(data, allow_unicode=True)) + draw(
            chapter(text_mode)
        )
        return files, "manuscript/book.md"
    data = draw(fonts_left_out(draw(metadata(names, wild_meta))))
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if wild_meta:
        text += draw(st.sampled_from(["", "", "", "", "", "title: [unclosed\n", "\ttab: x\n", "contents: x\n"]))
    files["manuscript/book.yaml"] = text
    for name in names:
        files[f"manuscript/{name}"] = draw(chapter(text_mode))
        if wild_text and draw(st.integers(0, 5)) == 0:
            files[f"manuscript/{name}"] = files[f"manuscript/{name}"].replace("\n", "\r\n")
    if wild_text and draw(st.integers(0, 7)) == 0:
        files[f"manuscript/{names[-1]}"] = b"\xff\xfe not UTF-8 \xc3"
    return files, "manuscript"


# -- the test -----------------------------------------------------------------------------------


class Hang(BaseException):  # not an Exception: nothing in the pipeline may catch it
    pass


@contextlib.contextmanager
def time_limit(seconds: float):
    def expired(signum, frame):
        raise Hang(f"the build took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def assert_clear(error: BookError) -> None:
    """Every problem named with the file and line to fix."""
    findings = error.findings if isinstance(error, BuildFailed) else [error]
    for finding in findings:
        assert str(finding.file) not in {"", ".", "None"}, f"no file: {finding}"
        assert isinstance(finding.line, int) and finding.line >= 1, f"no line: {finding}"
        assert finding.message.strip() and "\n" not in finding.message.strip(), f"unclear: {finding.message!r}"


def build_one(files: dict[str, bytes | str], manuscript: str, keep: Path) -> Path | None:
    """Build the EPUB of one drawn book; returns a copy of it kept for EPUBCheck, or None when the
    build stopped (clearly)."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as name:
        root = Path(name)
        for path, content in files.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                (root / path).write_bytes(content)
            else:
                (root / path).write_text(content, encoding="utf-8")
        out = root / "out"
        try:
            with time_limit(SECONDS_PER_EXAMPLE):
                (epub,) = build(root / manuscript, out, ("epub",))
        except BookError as error:
            assert_clear(error)
            assert not out.exists() or not any(out.iterdir()), "a stopped build left files behind"
            return None
        assert [p.name for p in out.iterdir()] == [epub.name], "temporary files left behind"
        with zipfile.ZipFile(epub) as archive:
            assert archive.testzip() is None
        copy = keep / f"{len(list(keep.glob('*.epub'))):03}.epub"
        shutil.copyfile(epub, copy)
        shutil.copytree(root, copy.with_suffix(""), ignore=shutil.ignore_patterns("out"))  # to see what made it
        return copy


def test_random_manuscripts_build_an_epub_or_stop_with_file_line_errors(tmp_path):
    keep = tmp_path / "epubs"
    keep.mkdir()
    written: list[Path] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )
    @given(manuscripts())
    def builds_or_stops_clearly(book):
        files, manuscript = book
        epub = build_one(files, manuscript, keep)
        if epub is not None:
            written.append(epub)

    started = time.monotonic()
    builds_or_stops_clearly()
    print(f"fuzz: {len(written)} EPUBs written in {time.monotonic() - started:.1f} s")
    assert written, "no random manuscript built: the strategies make only broken books"
    checked = written[:: max(1, len(written) // EPUBCHECKED)][:EPUBCHECKED]
    started = time.monotonic()
    problems = {
        path.name: [f"{m['severity']} {m['ID']}: {m['message']}" for m in messages if m["severity"] != "USAGE"]
        for path, messages in epubcheck(checked).items()
    }
    print(f"fuzz: {len(checked)} EPUBs checked in {time.monotonic() - started:.1f} s")
    assert not any(problems.values()), {name: found for name, found in problems.items() if found}


# -- what the fuzzing found, kept as examples -------------------------------------------------


def write_book(root: Path, chapters: dict[str, str], yaml_text: str | None = None) -> Path:
    manuscript = root / "manuscript"
    manuscript.mkdir(parents=True)
    for name, content in chapters.items():
        (manuscript / name).write_text(content, encoding="utf-8")
    contents = "".join(f"  - {name}\n" for name in chapters)
    (manuscript / "book.yaml").write_text(yaml_text or f"title: Found\ncontents:\n{contents}", encoding="utf-8")
    return manuscript


def stopped_with(manuscript: Path, out: Path) -> list[str]:
    with pytest.raises(BookError) as stopped:
        build(manuscript, out, ("epub",))
    assert_clear(stopped.value)
    return str(stopped.value).splitlines()  # as the command line prints it: file:line: message each


def test_a_book_of_front_matter_only_builds_without_a_start_landmark(tmp_path):
    manuscript = write_book(
        tmp_path, {"a.md": "# Foreword\n\nText.\n"}, "title: F\ncontents:\n  - {file: a.md, role: foreword}\n"
    )
    (epub,) = build(manuscript, tmp_path / "out", ("epub",))  # it crashed in the nav template
    with zipfile.ZipFile(epub) as archive:
        nav = archive.read("EPUB/text/nav.xhtml").decode("utf-8")
    assert 'epub:type="toc"' in nav and 'epub:type="bodymatter"' not in nav


def test_a_formula_on_several_lines_is_quoted_on_the_finding_line(tmp_path):
    manuscript = write_book(tmp_path, {"a.md": "# A\n\n$$\n\\sqrt{\n  x\n$$\n"})
    (location,) = stopped_with(manuscript, tmp_path / "out")
    assert location.endswith("a.md:4: math that could not be read: $$\\sqrt{ x$$: a '{' is never closed"), location


def test_an_index_mark_with_no_term_is_an_error_at_its_line(tmp_path):
    manuscript = write_book(tmp_path, {"a.md": '# A\n\nText.\n\n::: {.index}\n:::\n\nMore [x]{.index term="!"}.\n'})
    locations = stopped_with(manuscript, tmp_path / "out")  # it crashed in index.collect_index
    assert [location.split("manuscript/")[-1] for location in locations] == [
        'a.md:5: an index mark with no term (give it text, or term="…")',
        'a.md:8: an index mark with no term (give it text, or term="…")',
    ]


@pytest.mark.parametrize(
    ("chapter", "yaml_text", "expected"),
    [
        ("# A\n\nText\x00 and more.\n", None, "a.md:3: control character U+0000"),
        ("# A\n\nForm\x0cfeed.\n", None, "a.md:3: control character U+000C"),
        ("# A\n\nText.\n", 'title: "A\\x01"\ncontents: [a.md]\n', "book.yaml:1: control character U+0001 in 'title'"),
        (
            "# A\n\nText.\n",
            'title: A\nauthor:\n  - name: "B\\x1b"\ncontents: [a.md]\n',
            "book.yaml:3: control character U+001B in 'author.0.name'",
        ),
    ],
)
def test_a_control_character_is_an_error_at_its_line(tmp_path, chapter, yaml_text, expected):
    manuscript = write_book(tmp_path, {"a.md": chapter}, yaml_text)
    (location,) = stopped_with(manuscript, tmp_path / "out")  # lxml refused the text: ValueError
    assert location.split("manuscript/")[-1].startswith(expected), location


def test_raw_mathml_is_mathml_in_the_epub(tmp_path):
    manuscript = write_book(
        tmp_path, {"a.md": '# A\n\n<math display="block"><mfrac><mn>1</mn><mn>2</mn></mfrac></math>\n'}
    )
    (epub,) = build(manuscript, tmp_path / "out", ("epub",))
    with zipfile.ZipFile(epub) as archive:
        page = archive.read("EPUB/text/chapter-01.xhtml").decode("utf-8")
        package = archive.read("EPUB/content.opf").decode("utf-8")
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">' in page  # was XHTML's <math>
    assert re.search(r'href="text/chapter-01.xhtml"[^>]*properties="mathml"', package), package


@pytest.mark.parametrize(
    ("title", "what"),
    [
        ("A note[^a]", "a footnote"),
        ("A citation [@doe2020]", "a citation"),
        ("An [index mark]{.index}", "an index mark"),
        ("See @chap:b", "a cross-reference"),
    ],
)
def test_a_chapter_title_with_a_note_citation_reference_or_index_mark_is_an_error(tmp_path, title, what):
    text = f"# {title}\n\nText.\n\n[^a]: The note.\n\n# B {{#chap:b}}\n\nMore.\n"
    manuscript = write_book(tmp_path, {"a.md": text}, "title: T\nbibliography: references.bib\ncontents: [a.md]\n")
    (manuscript / "references.bib").write_text(BIB, encoding="utf-8")
    locations = stopped_with(manuscript, tmp_path / "out")  # the EPUB had a dangling link or a placeholder
    assert f"a.md:1: a chapter title cannot hold {what} (it would be lost): move it into the text" in [
        location.split("manuscript/")[-1] for location in locations
    ], locations


def test_a_chapter_titled_with_its_role_class_is_not_an_error(tmp_path):
    manuscript = write_book(tmp_path, {"a.md": "# One\n\nText.\n\n# Index {.index}\n"})
    build(manuscript, tmp_path / "out", ("epub",))


def test_a_footnote_holding_a_list_builds(tmp_path):
    text = "# A\n\nText[^a] here.\n\n[^a]: A note with a list:\n\n    - one\n    - two\n"
    (epub,) = build(write_book(tmp_path, {"a.md": text}), tmp_path / "out", ("epub",))  # it crashed: TypeError
    with zipfile.ZipFile(epub) as archive:
        page = archive.read("EPUB/text/chapter-01.xhtml").decode("utf-8")
    assert re.search(r"A note with a list:</p>\s*<ul>\s*<li>one</li>\s*<li>two</li>\s*</ul>", page), page


HARMLESS_CSS = '/* a { in a comment */\np::after { content: "}" }\n'  # lines 1 and 2: braces that do not count


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        ("p { margin: 0 }\n{{\n", "custom.css:4: stylesheet has a '{' that is never closed"),
        ("p { margin: 0 }}\n", "custom.css:3: stylesheet has a '}' that closes no '{'"),
    ],
)
def test_a_stylesheet_whose_braces_do_not_match_is_an_error_at_its_line(tmp_path, css, expected):
    manuscript = write_book(tmp_path, {"a.md": "# A\n\nText.\n"})
    (manuscript / "styles").mkdir()
    (manuscript / "styles" / "custom.css").write_text(HARMLESS_CSS + css, encoding="utf-8")
    (location,) = stopped_with(manuscript, tmp_path / "out")  # EPUBCheck refused the ebook: CSS-008
    assert location.split("styles/")[-1] == expected, location


def test_pages_titled_in_scripts_newer_than_unicode_2_have_ids_epubcheck_accepts(tmp_path):
    chapters = {"a.md": "# සිංහල {.unnumbered}\n\nText.\n", "b.md": "# 1937 {.unnumbered}\n\nText.\n"}
    (epub,) = build(write_book(tmp_path, chapters), tmp_path / "out", ("epub",))
    with zipfile.ZipFile(epub) as archive:
        ids = re.findall(r'\bid(?:ref)?="([^"]*)"', archive.read("EPUB/content.opf").decode("utf-8"))
        ids += re.findall(r'<navPoint id="([^"]*)"', archive.read("EPUB/toc.ncx").decode("utf-8"))
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9._-]*", name) for name in ids), ids  # EPUBCheck: RSC-005
