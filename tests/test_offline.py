"""A whole build without a network: `make_book.py all` in a process where opening a socket fails.

The book has what could tempt a build online: a link to the web, an SVG with a DOCTYPE naming the
W3C's DTD, fonts and a stylesheet of its own, a CMYK and an animated image. Python's socket module
is cut off by a ``sitecustomize`` on the process's path, before Pressroom is imported, so any
attempt (WeasyPrint's URL fetcher, lxml, urllib, a font lookup) would end the build with an error.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).parent.parent

SITECUSTOMIZE = """\
import socket

def refuse(*args, **kwargs):
    raise OSError("offline test: the network was used")

class OfflineSocket(socket.socket):
    def __init__(self, *args, **kwargs):
        family = args[0] if args else kwargs.get("family", socket.AF_INET)
        if family in (socket.AF_INET, socket.AF_INET6):
            refuse()
        super().__init__(*args, **kwargs)

socket.socket = OfflineSocket
socket.create_connection = refuse
socket.getaddrinfo = refuse
"""


def write_book(folder: Path) -> Path:
    manuscript, images, styles = folder / "manuscript", folder / "images", folder / "styles"
    for path in (manuscript, images, styles):
        path.mkdir(parents=True)
    (manuscript / "book.yaml").write_text(
        "title: Offline\nauthor: Ada Author\nlang: en\nprint: {profile: proof}\ncontents:\n  - 01.md\n  - 02.md\n",
        encoding="utf-8",
    )
    (manuscript / "01.md").write_text(
        textwrap.dedent(
            """\
            # First

            Text with a [link to the web](https://example.com/page) and a note.[^1]

            ![A drawing.](../images/drawing.svg){#fig:drawing}

            ![A press photograph.](../images/press.jpg)

            [^1]: The note.
            """
        ),
        encoding="utf-8",
    )
    (manuscript / "02.md").write_text(
        "# Second\n\nSee @fig:drawing.\n\n![A spinner.](../images/spin.gif)\n", encoding="utf-8"
    )
    (images / "drawing.svg").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100"/></svg>\n',
        encoding="utf-8",
    )
    Image.new("CMYK", (300, 200), (0, 80, 80, 10)).save(images / "press.jpg")
    frames = [Image.new("RGB", (60, 60), colour) for colour in ("red", "blue")]
    frames[0].save(images / "spin.gif", save_all=True, append_images=frames[1:], loop=0)
    (styles / "custom.css").write_text("h1 { letter-spacing: 0.02em; }\n", encoding="utf-8")
    return manuscript


def test_a_whole_build_needs_no_network(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))}
    env["SOURCE_DATE_EPOCH"] = "1700000000"

    cut_off = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert "offline test: the network was used" in cut_off.stderr  # the guard is in place

    manuscript = write_book(tmp_path / "book")
    out = tmp_path / "build"
    result = subprocess.run(
        [sys.executable, str(ROOT / "make_book.py"), "all", "-m", str(manuscript), "-o", str(out), "-q", "-j", "1"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path / "book",
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "network" not in result.stderr, result.stderr
    assert result.stderr.splitlines() == [
        "manuscript/01.md:7: warning: CMYK image, whose colours screens may show wrong (save it as RGB): "
        "../images/press.jpg",
        "manuscript/02.md:5: warning: animated image (2 frames), of which print shows the first only: "
        "../images/spin.gif",
    ]
    assert sorted(path.name for path in out.iterdir()) == ["offline.epub", "offline.pdf"]
