"""TeX math as each edition shows it: MathML for the EPUB (latex2mathml), vector graphics for print
and the HTML page (ziamath, with the STIX Two Math font it ships).

The Book keeps a formula as ``<span class="math inline">`` or ``<span|div class="math display">``
carrying its TeX in ``data-tex`` (pressroom/markdown/math.py reads it); ``typeset`` puts the
rendered form inside when an edition is written. ``problem`` says what keeps a formula from being
typeset; the reader asks it of every formula, so a build stops and ``check`` reports it at file:line
instead of printing broken math. latex2mathml is lenient (an unknown command becomes the letters
``\\foo``, a missing argument a half-empty fraction), so its MathML is checked here too.
"""

from __future__ import annotations

import contextlib
import copy
import enum
import functools
import logging
import re

import latex2mathml.commands
import latex2mathml.converter
import ziamath
from lxml import etree

MATHML = "http://www.w3.org/1998/Math/MathML"
SVG = "http://www.w3.org/2000/svg"
SIZE = 16.0  # ziamath's units per em: SVG sizes are given in em so formulas follow the text's size
MARGIN = 0.5  # room round the glyphs' boxes, in ziamath units, so no overhang is clipped
QUOTED = 60  # characters of TeX quoted in a message

# Plain paths, no <symbol>/<use>: their ids would repeat in a page that shows several formulas.
ziamath.config.svg2 = False

# latex2mathml's environments (\begin{pmatrix} …); others it would drop without a word.
ENVIRONMENTS = {command.lstrip("\\") for command in latex2mathml.commands.MATRICES}
ALIASES = {"aligned": "align*"}  # Pandoc and MathJax write aligned; latex2mathml knows align*
PARTS = {  # MathML element → how many children it has, and what TeX calls it
    "mfrac": (2, "fraction"),
    "mroot": (2, "root"),
    "msup": (2, "superscript"),
    "msub": (2, "subscript"),
    "msubsup": (3, "subscript or superscript"),
    "mover": (2, "accent or limit"),
    "munder": (2, "accent or limit"),
    "munderover": (3, "limit"),
}
MISTAKES = {  # latex2mathml's exceptions
    "ExtraLeftOrMissingRightError": "a \\left without its \\right",
    "MissingEndError": "a \\begin without its \\end",
    "MissingSuperScriptOrSubscriptError": "a ^ or _ with nothing after it",
    "DoubleSubscriptsError": "two subscripts on one symbol",
    "DoubleSuperscriptsError": "two superscripts on one symbol",
    "NoAvailableTokensError": "a command is missing its argument",
    "NumeratorNotFoundError": "a fraction is missing its numerator",
    "DenominatorNotFoundError": "a fraction is missing its denominator",
    "InvalidAlignmentError": "a column alignment other than l, c, r or |",
}
UNKNOWN_COMMAND = re.compile(r"\\[A-Za-z]+")
TAG = re.compile(r"\\tag\b")  # ziamath would set the number a 6.5-inch column away
BEGIN = re.compile(r"\\(begin|end)\{([^}]*)\}")


class MathForm(enum.Enum):
    """How an edition shows math (its EditionPolicy says which)."""

    MATHML = "mathml"  # EPUB 3: reading systems render MathML, and read it aloud
    SVG = "svg"  # print and the HTML page: drawn once here, the same in every viewer


class MathError(ValueError):
    """A formula that cannot be typeset; the message says why, in the author's terms."""


def problem(tex: str, display: bool) -> str | None:
    """Why ``tex`` cannot be typeset, as ``math that could not be read: …``; None when it can."""
    try:
        mathml_source(tex, display)
        svg_source(tex, display)
    except MathError as error:
        delimiter = "$$" if display else "$"
        flat = " ".join(tex.split())  # a display formula's lines, on the finding's one line
        quoted = flat if len(flat) <= QUOTED else flat[: QUOTED - 1] + "…"
        return f"math that could not be read: {delimiter}{quoted}{delimiter}: {error}"
    return None


def typeset(root, form: MathForm) -> None:
    """Put each formula under ``root`` in the edition's form (a formula that cannot be typeset
    keeps its TeX as text: the reader has reported it)."""
    for holder in [element for element in root.iter() if element.get("data-tex") is not None]:
        tex = holder.attrib.pop("data-tex")
        display = "display" in holder.get("class", "").split()
        try:
            rendered = mathml(tex, display) if form is MathForm.MATHML else svg(tex, display)
        except MathError:
            continue
        holder.text = None
        for child in list(holder):
            holder.remove(child)
        holder.append(rendered)


def has_math(*roots) -> bool:
    """Whether any of these trees holds a formula, TeX or raw MathML (an EPUB page with MathML
    must say so)."""
    return any(
        element.get("data-tex") is not None or element.tag in ("math", f"{{{MATHML}}}math")
        for root in roots
        for element in root.iter()
    )


def mathml(tex: str, display: bool):
    """A ``<math>`` element, its TeX as ``alttext`` for readers that cannot show MathML."""
    return copy.deepcopy(mathml_source(tex, display))


def svg(tex: str, display: bool):
    """An ``<svg>`` sized in em, lowered so the formula's baseline sits on the text's, named by its
    TeX for screen readers (``aria-label``) and for the PDF's tags (``<title>``)."""
    return copy.deepcopy(svg_source(tex, display))


# Each formula is converted once per process (print lays the book out more than once, and the
# reader's check converts it first): pure functions of the TeX, so a cache cannot go stale.
@functools.cache
def mathml_source(tex: str, display: bool):
    check_source(tex)
    try:
        text = latex2mathml.converter.convert(normalized(tex), display="block" if display else "inline")
        element = etree.fromstring(text)
    except etree.XMLSyntaxError:
        raise MathError("latex2mathml wrote broken MathML (an '&' outside aligned, cases or a matrix?)") from None
    except Exception as error:  # latex2mathml's own errors, one class per mistake
        raise MathError(described(error)) from None
    check_mathml(element)
    element.set("alttext", tex)
    return element


@functools.cache
def svg_source(tex: str, display: bool):
    check_source(tex)
    try:
        with quiet_root_logger():
            formula = ziamath.Latex(normalized(tex), size=SIZE, inline=not display, margin=MARGIN)
            element = formula.svg()
    except Exception as error:  # ziamath asserts on MathML it cannot lay out
        raise MathError(described(error) if str(error) else "ziamath cannot lay it out") from None
    root = etree.fromstring(element)
    etree.cleanup_namespaces(root)  # the xlink: prefix ziamath declares and never uses
    width, height = (float(root.attrib.pop(name)) / SIZE for name in ("width", "height"))
    depth = (MARGIN - formula.node.bbox.ymin) / SIZE  # how far the picture reaches below the baseline
    root.set("role", "img")
    root.set("aria-label", tex)
    root.set("style", f"width: {width:.3f}em; height: {height:.3f}em; vertical-align: {-depth:.3f}em")
    title = etree.Element(f"{{{SVG}}}title")
    title.text = tex
    root.insert(0, title)
    return root


@contextlib.contextmanager
def quiet_root_logger():
    """ziafont logs through the root logger (``logging.debug``), and the first such call gives the
    root logger a handler (logging.basicConfig) for the rest of the run: every WeasyPrint warning
    would then be printed, noise about CSS the theme writes for other readers. A handler that
    drops its records, while ziamath works, keeps the root logger as it was."""
    if logging.root.handlers:
        yield
        return
    handler = logging.NullHandler()
    logging.root.addHandler(handler)
    try:
        yield
    finally:
        logging.root.removeHandler(handler)


def normalized(tex: str) -> str:
    return BEGIN.sub(lambda match: f"\\{match[1]}{{{ALIASES.get(match[2], match[2])}}}", tex)


def check_source(tex: str) -> None:
    """What latex2mathml would pass over: unbalanced braces, environments it does not know."""
    depth = 0
    for match in re.finditer(r"\\.|[{}]", tex):
        if match[0] == "{":
            depth += 1
        elif match[0] == "}":
            depth -= 1
            if depth < 0:
                raise MathError("a '}' closes nothing")
    if depth:
        raise MathError("a '{' is never closed")
    if TAG.search(tex):
        raise MathError("equation numbers (\\tag) are not supported yet")
    for match in BEGIN.finditer(tex):
        if match[2] not in ENVIRONMENTS and match[2] not in ALIASES:
            raise MathError(f"unknown environment '{match[2]}'")


def check_mathml(element) -> None:
    """What latex2mathml let through: commands it did not know, left as their letters, and
    fractions, scripts or roots missing a part."""
    for node in element.iter():
        name = etree.QName(node).localname
        if node.text and UNKNOWN_COMMAND.search(node.text):
            raise MathError(f"unknown command '{UNKNOWN_COMMAND.search(node.text)[0]}'")
        if name in PARTS and len(node) != PARTS[name][0]:
            raise MathError(f"a {PARTS[name][1]} is missing a part (an argument in braces?)")


def described(error: Exception) -> str:
    """latex2mathml's exceptions in the author's words; others by their name ("InvalidWidthError"
    → "invalid width")."""
    name = type(error).__name__
    if name in MISTAKES:
        return MISTAKES[name]
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", name.removesuffix("Error")).lower()
    return f"{words}: {error}" if str(error) else words
