"""Bad images, and the limits that keep a layout bounded: one small book each (see
test_bad_input.py). An image is refused at the line that shows it, or shown with a warning."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest
from bad_books import BOOK_YAML, bad_book, builds, fails
from PIL import Image

from pressroom.build import read
from pressroom.findings import BuildFailed
from pressroom.print.profiles import DEFAULT_MAX_PAGES, check_page_limit


@pytest.fixture()
def book(tmp_path, monkeypatch, capsys):
    return bad_book(tmp_path, monkeypatch, capsys)


def png_of_zeros(path: Path, width: int, height: int) -> Path:
    """A black-and-white PNG of ``width`` x ``height`` pixels, all black: a few kilobytes on disk
    that unpack to width * height / 8 bytes (a decompression bomb when large)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer, row = zlib.compressobj(9), b"\0" * (1 + (width + 7) // 8)  # filter byte, then the row
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b""))
    return path


def test_missing_corrupt_and_truncated_images(book):
    Image.new("RGB", (200, 200), "teal").save(book.images / "whole.png")
    whole = (book.images / "whole.png").read_bytes()
    book.write("images/cut.png", whole[: len(whole) // 2])
    book.write("images/junk.jpg", b"\xff\xd8\xff\xe0 not a JPEG at all")
    book.chapter("![Gone.](../images/gone.png)\n\n![Cut.](../images/cut.png)\n\n![Junk.](../images/junk.jpg)")
    fails(
        book.run(),
        book,
        "manuscript/01.md:3: file not found: ../images/gone.png",
        "manuscript/01.md:5: image could not be read (corrupt or truncated): ../images/cut.png",
        "manuscript/01.md:7: image could not be read (corrupt or truncated): ../images/junk.jpg",
    )


def test_an_image_too_large_in_pixels(book):
    png_of_zeros(book.images / "scan.png", 10_000, 9_500)  # 95 megapixels: Pillow only warns
    book.chapter("![A scan.](../images/scan.png)")
    fails(
        book.run(),
        book,
        "manuscript/01.md:3: image has too many pixels to lay out (10000 x 9500 pixels, 95 megapixels, "
        "the most is 89; scale it down): ../images/scan.png",
    )


def test_a_decompression_bomb(book):
    bomb = png_of_zeros(book.images / "bomb.png", 20_000, 20_000)  # 400 megapixels in some kilobytes
    assert bomb.stat().st_size < 100_000
    book.chapter("![A bomb.](../images/bomb.png)")
    book.write("manuscript/book.yaml", BOOK_YAML + "cover-image: ../images/bomb.png\n")
    fails(
        book.run(),
        book,
        "manuscript/01.md:3: image has too many pixels to lay out (400 megapixels, the most is 89; scale it down): "
        "../images/bomb.png",
        "manuscript/book.yaml:5: image has too many pixels to lay out (400 megapixels, the most is 89; scale it down): "
        "../images/bomb.png",
    )


def test_cmyk_and_animated_images_are_shown_with_a_warning(book):
    Image.new("CMYK", (40, 30), (0, 80, 80, 10)).save(book.images / "press.jpg")
    frames = [Image.new("RGB", (40, 30), colour) for colour in ("red", "green", "blue")]
    frames[0].save(book.images / "spin.gif", save_all=True, append_images=frames[1:], loop=0)
    book.chapter(
        "![Press.](../images/press.jpg)\n\n![Spin.](../images/spin.gif)\n\nAgain: ![Spin.](../images/spin.gif)"
    )
    builds(
        book.run(),
        book,
        "manuscript/01.md:3: warning: CMYK image, whose colours screens may show wrong (save it as RGB): "
        "../images/press.jpg",
        "manuscript/01.md:5: warning: animated image (3 frames), of which print shows the first only: "
        "../images/spin.gif",
    )
    assert {"EPUB/images/press.jpg", "EPUB/images/spin.gif"} <= set(book.epub_names())


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="20">{}</svg>'
)
UNSAFE_SVGS = {
    "script.svg": (SVG.format("<script>alert(1)</script>"), "has a script (<script>), which no edition may run"),
    "onload.svg": (
        SVG.format('<rect width="20" height="20" onload="alert(1)"/>'),
        "has an event handler (onload), which no edition may run",
    ),
    "remote.svg": (
        SVG.format('<image xlink:href="http://127.0.0.1:9/x.png" width="20" height="20"/>'),
        "refers to a file outside it (http://127.0.0.1:9/x.png in <image>); embed it or remove it",
    ),
    "local.svg": (
        SVG.format('<image href="file:///etc/hosts" width="20" height="20"/>'),
        "refers to a file outside it (file:///etc/hosts in <image>); embed it or remove it",
    ),
    "use.svg": (
        SVG.format('<use href="other.svg#shape"/>'),
        "refers to a file outside it (other.svg#shape in <use>); embed it or remove it",
    ),
    "style.svg": (
        SVG.format("<style>@import url(https://example.com/a.css);</style>"),
        "refers to a file outside it (url() or @import in <style>); embed it or remove it",
    ),
    "paint.svg": (
        SVG.format('<rect width="20" height="20" fill="url(https://example.com/p.svg#g)"/>'),
        "refers to a file outside it (url() in fill); embed it or remove it",
    ),
    "entity.svg": (
        '<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>' + SVG.format("<text>&secret;</text>"),
        "declares an external entity (secret: file:///etc/passwd), which no edition may load",
    ),
}


def test_svg_with_scripts_or_external_references(book):
    for name, (text, _) in UNSAFE_SVGS.items():
        book.write(f"images/{name}", text)
    book.chapter("\n\n".join(f"![{name}](../images/{name})" for name in UNSAFE_SVGS))
    fails(
        book.run(),
        book,
        *(
            f"manuscript/01.md:{3 + 2 * number}: SVG image {problem}: ../images/{name}"
            for number, (name, (_, problem)) in enumerate(UNSAFE_SVGS.items())
        ),
    )


def test_svg_with_what_illustrators_write_is_fine(book):
    book.write(
        "images/drawing.svg",
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [<!ENTITY ns_svg "http://www.w3.org/2000/svg">]>\n'
        + SVG.format(
            '<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient>'
            '<circle id="dot" r="2"/></defs><rect width="20" height="20" fill="url(#g)" style="stroke: url(#g)"/>'
            '<use xlink:href="#dot"/><a href="https://example.com"><text>a link</text></a>'
            '<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>'
        ),
    )
    book.chapter("![A drawing.](../images/drawing.svg)")
    builds(book.run(), book)


# Resource limits of the print layout --------------------------------------------------------------


def test_the_page_limit_is_a_setting_with_a_default(book):
    assert read(book.manuscript).meta.max_pages == DEFAULT_MAX_PAGES == 3000
    book.write("manuscript/book.yaml", BOOK_YAML + "print:\n  trim: a5\n  max-pages: 40\n")
    meta = read(book.manuscript).meta
    assert meta.max_pages == 40
    check_page_limit(read(book.manuscript), 40)  # at the limit: fine
    with pytest.raises(BuildFailed) as stopped:
        check_page_limit(read(book.manuscript), 41)
    assert str(stopped.value) == (
        "manuscript/book.yaml:7: the print layout has 41 pages, more than print max-pages allows (40): "
        "shorten the book or raise max-pages"
    )
    assert [finding.code for finding in stopped.value.findings] == ["l-too-many-pages"]


def test_a_print_layout_over_the_page_limit_stops_the_build(book):
    book.write("manuscript/book.yaml", BOOK_YAML + "print: {max-pages: 2}\n")
    book.chapter("\n\n".join(f"## Section {n}\n\n" + "A line of text. " * 200 for n in range(1, 6)))
    outcome = book.run("pdf")
    assert outcome.status == 2 and book.untouched(), outcome.err
    assert re.fullmatch(
        r"manuscript/book\.yaml:5: the print layout has \d+ pages, more than print max-pages allows \(2\): "
        r"shorten the book or raise max-pages\n",
        outcome.err,
    ), outcome.err
