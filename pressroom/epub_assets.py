"""What the EPUB carries beside its pages, made small for a reader's device (issue #12).

Fonts (``subset_font``): each embedded font is cut down with fontTools to the characters the book
uses (``book_characters``: every character of every XHTML page, nav, title page and notes
included, each letter in both cases for small caps and ``text-transform``, the characters of the
stylesheets' strings (``content: "⁂"``) and a base of punctuation, digits and spaces that reading
systems and hyphenation may add). Every OpenType layout feature is kept (kerning, ligatures, small
caps, old-style and lining figures …: whatever a stylesheet may ask), and so are hinting, the
whole name table (the copyright, licence and licence URL records: name IDs 0, 13, 14), the OS/2
embedding flags (fsType) and the file's format (TrueType, OpenType, WOFF, WOFF2) and its ``head``
dates, so the same font and text give the same bytes. The licence files beside the fonts
(``licence_files``: OFL.txt, LICENSE …) go with them.

Rasters (``epub_image``): a JPEG or PNG (and a still GIF or WebP) of more than
``MAX_EPUB_PIXELS`` is scaled down (Lanczos, aspect kept), a CMYK image or one with an embedded
colour profile other than sRGB is converted to sRGB (through its profile with LittleCMS when it
has one), and a camera's orientation is applied; such an image is encoded again, in its own format
(JPEG at quality ``JPEG_QUALITY``, baseline), without metadata. Any other JPEG, PNG or WebP keeps
its pixels and loses only its metadata (EXIF, XMP, IPTC, comments, text chunks, an sRGB profile),
cut from the file without decoding it; an animation and an SVG stay as they are. The print edition
and the HTML page use the files themselves.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import re
import unicodedata
import warnings
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from PIL import Image, ImageCms, ImageOps

MAX_EPUB_PIXELS = 4_000_000  # a raster with more pixels is scaled down for the ebook
JPEG_QUALITY = 88
ORIENTATION = 0x0112  # the EXIF tag
# The characters a reading system may set whatever the text: ASCII, spaces, hyphens and dashes,
# quotes, bullets and the marks of list items and footnotes.
BASE_CHARACTERS = frozenset(
    [chr(code) for code in range(0x20, 0x7F)]
    + list("\u00a0\u00ad\u2009\u200a\u200b\u200c\u200d\u202f\u2010\u2011\u2012\u2013\u2014\u2015")
    + list("‘’‚‛“”„‟‹›«»…•◦▪‣·×÷°§¶†‡©®™′″№")
)
CHARACTER_REFERENCE = re.compile(r"&#(?:x([0-9a-fA-F]+)|([0-9]+));")
CSS_STRING = re.compile(r""""((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'""")
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)")
LICENCE = re.compile(r"^(?:OFL|LICEN[CS]E|COPYING)(?:[-_.].*)?$", re.IGNORECASE)
SUBSETS: OrderedDict[tuple[bytes, frozenset[str]], bytes] = OrderedDict()  # in-process: the same font and text
KEPT_SUBSETS = 32


# Fonts --------------------------------------------------------------------------------------------


def book_characters(pages: Iterable[bytes], stylesheets: Iterable[str]) -> frozenset[str]:
    """Every character a font of the ebook may have to show: those of the pages as written
    (markup and attribute values too, which costs only ASCII), their other case, their composed
    and decomposed forms, the stylesheets' strings and ``BASE_CHARACTERS``."""
    text = []
    for page in pages:
        markup = page.decode("utf-8", errors="replace")
        text.append(markup)
        text.extend(
            chr(int(hex_code or code, 16 if hex_code else 10)) for hex_code, code in CHARACTER_REFERENCE.findall(markup)
        )
    for sheet in stylesheets:
        for double, single in CSS_STRING.findall(sheet):
            text.append(CSS_ESCAPE.sub(css_unescape, double or single))
    found = set("".join(text))
    for character in list(found):
        for form in (character.upper(), character.lower(), character.casefold(), character.title()):
            found.update(form)
        found.update(unicodedata.normalize("NFD", character))
    found.update(unicodedata.normalize("NFC", "".join(text)))
    return frozenset(found) | BASE_CHARACTERS


def css_unescape(match: re.Match) -> str:
    if match[1]:
        code = int(match[1], 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else ""
    return match[2]


def subset_font(data: bytes, characters: frozenset[str]) -> bytes:
    """The font (a TrueType, OpenType, WOFF or WOFF2 file's bytes) with only the glyphs of
    ``characters`` and those its layout features reach from them, in the same format. A font
    fontTools cannot cut goes whole (the build is not the place to refuse it)."""
    key = (hashlib.sha256(data).digest(), characters)
    if key in SUBSETS:
        SUBSETS.move_to_end(key)
        return SUBSETS[key]
    try:
        made = cut(data, characters)
    except Exception:  # fontTools raises many kinds on fonts it cannot subset
        made = data
    SUBSETS[key] = made
    while len(SUBSETS) > KEPT_SUBSETS:
        SUBSETS.popitem(last=False)
    return made


def cut(data: bytes, characters: frozenset[str]) -> bytes:
    options = subset.Options()
    options.layout_features = ["*"]  # kern, liga, smcp, c2sc, onum, lnum, tnum … whatever CSS asks
    options.name_IDs = ["*"]  # the copyright (0), licence (13) and licence URL (14) among them
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.drop_tables += ["Silt"]  # Graphite's (Gentium has them): no reading system uses Graphite
    with quiet_fonttools(), TTFont(io.BytesIO(data), recalcTimestamp=False, lazy=True) as font:
        flavor = font.flavor  # None (TrueType/OpenType), "woff" or "woff2": kept
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(ord(c) for c in characters))
        subsetter.subset(font)
        font.flavor = flavor
        out = io.BytesIO()
        font.save(out)
    return out.getvalue()


@contextmanager
def quiet_fonttools() -> Iterator[None]:
    """fontTools logs each table it drops as a warning; the build's output is the book's findings."""
    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def licence_files(fonts: Iterable[Path]) -> list[Path]:
    """The licence files in the folders of the fonts (OFL.txt, LICENSE, LICENCE.txt, COPYING …),
    one of each name: the first font's folder first."""
    found: dict[str, Path] = {}
    for folder in dict.fromkeys(font.parent for font in fonts):
        for path in sorted(folder.iterdir()):
            if path.is_file() and LICENCE.match(path.name) and path.suffix.lower() in {"", ".txt", ".md"}:
                found.setdefault(path.name, path)
    return list(found.values())


# Rasters ------------------------------------------------------------------------------------------


def epub_image(path: Path) -> bytes:
    """The bytes the EPUB carries for an image file the reader has checked (``images.read_checked``)."""
    data = path.read_bytes()
    if path.suffix.lower() == ".svg":
        return data
    try:
        with warnings.catch_warnings(), Image.open(io.BytesIO(data)) as image:
            warnings.simplefilter("ignore")  # EXIF Pillow cannot read, a large image: it is dealt with here
            return for_screens(image, data)
    except (OSError, ValueError, SyntaxError, ImageCms.PyCMSError):  # a file Pillow read once: as it is
        return data


def for_screens(image: Image.Image, data: bytes) -> bytes:
    kind = "JPEG" if image.format == "MPO" else image.format
    if getattr(image, "n_frames", 1) > 1 and image.format != "MPO":
        return data  # an animation: its frames as they are
    too_big = image.width * image.height > MAX_EPUB_PIXELS
    turned = image.getexif().get(ORIENTATION, 1) not in (0, 1)
    profile = image.info.get("icc_profile")
    foreign = image.mode == "CMYK" or bool(profile and not is_srgb(profile))
    if too_big or turned or foreign or image.format == "MPO":
        return encoded(image, kind, too_big)
    if kind == "JPEG":
        return jpeg_without_metadata(data)
    if kind == "PNG":
        return png_without_metadata(data)
    if kind == "WEBP":
        return webp_without_metadata(data)
    return data


def is_srgb(profile: bytes) -> bool:
    """Whether an embedded ICC profile is an sRGB one (by its description, as every sRGB profile
    names itself); one that cannot be read counts as sRGB (readers ignore it too)."""
    try:
        description = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(profile)))
    except (ImageCms.PyCMSError, OSError, ValueError):
        return True
    return "srgb" in description.lower()


def scaled(size: tuple[int, int]) -> tuple[int, int]:
    """The largest size of the same proportions within ``MAX_EPUB_PIXELS``."""
    width, height = size
    factor = math.sqrt(MAX_EPUB_PIXELS / (width * height))
    return max(1, math.floor(width * factor)), max(1, math.floor(height * factor))


def encoded(image: Image.Image, kind: str, too_big: bool) -> bytes:
    """The image turned upright, in sRGB and within ``MAX_EPUB_PIXELS``, encoded in ``kind``
    without metadata."""
    if too_big and kind == "JPEG":
        image.draft(image.mode, scaled(image.size))  # decoded at 1/2, 1/4 or 1/8 when that suffices
    image.load()
    palette = image.mode in {"P", "PA"}
    picture = ImageOps.exif_transpose(image) or image
    picture = in_srgb(picture, image.info.get("icc_profile"))
    if too_big:
        if picture.mode == "1":
            picture = picture.convert("L")
        elif picture.mode not in {"RGB", "RGBA", "L", "LA", "I", "F", "I;16"}:
            picture = picture.convert("RGBA" if has_alpha(picture) else "RGB")
        picture = picture.resize(scaled(picture.size), Image.Resampling.LANCZOS, reducing_gap=3.0)
    if kind in {"PNG", "GIF"} and palette and picture.mode in {"RGB", "RGBA"}:
        picture = picture.quantize(256)  # back to a palette: deterministic, and as small as it was
    if kind == "JPEG" and picture.mode not in {"RGB", "L"}:
        picture = picture.convert("RGB")
    transparency = picture.info.get("transparency")
    picture.info = {} if transparency is None else {"transparency": transparency}
    out = io.BytesIO()
    if kind == "JPEG":
        picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False, exif=b"", icc_profile=None)
    elif kind == "PNG":
        picture.save(out, "PNG", optimize=True, exif=b"", icc_profile=None)
    elif kind == "WEBP":
        picture.save(out, "WEBP", quality=JPEG_QUALITY, method=4, exif=b"", icc_profile=None)
    else:
        picture.save(out, kind)
    return out.getvalue()


def has_alpha(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA", "La", "RGBa"} or "transparency" in image.info


def in_srgb(image: Image.Image, profile: bytes | None) -> Image.Image:
    """The image's colours in sRGB: through its embedded profile when that is another one (CMYK,
    Adobe RGB, Display P3, a grey profile), CMYK without one by Pillow's plain conversion."""
    base = {"RGBA": "RGB", "LA": "L"}.get(image.mode, image.mode)
    if profile and not is_srgb(profile) and base in {"RGB", "CMYK", "L"}:
        try:
            converted = ImageCms.profileToProfile(
                image.convert(base),
                ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                ImageCms.createProfile("sRGB"),
                renderingIntent=ImageCms.Intent.PERCEPTUAL,
                outputMode="RGB",
            )
        except ImageCms.PyCMSError:  # a profile that does not fit the pixels (an RGB one on CMYK): as if none
            converted = None
        if converted is not None:
            if base == "L":
                converted = converted.convert("L")  # a grey image stays grey
            if image.mode in {"RGBA", "LA"}:
                converted.putalpha(image.getchannel("A"))
            return converted
    if image.mode == "CMYK":
        return image.convert("RGB")
    return image


# Metadata cut from a file without decoding it -----------------------------------------------------

JPEG_METADATA = {0xE1, 0xEC, 0xED, 0xFE}  # APP1 (EXIF, XMP), APP12 (Ducky), APP13 (IPTC), COM
PNG_METADATA = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME", b"iCCP"}  # iCCP: an sRGB one only reaches here
WEBP_METADATA = {b"EXIF": 0x08, b"XMP ": 0x04, b"ICCP": 0x20}  # and their flags in the VP8X chunk


def jpeg_without_metadata(data: bytes) -> bytes:
    """A JPEG without its EXIF, XMP, IPTC, comments and (sRGB) ICC profile segments; the image
    data from the first scan on as it is. A file not laid out as expected is returned whole."""
    if data[:2] != b"\xff\xd8":
        return data
    out, at = [data[:2]], 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return data
        marker = data[at + 1]
        if marker == 0xFF:  # a fill byte
            at += 1
            continue
        if marker == 0xDA:  # start of scan: the rest is image data
            return b"".join([*out, data[at:]])
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            out.append(data[at : at + 2])
            at += 2
            continue
        end = at + 2 + int.from_bytes(data[at + 2 : at + 4], "big")
        segment = data[at:end]
        icc = marker == 0xE2 and segment[4:16] == b"ICC_PROFILE\x00"
        if marker not in JPEG_METADATA and not icc:
            out.append(segment)
        at = end
    return data


def png_without_metadata(data: bytes) -> bytes:
    """A PNG without its text, EXIF, time and (sRGB) ICC profile chunks; every other chunk as it is."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return data
    out, at = [data[:8]], 8
    while at + 12 <= len(data):
        length, kind = int.from_bytes(data[at : at + 4], "big"), data[at + 4 : at + 8]
        end = at + 12 + length
        if kind not in PNG_METADATA:
            out.append(data[at:end])
        at = end
        if kind == b"IEND":
            return b"".join(out)
    return data


def webp_without_metadata(data: bytes) -> bytes:
    """A WebP without its EXIF, XMP and (sRGB) ICC profile chunks, its VP8X flags and RIFF size
    set to match."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return data
    chunks, at, cleared = [], 12, 0
    while at + 8 <= len(data):
        kind, length = data[at : at + 4], int.from_bytes(data[at + 4 : at + 8], "little")
        end = at + 8 + length + (length & 1)
        if kind in WEBP_METADATA:
            cleared |= WEBP_METADATA[kind]
        else:
            chunks.append(bytearray(data[at:end]))
        at = end
    for chunk in chunks:
        if chunk[:4] == b"VP8X":
            chunk[8] &= ~cleared & 0xFF
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + len(body).to_bytes(4, "little") + body
