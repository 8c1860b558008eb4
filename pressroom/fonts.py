"""The book's body font (``mainfont`` in book.yaml): its files in the book's ``styles/fonts/``.

A file belongs to the family when the family name written inside it (the name table, read with
fontTools) is that name, so files may be named as their foundry named them; the weight and style
of each face come from the font's OS/2 table, as a font manager would read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

from pressroom.errors import BookError

FONT_SUFFIXES = {".ttf", ".otf", ".woff2"}
FAMILY_NAME_IDS = (16, 1)  # the typographic family, then the legacy (four-style) family
ITALIC_BIT = 1  # OS/2 fsSelection bit 0


@dataclass(frozen=True)
class FontFace:
    """One font file of a family: what an ``@font-face`` rule says about it."""

    file: Path
    weight: int  # 100 … 900 (OS/2 usWeightClass)
    style: str  # "normal" or "italic"

    @property
    def url(self) -> str:
        """Where the stylesheets find it: ``fonts/`` beside them, in the book's styles/ and in the EPUB."""
        return f"fonts/{self.file.name}"


def main_font(family: str, styles_dir: Path, file: Path, line: int) -> list[FontFace]:
    """The faces of ``family`` in ``styles_dir/fonts/``; a BookError at book.yaml's line when none."""
    fonts = styles_dir / "fonts"
    candidates = sorted(p for p in fonts.iterdir() if p.suffix.lower() in FONT_SUFFIXES) if fonts.is_dir() else []
    faces = []
    for path in candidates:
        names, face = read_face(path)
        if family.casefold() in names:
            faces.append(face)
    if not faces:
        raise BookError(f"no font files for mainfont '{family}' in styles/fonts/", file, line)
    return sorted(faces, key=lambda face: (face.style != "normal", face.weight))


def read_face(path: Path) -> tuple[set[str], FontFace]:
    """The family names a font file gives itself (case-folded), and its face."""
    try:
        with TTFont(path, lazy=True) as font:
            names = {record.toUnicode().casefold() for record in font["name"].names if record.nameID in FAMILY_NAME_IDS}
            os2 = font["OS/2"]
            italic = bool(os2.fsSelection & ITALIC_BIT)
            return names, FontFace(path, os2.usWeightClass, "italic" if italic else "normal")
    except (TTLibError, KeyError, OSError) as error:
        raise BookError(f"not a font file fontTools can read ({error})", path, None) from None
