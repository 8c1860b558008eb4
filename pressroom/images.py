"""The book's images: every <img> resolved through the book's folders, read once, named inside the
book, and sized for each edition.

Reading (``collect_images``) opens each file once. A raster is opened by Pillow, verified, and
loaded whole from a fresh open (``verify`` reads no pixels, so only a full load finds a truncated
file); an SVG is parsed by lxml without entities or network. A file that cannot be read, or whose
type no edition can show (the EPUB core media types: JPEG, PNG, GIF, WebP, SVG), is an error at
the line that names it (``f-bad-image``), as a missing one is (``f-missing-image``), so the build
stops before a writer meets it. So is a raster of more than ``MAX_PIXELS`` (a decompression bomb:
a small file that unpacks to gigabytes), refused from its header before any pixel is read, and an
SVG that runs a script, declares an external entity or refers to a file outside it (which the ebook's
reading systems would fetch). An animated image and a CMYK one are warnings (``f-animated-image``,
``f-cmyk-image``): print shows the first frame; screens may show CMYK colours wrong. What was read is kept in ``Book.images`` (``ImageInfo``).

Print (``size_for_print``, called by the print edition's policy on its copy of each chapter) keeps
every image within the text block and no raster larger than its natural size at 300 dpi, so that
a screenshot fits the page and an icon stays an icon; an image inside a line of text that is at
most ``ICON_PX`` tall is set at about the text's height. What comes from each file goes into the
element's style as custom properties that print.css turns into limits (``--image-cap``, the widest
it may print, in inches; ``--image-share``, the share of the measure ``width="50%"`` asks;
``--image-cap-height`` for icons), so a book's own stylesheet can still say otherwise; an SVG's
``width``/``height`` attributes become its CSS size. The other editions (``html_size``) get the
attributes as XHTML allows them.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from PIL import Image, ImageFile, UnidentifiedImageError

from pressroom.book import Book, line_of
from pressroom.errors import BookError
from pressroom.findings import Diagnostics

EDITION_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")  # the rasters in EPUB's core media types (and SVG)
SUFFIX_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP", ".svg": "SVG"}
SHOWN = "JPEG, PNG, GIF, WebP or SVG"
SAME_AS = {"MPO": "JPEG"}  # a camera's JPEG with a second picture in it: a JPEG to every reader
SVG_ROOT = "{http://www.w3.org/2000/svg}svg"
PRINT_DPI = 300  # a raster prints no larger than its natural size at this resolution
CSS_PX_PER_INCH = 96  # a width="600" attribute is CSS pixels
ICON_PX = 64  # an image this tall or shorter inside a line of text is set at about the text's height
# Elements inside a line of text: an image in one stands in the text of the block around it.
INLINE = {
    *("a", "span", "em", "strong", "i", "b", "u", "s", "sup", "sub", "small", "abbr", "cite", "code"),
    *("kbd", "samp", "var", "q", "mark", "del", "ins", "dfn", "time", "bdi", "bdo", "label"),
}
MAX_PIXELS = 89_478_485  # Pillow's own warning threshold (a 9459 x 9459 image): no stage warns below it
BOMB_PIXELS = re.compile(r"\((\d+) pixels\)")  # in Pillow's DecompressionBombError message
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
CSS_URL = re.compile(r"url\(\s*['\"]?\s*(?!#|data:)|@import", re.IGNORECASE)  # what loads another file
LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px|in|cm|mm|pt|pc|%)?\s*$")
PX_PER_UNIT = {"px": 1, "": 1, "in": 96, "cm": 96 / 2.54, "mm": 96 / 25.4, "pt": 96 / 72, "pc": 16}


@dataclass(frozen=True)
class ImageInfo:
    """An image file as the editions need it: its type and natural size."""

    path: Path
    format: str  # "JPEG", "PNG", "GIF", "WEBP" (Pillow's names) or "SVG"
    width: int = 0  # pixels (rasters)
    height: int = 0
    svg_width: str = ""  # an SVG's own width, height and viewBox, as written ("" when absent)
    svg_height: str = ""
    view_box: str = ""
    frames: int = field(default=1, compare=False)  # more than one: an animated GIF, PNG or WebP
    mode: str = field(default="", compare=False)  # Pillow's colour mode: RGB, P, L, CMYK …

    @property
    def raster(self) -> bool:
        return self.format != "SVG"


class BadImage(Exception):
    """An image file no edition can show; the message names what is wrong with it."""


def collect_images(book: Book, diagnostics: Diagnostics) -> None:
    """Resolve and read every image, give it a name inside the book, and keep what was read in
    ``book.images``; every problem is reported at the line of the <img> that names the file."""
    read: dict[Path, ImageInfo | BadImage] = {}
    for chapter in book.chapters:
        for image in chapter.body.iter("img"):
            reference = image.get("src", "")
            if not reference.strip():
                message = "image without a file: its src is empty (or was removed as unsafe)"
                diagnostics.error("f-missing-image", message, chapter.file, line_of(image))
                continue
            try:
                path = book.folders.resolve(reference, chapter.file.parent, chapter.file, line_of(image))
            except BookError as error:
                diagnostics.problem(error, "f-missing-image")
                continue
            if path not in read:
                read[path] = read_checked(path)
                if isinstance(read[path], ImageInfo):
                    image_warnings(read[path], reference, chapter.file, line_of(image), diagnostics)
            if isinstance(read[path], BadImage):
                diagnostics.error("f-bad-image", f"{read[path]}: {reference}", chapter.file, line_of(image))
                continue
            name = book.assets.setdefault(path, unique_asset_name(book, path))
            book.images[name] = read[path]
            image.set("src", name)


def image_warnings(info: ImageInfo, reference: str, file: Path, line: int, diagnostics: Diagnostics) -> None:
    """What an edition can show, though not as the file has it (reported once, where first shown)."""
    if info.frames > 1:
        message = f"animated image ({info.frames} frames), of which print shows the first only: {reference}"
        diagnostics.warning("f-animated-image", message, file, line)
    if info.mode == "CMYK":
        message = f"CMYK image, whose colours screens may show wrong (save it as RGB): {reference}"
        diagnostics.warning("f-cmyk-image", message, file, line)


def read_checked(path: Path) -> ImageInfo | BadImage:
    try:
        return read_image(path)
    except BadImage as problem:
        return problem


def read_image(path: Path) -> ImageInfo:
    """The type and natural size of an image file, or BadImage saying why no edition can show it."""
    if path.suffix.lower() == ".svg":
        return read_svg(path)
    try:
        with warnings.catch_warnings():  # DecompressionBombWarning: the size is checked below
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                found, (width, height) = SAME_AS.get(image.format, image.format), image.size
                frames, mode = getattr(image, "n_frames", 1), image.mode
                if width * height > MAX_PIXELS:
                    raise BadImage(too_many_pixels(width * height, f"{width} x {height}"))
                image.verify()
            with strict_decoding(), Image.open(path) as image:
                image.load()
    except BadImage:
        raise
    except PermissionError:
        raise BadImage("image file cannot be read (permission denied)") from None
    except UnidentifiedImageError:
        if path.suffix.lower() in SUFFIX_FORMATS:
            raise BadImage("image could not be read (corrupt or truncated)") from None
        kind = path.suffix.lower() or "without a suffix"
        raise BadImage(f"image type {kind} cannot be shown in the editions (use {SHOWN})") from None
    except Image.DecompressionBombError as error:  # Pillow's own limit, twice MAX_PIXELS
        pixels = BOMB_PIXELS.search(str(error))
        raise BadImage(too_many_pixels(int(pixels[1]) if pixels else 2 * MAX_PIXELS + 1)) from None
    except Exception:  # Pillow's decoders raise OSError, SyntaxError, ValueError …: all mean a bad file
        raise BadImage("image could not be read (corrupt or truncated)") from None
    if found not in EDITION_FORMATS:
        raise BadImage(f"image type {found} cannot be shown in the editions (use {SHOWN})")
    expected = SUFFIX_FORMATS.get(path.suffix.lower())
    if expected != found:
        raise BadImage(f"image is {found} but its name ends in {path.suffix} (the ebook types files by name)")
    return ImageInfo(path, found, width, height, frames=frames, mode=mode)


def too_many_pixels(pixels: int, size: str = "") -> str:
    shown = f"{size} pixels, " if size else ""
    return (
        f"image has too many pixels to lay out ({shown}{pixels / 1e6:.0f} megapixels, "
        f"the most is {MAX_PIXELS / 1e6:.0f}; scale it down)"
    )


@contextmanager
def strict_decoding() -> Iterator[None]:
    """Pillow as it is by default: a file that ends early is an error. WeasyPrint, once imported,
    lets Pillow fill the missing rows with grey (``LOAD_TRUNCATED_IMAGES``), so the check would
    pass a truncated file in any process that also lays out."""
    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def read_svg(path: Path) -> ImageInfo:
    """An SVG file, parsed without resolving entities or touching the network."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as error:
        raise BadImage(f"SVG image is not well-formed XML ({error.msg})") from None
    except PermissionError:
        raise BadImage("image file cannot be read (permission denied)") from None
    except OSError:
        raise BadImage("image could not be read (corrupt or truncated)") from None
    root = tree.getroot()
    if root.tag != SVG_ROOT:
        raise BadImage(f"image is not an SVG (its root element is <{etree.QName(root).localname}>)")
    problem = unsafe_svg(tree)
    if problem:
        raise BadImage(problem)
    return ImageInfo(
        path,
        "SVG",
        svg_width=root.get("width", ""),
        svg_height=root.get("height", ""),
        view_box=root.get("viewBox", ""),
    )


def unsafe_svg(tree) -> str | None:
    """Why an SVG file may not go into a book, or None. The ebook carries the file as it is, and a
    reading system shows it as a browser does: a script would run, an entity would be expanded, a
    reference to another file (on the network or beside it) would be fetched or missing."""
    dtd = tree.docinfo.internalDTD
    external = next((entity for entity in dtd.iterentities() if entity.system_url), None) if dtd else None
    if external is not None:  # EPUB allows none (EPUBCheck HTM-003); an internal one (Illustrator's ns_svg) is fine
        return f"SVG image declares an external entity ({external.name}: {external.system_url[:80]}), which no edition may load"
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name == "script":
            return "SVG image has a script (<script>), which no edition may run"
        for attribute, value in element.items():
            local = etree.QName(attribute).localname
            if local.lower().startswith("on"):
                return f"SVG image has an event handler ({local}), which no edition may run"
            if attribute in {"href", XLINK_HREF}:
                target = value.strip()
                if target.lower().replace(" ", "").startswith(("javascript:", "vbscript:")):
                    return f"SVG image has a script ({target[:40]}), which no edition may run"
                if not target.startswith(("#", "data:")) and name != "a":
                    return f"SVG image refers to a file outside it ({target[:80]} in <{name}>); embed it or remove it"
            elif CSS_URL.search(value):  # style="…", fill="url(…)", filter, mask …
                return f"SVG image refers to a file outside it (url() in {local}); embed it or remove it"
        if name == "style" and CSS_URL.search(element.text or ""):
            return "SVG image refers to a file outside it (url() or @import in <style>); embed it or remove it"
    return None


def unique_asset_name(book: Book, path: Path) -> str:
    taken = set(book.assets.values())
    name, stem, number = f"images/{path.name}", path.stem, 2
    while name in taken:
        name, number = f"images/{stem}-{number}{path.suffix}", number + 1
    return name


# Sizes --------------------------------------------------------------------------------------------


def html_size(image) -> None:
    """``width`` and ``height`` as (X)HTML allows them, a number of CSS pixels, for the ebook and the
    HTML page: a share of the measure (``width="50%"``) moves to the style, where it means the same;
    a length with a unit becomes pixels."""
    for name in ("width", "height"):
        value = image.get(name)
        if value is None or value.strip().isdigit():
            continue
        parsed = length(value)
        del image.attrib[name]
        if parsed and parsed[1] == "px":
            image.set(name, str(round(parsed[0])))
        elif parsed:
            style = image.get("style", "").strip().rstrip(";")
            image.set("style", "; ".join(filter(None, [style, f"{name}: {parsed[0]:g}%"])))


# Print sizes -----------------------------------------------------------------------------------


def size_for_print(image, info: ImageInfo | None) -> None:
    """Give an <img> of the print edition its size: a share of the measure or CSS pixels as its
    ``width`` attribute asks, never more than the measure, a raster never more than its natural
    size at 300 dpi; a small image inside a line of text about the text's height. An image alone
    in its paragraph is marked to stand as a block (print.css), so no indent pushes it past the
    measure."""
    declarations = print_declarations(image, info)
    if declarations:
        style = image.get("style", "").strip().rstrip(";")
        image.set("style", "; ".join(filter(None, [style, declarations])))
    block = block_of(image)
    if info is None or block is None or block.tag == "figure":
        return
    placement = "image-inline" if is_icon(image, info) else "" if in_text(image) else "image-alone"
    if placement:
        image.set("class", " ".join(filter(None, [image.get("class", ""), placement])))


def print_declarations(image, info: ImageInfo | None) -> str:
    if info is None:
        return ""
    if info.raster:
        return raster_declarations(image, info)
    return svg_declarations(image, info)


def raster_declarations(image, info: ImageInfo) -> str:
    """The limits print.css applies as ``max-width`` (and an icon's ``max-height``): width and height
    stay auto, so the ratio holds under every other limit (a figure's max-height too), and a book's
    own stylesheet can still say otherwise."""
    share, cap = 100.0, info.width / PRINT_DPI
    width, height = length(image.get("width")), length(image.get("height"))
    if width and width[1] == "%":
        share = min(share, width[0])
    elif width:
        cap = min(cap, width[0] / CSS_PX_PER_INCH)
    elif height and height[1] != "%" and info.height:
        cap = min(cap, height[0] / CSS_PX_PER_INCH * info.width / info.height)
    declarations = [f"--image-share: {share:g}%"] if share < 100 else []
    declarations.append(f"--image-cap: {inches(cap)}")
    if is_icon(image, info):
        declarations.append(f"--image-cap-height: {inches(info.height / PRINT_DPI)}")
    return "; ".join(declarations)


def svg_declarations(image, info: ImageInfo) -> str:
    """A vector image has no natural resolution: its ``width`` attribute (a share of the measure or
    CSS pixels) or its own size; the height follows its ratio unless both are given."""
    width, height = length(image.get("width")), length(image.get("height"))
    declarations = []
    if width:
        declarations.append(f"width: {css_length(width)}")
    if height and width:
        declarations.append(f"height: {css_length(height)}")
    elif height and height[1] != "%":
        declarations += [f"height: {css_length(height)}", "width: auto"]
    elif is_icon(image, info):
        declarations += ["height: 1em", "width: auto"]
    return "; ".join(declarations)


def is_icon(image, info: ImageInfo | None) -> bool:
    """A small image inside a line of text (not alone in its paragraph)."""
    if info is None or image.get("width") or image.get("height") or not in_text(image):
        return False
    if info.raster:
        return info.height <= ICON_PX
    own = length(info.svg_height)
    return own is None or (own[1] != "%" and own[0] <= ICON_PX)


def in_text(image) -> bool:
    """Whether the block the image stands in has text (alt text is not text); a figure's image is
    its own block, whatever its caption says."""
    block = block_of(image)
    return block is not None and block.tag != "figure" and bool(block.text_content().strip())


def block_of(image):
    """The block an image stands in, past the inline elements around it (a link, emphasis)."""
    block = image.getparent()
    while block is not None and block.tag in INLINE:
        block = block.getparent()
    return block


def length(value: str | None) -> tuple[float, str] | None:
    """A CSS length as HTML attributes and SVG write it: (CSS px, "px") or (percent, "%")."""
    match = LENGTH.match(value or "")
    if not match or float(match[1]) <= 0:
        return None
    unit = match[2] or ""
    if unit == "%":
        return float(match[1]), "%"
    return float(match[1]) * PX_PER_UNIT[unit], "px"


def css_length(value: tuple[float, str]) -> str:
    """A length for print: a share of the measure, or inches."""
    number, unit = value
    return f"{min(number, 100):g}%" if unit == "%" else inches(number / CSS_PX_PER_INCH)


def inches(value: float) -> str:
    """Inches rounded down, so that a raster at its 300 dpi size is not reported at 299."""
    return f"{math.floor(value * 10000) / 10000:g}in"
