"""Raw HTML in the manuscript, kept when safe: no scripts, embeds, forms, event handlers or
javascript: links."""

from __future__ import annotations

UNSAFE_ELEMENTS = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "button",
    "link",
    "meta",
    "base",
    "frame",
    "frameset",
    "applet",
}


def sanitize(root) -> None:
    """Raw HTML is kept when safe: no scripts, embeds, forms, event handlers or javascript: links."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            element.drop_tree() if element.getparent() is not None else None
            continue
        if element.tag in UNSAFE_ELEMENTS:
            element.drop_tree()
            continue
        if any(name.startswith("{") for name in element.keys()):
            # Names such as ``{#id`` (from an attribute block that did not parse) read as XML
            # namespaces and can be neither read nor deleted one by one: keep only the others.
            kept = {name: element.get(name) for name in element.keys() if not name.startswith("{")}
            element.attrib.clear()
            element.attrib.update(kept)
        for name in list(element.attrib):
            value = element.get(name, "")
            if name.startswith("on") or (name in {"href", "src"} and value.strip().lower().startswith("javascript:")):
                del element.attrib[name]
