"""Raw HTML in the manuscript, kept when safe, by allowlist.

The allowlist is nh3's (the binding of ammonia, a maintained HTML sanitizer), widened by what books
are written with: ``<section>``, ``<tfoot>``, the SVG and MathML elements the editions show, ids,
classes, ``data-`` attributes (the reader's own ``data-line`` among them) and the index marks'
``term``/``sort``/``see``/``seealso``. nh3 does the cleaning, on the serialized tree, since it
parses HTML as browsers do (WeasyPrint and reading systems too), which an lxml walk cannot promise.

nh3 does not say what it removed, and authors need to know where, so a walk over the element tree
names beforehand, at each element's line, what the same lists take away: elements that are removed
with their content (``<script>``, ``<iframe>``, forms …) and unsafe values (event handlers,
``javascript:`` and ``data:`` URLs: the book embeds its own files) as ``x-unsafe-html``, unknown
elements that are unwrapped, their text kept, as ``x-unknown-html``. Comments and attributes that
are merely unknown go silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

import nh3
from lxml import etree
from lxml import html as lxml_html

Report = Callable[[str, str, int], None]  # (code, message, line)

SVG_TAGS = {
    *("svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan"),
    *("title", "desc", "defs", "use", "symbol", "linearGradient", "radialGradient", "stop", "clipPath"),
}
SVG_ATTRIBUTES = {
    *("viewBox", "preserveAspectRatio", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "dx", "dy"),
    *("cx", "cy", "r", "rx", "ry", "d", "points", "transform", "href", "xlink:href", "offset"),
    *("fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap"),
    *("stroke-linejoin", "stroke-dasharray", "stroke-dashoffset", "stroke-miterlimit", "opacity"),
    *("clip-path", "clip-rule", "clipPathUnits", "gradientUnits", "gradientTransform", "spreadMethod"),
    *("stop-color", "stop-opacity", "font-family", "font-size", "font-style", "font-weight"),
    *("text-anchor", "dominant-baseline", "letter-spacing", "visibility", "display", "xmlns"),
}
MATHML_TAGS = {
    *("math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "mfrac"),
    *("msqrt", "mroot", "msub", "msup", "msubsup", "munder", "mover", "munderover", "mmultiscripts"),
    *("mprescripts", "none", "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom", "menclose"),
    *("merror", "mfenced"),
}
MATHML_ATTRIBUTES = {
    *("display", "mathvariant", "mathsize", "mathcolor", "displaystyle", "scriptlevel", "encoding"),
    *("fence", "stretchy", "separator", "separators", "lspace", "rspace", "accent", "accentunder"),
    *("largeop", "movablelimits", "symmetric", "minsize", "maxsize", "linethickness", "notation"),
    *("open", "close", "columnalign", "rowalign", "columnspan", "rowspan", "width", "height", "depth"),
    *("xmlns",),
}
BOOK_TAGS = {"section", "tfoot"}  # HTML books are written with, beyond nh3's list
ALLOWED_TAGS = nh3.ALLOWED_TAGS | BOOK_TAGS | SVG_TAGS | MATHML_TAGS

# Removed with their content: what runs, embeds or submits, and SVG's doors back into HTML.
REMOVED_TAGS = {
    *("script", "style", "iframe", "object", "embed", "applet", "frame", "frameset", "noscript"),
    *("noembed", "template", "form", "input", "button", "select", "option", "textarea", "link"),
    *("meta", "base", "foreignObject"),
}

GENERIC_ATTRIBUTES = {"class", "id", "lang", "title", "dir", "role", "style", "hidden"}
GENERIC_PREFIXES = {"data-", "aria-"}
BOOK_ATTRIBUTES = {
    "a": {"name", "title"},
    "ol": {"type", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "time": {"datetime"},
    "td": {"rowspan", "colspan"},
    "th": {"rowspan", "colspan"},
    "span": {"term", "sort", "see", "seealso"},  # index marks (pressroom.index)
}
# Declarations kept in style attributes: sizes, spacing, type and colour; nothing that loads a file.
STYLE_PROPERTIES = {
    *("display", "text-align", "vertical-align", "float", "clear", "white-space", "visibility"),
    *("width", "height", "max-width", "max-height", "min-width", "min-height"),
    *("margin", "margin-top", "margin-right", "margin-bottom", "margin-left"),
    *("padding", "padding-top", "padding-right", "padding-bottom", "padding-left"),
    *("font-style", "font-weight", "font-variant", "font-size", "font-family", "line-height"),
    *("text-decoration", "text-transform", "text-indent", "letter-spacing", "word-spacing"),
    *("color", "background-color", "border", "border-top", "border-right", "border-bottom", "border-left"),
    *("border-color", "border-style", "border-width", "border-collapse", "list-style-type"),
}
URL_ATTRIBUTES = {"href", "src", "xlink:href", "cite", "action", "formaction", "poster", "background", "longdesc"}
URL_SCHEMES = nh3.ALLOWED_URL_SCHEMES | {"doi", "urn"}  # links in books; never javascript:, vbscript:, data:
# An image's file: URL is left for the resolver, which refuses it (f-missing-image) at its line.
RESOLVED_SCHEMES = {("img", "src"): {"file"}}
PAINT_ATTRIBUTES = {"fill", "stroke", "clip-path", "mask", "filter", "marker-start", "marker-mid", "marker-end"}
SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
CONTROL = re.compile(r"[\x00-\x20]+")  # browsers skip these inside a scheme ("java\tscript:")
EXTERNAL_PAINT = re.compile(r"url\(\s*['\"]?(?!#)", re.IGNORECASE)


def _attributes() -> dict[str, set[str]]:
    attributes = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
    for tag, names in BOOK_ATTRIBUTES.items():
        attributes.setdefault(tag, set()).update(names)
    for tag in SVG_TAGS:
        attributes.setdefault(tag, set()).update(SVG_ATTRIBUTES)
    for tag in MATHML_TAGS:
        attributes.setdefault(tag, set()).update(MATHML_ATTRIBUTES)
    attributes["*"] = GENERIC_ATTRIBUTES
    return attributes


ATTRIBUTES = _attributes()
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
MATHML_NAMESPACE = "http://www.w3.org/1998/Math/MathML"
SVG_NAMES = {name.lower(): name for name in SVG_TAGS | SVG_ATTRIBUTES}  # viewbox → viewBox
LOWER_TAGS = {tag.lower() for tag in ALLOWED_TAGS}  # lxml's HTML parser lowercases every name
LOWER_REMOVED = {tag.lower() for tag in REMOVED_TAGS}
FOREIGN_ROOTS = {"svg", "math"}


def refused(tag: str, name: str, value: str) -> str | None:
    """Why an attribute value must go, or None: the one rule the walk reports and nh3 applies."""
    if name.lower().startswith("on"):
        return f"event handler {name.lower()}"
    if name.lower() in URL_ATTRIBUTES:
        scheme = SCHEME.match(CONTROL.sub("", value))
        resolved = RESOLVED_SCHEMES.get((tag.lower(), name.lower()), set())
        if scheme and scheme[1].lower() not in URL_SCHEMES | resolved:
            return f"{scheme[1].lower()}: URL in {name.lower()}"
        if tag.lower() == "use" and not value.strip().startswith("#"):
            return f"external reference {value.strip()} in {name.lower()}"
    if name.lower() in PAINT_ATTRIBUTES and EXTERNAL_PAINT.search(value):
        return f"external reference in {name.lower()}"
    return None


def _filter(tag: str, name: str, value: str) -> str | None:
    return None if refused(tag, name, value) else value


CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=REMOVED_TAGS,
    attributes=ATTRIBUTES,
    generic_attribute_prefixes=GENERIC_PREFIXES,
    attribute_filter=_filter,
    filter_style_properties=STYLE_PROPERTIES,
    url_schemes=URL_SCHEMES | {scheme for schemes in RESOLVED_SCHEMES.values() for scheme in schemes},
    link_rel=None,  # a book's links need no rel="noopener"
    strip_comments=True,
)


def sanitize(root, report: Report | None = None) -> None:
    """Clean the raw HTML in ``root`` (a reader's element tree, changed in place); ``report`` hears
    what is taken away, with the line of the element it was on."""
    drop_unreadable_names(root)
    for code, message, line in removals(root):
        if report is not None:
            report(code, message, line)
    drop_refused_values(root)
    cleaned = CLEANER.clean(serialize_content(root))
    fresh = lxml_html.fragment_fromstring(cleaned or "", create_parent="div")
    root.text = fresh.text
    root[:] = list(fresh)


def serialize_content(root) -> str:
    return escape(root.text or "", quote=False) + "".join(
        lxml_html.tostring(child, method="html", encoding="unicode") for child in root
    )


def drop_refused_values(root) -> None:
    """Remove the attribute values ``refused`` names before serializing: lxml's serializer escapes a
    URL's control characters ("java\tscript:" becomes "java%09script:"), which nh3 would then read
    as a harmless relative link, though the walk reported it removed."""
    for element in root.iter():
        if isinstance(element.tag, str):
            for name, value in list(element.items()):
                if refused(element.tag, name, value):
                    del element.attrib[name]


def drop_unreadable_names(root) -> None:
    """Names such as ``{#id`` (from an attribute block that did not parse) read as XML namespaces
    and can be neither serialized nor deleted one by one: keep only the others."""
    for element in root.iter():
        if isinstance(element.tag, str) and any(name.startswith("{") for name in element.keys()):
            kept = {name: element.get(name) for name in element.keys() if not name.startswith("{")}
            element.attrib.clear()
            element.attrib.update(kept)


def removals(root) -> list[tuple[str, str, int]]:
    """What cleaning ``root`` will take away, as (code, message, line), in reading order; nothing
    inside an element that goes whole is reported again.

    An element's line is its own ``data-line`` or the last one before it in reading order: raw HTML
    written inside a paragraph carries none, and one that HTML does not allow in a paragraph
    (``<Listing>``) is parsed out of it, after the paragraph's start tag."""
    found: list[tuple[str, str, int]] = []
    last = [1]

    def visit(parent, foreign: str | None) -> None:
        for element in parent:
            if not isinstance(element.tag, str):
                continue
            if element.get("data-line", "").isdigit():
                last[0] = int(element.get("data-line"))
            tag, line = element.tag.lower(), last[0]
            if tag in LOWER_REMOVED:
                found.append(("x-unsafe-html", f"unsafe HTML element <{tag}> was removed", line))
                continue
            if tag not in LOWER_TAGS and foreign == "svg":  # ammonia drops it whole inside SVG
                found.append(("x-unsafe-html", f"SVG element <{tag}> is not allowed and was removed", line))
                continue
            if tag not in LOWER_TAGS:
                found.append(("x-unknown-html", f"unknown HTML element <{tag}> was unwrapped (its text kept)", line))
            for name, value in element.items():
                reason = refused(tag, name, value)
                if reason:
                    note = " (the book embeds its own files)" if reason.startswith("data:") else ""
                    found.append(("x-unsafe-html", f"{reason} was removed from <{tag}>{note}", line))
            visit(element, foreign or (tag if tag in FOREIGN_ROOTS else None))

    visit(root, None)
    return found


def svg_for_xhtml(root) -> None:
    """Inline SVG and MathML as XHTML needs them (the EPUB): each in its namespace, SVG with its
    own names.

    lxml's HTML parser leaves inline SVG and MathML in no namespace (so in XHTML they would be
    XHTML's) and lowercases SVG's names (``viewbox``, ``lineargradient``); HTML parsers
    (WeasyPrint's, browsers') put them right again, an XML parser does not. Only names the
    allowlist kept can be here, so its lists give back their case; ``xlink:href`` becomes SVG 2's
    ``href``. MathML's names are lowercase already."""
    for svg in list(root.iter("svg")):
        svg.getparent().replace(svg, svg_element(svg))
    for math in list(root.iter("math")):
        math.getparent().replace(math, svg_element(math, namespace=MATHML_NAMESPACE))


def svg_element(element, parent=None, namespace: str = SVG_NAMESPACE):
    """A copy of an SVG (or MathML) element and its children in its namespace (one declaration,
    on the root)."""
    names = SVG_NAMES if namespace == SVG_NAMESPACE else {}
    tag = f"{{{namespace}}}{names.get(element.tag, element.tag)}"
    copy = etree.Element(tag, nsmap={None: namespace}) if parent is None else etree.SubElement(parent, tag)
    for name, value in element.items():
        if name != "xmlns":
            copy.set("href" if name == "xlink:href" else names.get(name, name), value)
    copy.text, copy.tail = element.text, element.tail
    for child in element:
        if isinstance(child.tag, str):
            svg_element(child, copy, namespace)
    return copy
