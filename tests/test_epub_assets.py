"""The EPUB made small (issue #12): fonts subset to the book's characters with their licence,
rasters downscaled, in sRGB and without metadata for the EPUB only; the sizes in the summary."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pypdf
import pytest
from conftest import epubcheck
from fontTools.ttLib import TTFont
from lxml import etree
from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from pressroom import epub_assets
from pressroom.build import build
from pressroom.cli import human_size
from pressroom.epub_assets import MAX_EPUB_PIXELS, book_characters, webp_without_metadata
from pressroom.resources import DEFAULT_THEME

ARTIST = 0x013B  # EXIF tags
ORIENTATION = 0x0112
TEXT = """# Ærø and the façade

A naïve “quoted” word — and ‘single’ ones… Greek: Ελληνικά, Cyrillic: Кириллица, IPA: ŋ ǂ ʃ.
One character no font here has: 中.[^n]

### A heading in small caps

![A big picture.](../images/big.jpg)

![A press proof.](../images/cmyk.jpg)

![A snapshot.](../images/exif.jpg)

![A turned photo.](../images/turned.jpg)

![A screenshot.](../images/shot.png)

![A chart.](../images/chart.svg)

[^n]: A note with ß and Ŋ.
"""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10"/></svg>\n'


def exif(**tags: int | str) -> bytes:
    data = Image.Exif()
    data[ARTIST] = "Somebody"
    for name, value in tags.items():
        data[{"orientation": ORIENTATION}[name]] = value
    return data.tobytes()


def gradient(size: tuple[int, int]) -> Image.Image:
    ramp = Image.linear_gradient("L").resize(size)
    return Image.merge("RGB", (ramp, ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT), ramp.rotate(180)))


def write_book(root: Path) -> Path:
    manuscript, images = root / "manuscript", root / "images"
    manuscript.mkdir(parents=True)
    images.mkdir()
    (manuscript / "book.yaml").write_text("title: Tiny Assets\nlang: en\ncontents: [one.md]\n", encoding="utf-8")
    (manuscript / "one.md").write_text(TEXT, encoding="utf-8")
    gradient((3000, 2000)).save(images / "big.jpg", quality=90, exif=exif())
    Image.new("CMYK", (60, 40), (0, 80, 80, 10)).save(images / "cmyk.jpg")
    gradient((90, 60)).save(images / "exif.jpg", quality=90, exif=exif())
    gradient((90, 60)).save(images / "turned.jpg", quality=90, exif=exif(orientation=6))
    info = PngInfo()
    info.add_text("Software", "A screenshot tool")
    gradient((80, 50)).quantize(64).save(images / "shot.png", pnginfo=info)
    (images / "chart.svg").write_text(SVG, encoding="utf-8")
    return manuscript


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, source_date_epoch) -> dict:
    root = tmp_path_factory.mktemp("assets")
    manuscript = write_book(root)
    epub, pdf = build(manuscript, root / "out", ("epub", "pdf"))
    with zipfile.ZipFile(epub) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    return {"root": root, "manuscript": manuscript, "epub": epub, "pdf": pdf, "files": files}


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


# Fonts


def page_characters(files: dict[str, bytes]) -> set[str]:
    """Every character of the text of every XHTML page (nav, title page and notes included)."""
    found: set[str] = set()
    for name, data in files.items():
        if name.endswith(".xhtml"):
            root = etree.fromstring(data)
            found.update("".join(root.itertext()))
            found.update("".join(root.xpath("//@alt")))
    return {c for c in found if c >= " "}


def test_fonts_are_subset_to_every_character_of_the_text(tiny):
    fonts = {name: data for name, data in tiny["files"].items() if name.startswith("EPUB/styles/fonts/")}
    assert sorted(Path(name).name for name in fonts) == sorted(
        f"GentiumBookPlus-{style}.ttf" for style in ("Regular", "Italic", "Bold", "BoldItalic")
    )
    text = page_characters(tiny["files"])
    assert {"Æ", "ø", "ç", "—", "“", "Ε", "К", "ŋ", "ß", "中"} <= text
    for name, data in fonts.items():
        original_path = DEFAULT_THEME / "fonts" / Path(name).name
        original, subset = TTFont(original_path), TTFont(io.BytesIO(data))
        assert len(data) < original_path.stat().st_size / 8
        whole, kept = original.getBestCmap(), subset.getBestCmap()
        missing = {c for c in text if ord(c) in whole and ord(c) not in kept}
        assert missing == set(), name
        assert {"A", "a", "Ŋ", "ŋ", "К", "к"} <= {chr(code) for code in kept}  # both cases (small caps, transforms)
        assert ord("中") not in kept  # no Gentium has it
        # Licence, embedding permissions and dates as the foundry wrote them; layout features kept.
        for name_id in (0, 13, 14):
            assert subset["name"].getDebugName(name_id) == original["name"].getDebugName(name_id)
        assert subset["name"].getDebugName(13)
        assert subset["OS/2"].fsType == original["OS/2"].fsType
        assert subset["head"].modified == original["head"].modified
        substitutions = {record.FeatureTag for record in subset["GSUB"].table.FeatureList.FeatureRecord}
        assert {"smcp", "c2sc", "liga", "ccmp"} <= substitutions  # Gentium has no onum, lnum
        assert "kern" in {record.FeatureTag for record in subset["GPOS"].table.FeatureList.FeatureRecord}


def test_the_font_licence_is_inside(tiny):
    assert tiny["files"]["META-INF/fonts/OFL.txt"] == (DEFAULT_THEME / "fonts" / "OFL.txt").read_bytes()


def test_two_builds_are_byte_identical(tiny, tmp_path):
    epub_assets.SUBSETS.clear()  # subset again, not from this process's cache
    again, _ = build(tiny["manuscript"], tmp_path / "again", ("epub", "pdf"))  # as tiny was (page-list)
    assert again.read_bytes() == tiny["epub"].read_bytes()


def test_epubcheck_gives_only_the_font_face_notes(tiny):
    messages = epubcheck([tiny["epub"]])[tiny["epub"]]
    assert [m for m in messages if not (m["severity"] == "USAGE" and m["ID"] == "CSS-028")] == []


def test_a_mainfont_is_subset_with_the_licence_beside_it(tmp_path):
    manuscript = tmp_path / "manuscript"
    fonts = manuscript / "styles" / "fonts"
    fonts.mkdir(parents=True)
    (fonts / "Test-Regular.ttf").write_bytes((DEFAULT_THEME / "fonts" / "GentiumBookPlus-Regular.ttf").read_bytes())
    (fonts / "LICENSE.txt").write_text("The licence.\n")
    (fonts / "notes.txt").write_text("Not a licence.\n")
    (manuscript / "book.yaml").write_text("title: Tiny\nmainfont: Gentium Book Plus\ncontents: [one.md]\n")
    (manuscript / "one.md").write_text("# One\n\nSome text.\n")
    (epub,) = build(manuscript, tmp_path / "out", ("epub",))
    with zipfile.ZipFile(epub) as archive:
        names = archive.namelist()
        font = archive.read("EPUB/styles/fonts/Test-Regular.ttf")
    assert "META-INF/fonts/LICENSE.txt" in names and "META-INF/fonts/notes.txt" not in names
    assert "META-INF/fonts/OFL.txt" not in names  # the theme's fonts are not in this book
    assert len(font) < 100_000


def test_a_woff2_font_stays_woff2():
    latin = (DEFAULT_THEME / "fonts" / "GentiumBookPlus-Regular.ttf").read_bytes()
    font = TTFont(io.BytesIO(epub_assets.subset_font(latin, book_characters([], []))))  # small: quick to compress
    font.flavor = "woff2"
    whole = io.BytesIO()
    font.save(whole)
    made = epub_assets.subset_font(whole.getvalue(), frozenset("Hello"))
    assert made[:4] == b"wOF2" and len(made) < len(whole.getvalue()) / 3
    assert ord("H") in TTFont(io.BytesIO(made)).getBestCmap()


def test_characters_include_both_cases_and_the_stylesheets_strings():
    found = book_characters([b"<p>stra\xc3\x9fe &#x4E2D; &#8212;</p>"], ['hr::after { content: "\\2042"; }'])
    assert {"s", "S", "ß", "中", "—", "⁂", "0", " ", "\u00a0", "’"} <= found


# Rasters


def test_a_big_raster_is_downscaled_for_the_epub_and_kept_whole_in_print(tiny):
    image = opened(tiny["files"]["EPUB/images/big.jpg"])
    assert image.format == "JPEG" and image.width * image.height <= MAX_EPUB_PIXELS
    assert image.size == (2449, 1632)  # the same proportions
    assert not image.getexif() and "icc_profile" not in image.info and "progressive" not in image.info
    printed = {
        (xobject.image.width, xobject.image.height)
        for page in pypdf.PdfReader(tiny["pdf"]).pages
        for xobject in page.images
    }
    assert (3000, 2000) in printed


def test_a_cmyk_jpeg_becomes_rgb_in_the_epub(tiny):
    image = opened(tiny["files"]["EPUB/images/cmyk.jpg"])
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (60, 40))
    assert opened((tiny["root"] / "images" / "cmyk.jpg").read_bytes()).mode == "CMYK"  # print's own file


def test_exif_is_stripped_without_touching_the_pixels(tiny):
    original = (tiny["root"] / "images" / "exif.jpg").read_bytes()
    kept = tiny["files"]["EPUB/images/exif.jpg"]
    assert opened(original).getexif()[ARTIST] == "Somebody"
    assert not opened(kept).getexif() and b"Somebody" not in kept and len(kept) < len(original)
    assert opened(kept).tobytes() == opened(original).tobytes()  # cut from the file, not encoded again


def test_a_turned_photo_is_turned_upright_before_its_exif_goes(tiny):
    image = opened(tiny["files"]["EPUB/images/turned.jpg"])
    assert image.size == (60, 90) and not image.getexif()


def test_png_text_chunks_go_and_svg_stays_as_it_is(tiny):
    shot = tiny["files"]["EPUB/images/shot.png"]
    assert b"tEXt" not in shot and b"screenshot" not in shot
    assert opened(shot).tobytes() == opened((tiny["root"] / "images" / "shot.png").read_bytes()).tobytes()
    assert tiny["files"]["EPUB/images/chart.svg"] == SVG.encode()


def test_an_image_in_another_colour_space_is_converted_through_its_profile(tmp_path):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    other = srgb.replace("sRGB".encode("utf-16-be"), "xRGB".encode("utf-16-be"))  # an RGB profile of another name
    assert epub_assets.is_srgb(srgb) and not epub_assets.is_srgb(other)
    for mode, suffix in (("RGB", "jpg"), ("RGBA", "png"), ("CMYK", "jpg")):
        path = tmp_path / f"{mode}.{suffix}"
        gradient((30, 20)).convert(mode).save(path, icc_profile=other)
        made = opened(epub_assets.epub_image(path))
        assert made.mode == {"CMYK": "RGB"}.get(mode, mode) and "icc_profile" not in made.info, mode


def test_webp_metadata_goes_and_its_flags_follow():
    out = io.BytesIO()
    gradient((40, 30)).save(out, "WEBP", lossless=True, exif=exif())
    cut = webp_without_metadata(out.getvalue())
    assert b"EXIF" not in cut and b"Somebody" not in cut
    assert int.from_bytes(cut[4:8], "little") == len(cut) - 8
    image = opened(cut)
    assert not image.getexif() and image.tobytes() == opened(out.getvalue()).tobytes()


# The build summary


@pytest.mark.parametrize(
    ("size", "shown"), [(812, "812 bytes"), (94_400, "94 kB"), (999_499, "999 kB"), (1_234_567, "1.2 MB")]
)
def test_sizes_are_shown_as_people_read_them(size, shown):
    assert human_size(size) == shown
