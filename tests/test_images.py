"""Images (pressroom/images.py): every file read once and checked, its natural size kept; in print
never wider than the text block, rasters never larger than at 300 dpi, icons in a line of text."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html
from PIL import Image
from weasyprint.formatting_structure import boxes

from pressroom.build import build_timestamp, read
from pressroom.findings import BuildFailed, Diagnostics
from pressroom.images import BadImage, ImageInfo, html_size, read_image, size_for_print
from pressroom.manuscript import load_book
from pressroom.print import layout

SHOWN = "use JPEG, PNG, GIF, WebP or SVG"
SQUARE = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100"><rect width="200" height="100"/></svg>'


def png(path: Path, size=(30, 20), **options) -> Path:
    Image.new("RGB", size, "teal").save(path, **options)
    return path


def problem(path: Path) -> str:
    with pytest.raises(BadImage) as raised:
        read_image(path)
    return str(raised.value)


# Reading -----------------------------------------------------------------------------------------


def test_a_raster_is_read_with_its_type_and_natural_size(tmp_path):
    assert read_image(png(tmp_path / "a.png", (300, 200))) == ImageInfo(tmp_path / "a.png", "PNG", 300, 200)
    assert read_image(png(tmp_path / "b.JPG", format="JPEG")).format == "JPEG"
    assert read_image(png(tmp_path / "c.webp")).format == "WEBP"
    camera = Image.new("RGB", (8, 8))
    camera.save(tmp_path / "camera.jpg", format="MPO", save_all=True, append_images=[camera])  # two pictures
    assert read_image(tmp_path / "camera.jpg").format == "JPEG"


def test_a_corrupt_or_truncated_raster_is_refused(tmp_path):
    (tmp_path / "junk.png").write_bytes(b"not an image at all")
    whole = png(tmp_path / "whole.png", (400, 400)).read_bytes()
    (tmp_path / "cut.png").write_bytes(whole[: len(whole) // 2])  # the header reads; the pixels do not
    Image.effect_noise((400, 400), 60).convert("RGB").save(tmp_path / "noise.jpg", quality=95)
    jpeg = (tmp_path / "noise.jpg").read_bytes()
    (tmp_path / "cut.jpg").write_bytes(jpeg[: len(jpeg) // 3])
    for name in ("junk.png", "cut.png", "cut.jpg"):
        assert problem(tmp_path / name) == "image could not be read (corrupt or truncated)", name


def test_a_type_no_edition_shows_is_refused_by_name(tmp_path):
    png(tmp_path / "scan.tiff", format="TIFF")
    png(tmp_path / "old.bmp", format="BMP")
    (tmp_path / "figure.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\n")
    png(tmp_path / "photo.jpg", format="PNG")
    assert problem(tmp_path / "scan.tiff") == f"image type TIFF cannot be shown in the editions ({SHOWN})"
    assert problem(tmp_path / "old.bmp") == f"image type BMP cannot be shown in the editions ({SHOWN})"
    assert problem(tmp_path / "figure.pdf") == f"image type .pdf cannot be shown in the editions ({SHOWN})"
    assert problem(tmp_path / "photo.jpg") == "image is PNG but its name ends in .jpg (the ebook types files by name)"


def test_an_svg_is_parsed_safely_and_keeps_its_own_size(tmp_path):
    (tmp_path / "chart.svg").write_text(SQUARE)
    info = read_image(tmp_path / "chart.svg")
    assert (info.format, info.svg_width, info.svg_height, info.view_box) == ("SVG", "200", "100", "0 0 200 100")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    (tmp_path / "entity.svg").write_text(
        f'<!DOCTYPE svg [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>'
    )
    assert problem(tmp_path / "entity.svg").startswith("SVG image declares an external entity (x: file://")  # unread
    (tmp_path / "broken.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>')
    (tmp_path / "page.svg").write_text("<html><body/></html>")
    assert problem(tmp_path / "broken.svg").startswith("SVG image is not well-formed XML (")
    assert problem(tmp_path / "page.svg") == "image is not an SVG (its root element is <html>)"


def test_the_reader_reports_bad_images_at_file_and_line_and_the_build_stops(tmp_path):
    png(tmp_path / "good.png", (600, 400))
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    png(tmp_path / "scan.tiff", format="TIFF")
    manuscript = tmp_path / "book.md"
    manuscript.write_text(
        "---\ntitle: Pictures\n---\n\n# One\n\n"
        "![Good.](good.png){#fig:good}\n\n"
        "Broken: <img src='broken.png' alt='b'>\n\n"
        "![Scan.](scan.tiff)\n\n"
        "![Again.](good.png)\n"
    )
    diagnostics = Diagnostics()
    book = load_book(manuscript, diagnostics)
    assert [f"{f.file.name}:{f.line}: {f.code} {f.message}" for f in diagnostics.findings] == [
        "book.md:9: f-bad-image image could not be read (corrupt or truncated): broken.png",
        f"book.md:11: f-bad-image image type TIFF cannot be shown in the editions ({SHOWN}): scan.tiff",
    ]
    assert book.images == {"images/good.png": ImageInfo(tmp_path / "good.png", "PNG", 600, 400)}
    with pytest.raises(BuildFailed):
        read(manuscript, Diagnostics())


# Print sizes -------------------------------------------------------------------------------------

PHOTO = ImageInfo(Path("photo.png"), "PNG", 3000, 2000)
ICON = ImageInfo(Path("icon.png"), "PNG", 32, 32)
CHART = ImageInfo(Path("chart.svg"), "SVG", svg_width="200", svg_height="100", view_box="0 0 200 100")
BARE = ImageInfo(Path("bare.svg"), "SVG", view_box="0 0 20 20")


def sized(html: str, info: ImageInfo) -> tuple[str, str]:
    """The style and class size_for_print gives the <img> in ``html``."""
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    image = root.find(".//img")
    size_for_print(image, info)
    return image.get("style", ""), image.get("class", "")


def test_a_raster_is_never_larger_than_its_natural_size_at_300_dpi():
    assert sized('<p><img src="p"></p>', PHOTO) == ("--image-cap: 10in", "image-alone")
    assert sized('<p><img src="p" width="50%"></p>', PHOTO)[0] == "--image-share: 50%; --image-cap: 10in"
    assert sized('<p><img src="p" width="600"></p>', PHOTO)[0] == "--image-cap: 6.25in"  # CSS px
    assert sized('<p><img src="p" width="600"></p>', ICON)[0] == "--image-cap: 0.1066in"  # 32 px at 300 dpi
    assert sized('<p><img src="p" height="96"></p>', PHOTO)[0] == "--image-cap: 1.5in"  # its ratio kept
    assert sized('<figure><img src="p"><figcaption>Text.</figcaption></figure>', PHOTO) == ("--image-cap: 10in", "")
    assert sized('<p><img src="p" style="border: 1px solid;"></p>', PHOTO)[0] == "border: 1px solid; --image-cap: 10in"


def test_a_small_image_in_a_line_of_text_is_an_icon():
    style, classes = sized('<p>Passed <a href="#x"><img src="i" class="x"></a> today.</p>', ICON)
    assert style == "--image-cap: 0.1066in; --image-cap-height: 0.1066in" and classes == "x image-inline"
    assert sized('<p>Text <img src="p"> text.</p>', PHOTO) == ("--image-cap: 10in", "")  # too tall for an icon
    assert sized("<p>Icon: <img src='c'></p>", BARE) == ("height: 1em; width: auto", "image-inline")


def test_an_svg_keeps_its_ratio_and_takes_its_size_from_its_attributes():
    assert sized('<p><img src="c"></p>', CHART) == ("", "image-alone")  # its own 200 × 100 px, within the measure
    assert sized('<p><img src="c" width="50%"></p>', CHART)[0] == "width: 50%"
    assert sized('<p><img src="c" width="150"></p>', CHART)[0] == "width: 1.5625in"
    assert sized('<p><img src="c" height="96"></p>', CHART)[0] == "height: 1in; width: auto"
    assert sized('<p><img src="c" width="192" height="48"></p>', CHART)[0] == "width: 2in; height: 0.5in"
    assert sized("<p>Text <img src='c'> text.</p>", CHART) == ("", "")  # 100 px tall: not an icon


def test_the_ebook_gets_width_and_height_as_xhtml_allows_them():
    root = lxml_html.fragment_fromstring(
        '<p><img src="a" width="50%"><img src="b" width="600" height="2in"><img src="c" width="auto"></p>'
    )
    for image in root.iter("img"):
        html_size(image)
    assert [(i.get("width"), i.get("height"), i.get("style")) for i in root.iter("img")] == [
        (None, None, "width: 50%"),
        ("600", "192", None),
        (None, None, None),
    ]


def test_a_printed_book_keeps_every_image_within_the_text_block(tmp_path, source_date_epoch):
    """One small book laid out: a 3000 px screenshot, a 32 px icon in a sentence, half the measure,
    a raster figure of 300 px and an SVG, read from WeasyPrint's boxes."""
    png(tmp_path / "shot.png", (3000, 2000))
    png(tmp_path / "ok.png", (32, 32))
    png(tmp_path / "half.png", (1200, 600))
    png(tmp_path / "small.png", (300, 200))
    (tmp_path / "chart.svg").write_text(SQUARE.replace('width="200" height="100" ', ""))
    manuscript = tmp_path / "book.md"
    manuscript.write_text(
        "---\ntitle: Sizes\n---\n\n# Sizes\n\nA screenshot:\n\n<img src='shot.png' alt='Screen'>\n\n"
        "The build passed <img src='ok.png' alt='ok'> and went on.\n\n<img src='half.png' width='50%' alt='Half'>\n\n"
        "![Small.](small.png){alt='Small'}\n\n![Chart.](chart.svg){alt='Chart'}\n"
    )
    book = read(manuscript, Diagnostics())
    document = layout.render(book, layout.print_html(book, build_timestamp(book)))
    placed = {}  # file name → (its box, the text of the line it stands in, the text block's left and width)
    for page in document.pages:
        text_block = (page._page_box.content_box_x(), page._page_box.width)
        stack = [(page._page_box, None)]
        while stack:
            box, line = stack.pop()
            line = box if isinstance(box, boxes.LineBox) else line
            if isinstance(box, boxes.ReplacedBox):
                placed[Path(box.element.get("src")).name] = (box, line_text(line), text_block)
            stack.extend((child, line) for child in (box.all_children() if isinstance(box, boxes.ParentBox) else ()))
    inch = 96  # WeasyPrint's boxes measure CSS px
    for box, _, (left, measure) in placed.values():
        assert box.content_box_x() >= left - 0.5 and box.content_box_x() + box.width <= left + measure + 0.5
    measure = placed["shot.png"][2][1]
    assert placed["shot.png"][0].width == pytest.approx(measure)  # 10 in at 300 dpi: the measure holds it
    assert placed["half.png"][0].width == pytest.approx(measure / 2)
    assert placed["small.png"][0].width == pytest.approx(inch)  # 300 px at 300 dpi
    chart = placed["chart.svg"][0]
    assert (chart.width, chart.height) == (pytest.approx(measure), pytest.approx(measure / 2))  # ratio kept
    icon, line, _ = placed["ok.png"]
    assert icon.width == pytest.approx(32 / 300 * inch, abs=0.1) and icon.height <= 11 / 72 * inch  # within 1em
    assert "The build passed" in line and "and went on." in line  # inline, in its sentence


def line_text(line) -> str:
    """The text of a laid-out line."""
    if line is None:
        return ""
    texts, stack = [], [line]
    while stack:
        box = stack.pop(0)
        if isinstance(box, boxes.TextBox):
            texts.append(box.text)
        stack[:0] = box.all_children() if isinstance(box, boxes.ParentBox) else []
    return "".join(texts)


def test_a_corrupt_cover_image_is_an_error_at_its_metadata_line(tmp_path):
    (tmp_path / "cover.png").write_bytes(png(tmp_path / "good.png").read_bytes()[:60])  # cut short
    book = tmp_path / "book.md"
    book.write_text("---\ntitle: T\ncover-image: cover.png\n---\n\n# One\n\nText.\n", encoding="utf-8")
    diagnostics = Diagnostics()
    load_book(book, diagnostics)
    assert [(f.line, f.code, f.message) for f in diagnostics.errors] == [
        (3, "f-bad-image", "image could not be read (corrupt or truncated): cover.png")
    ]
