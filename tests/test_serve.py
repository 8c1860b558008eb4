"""``make_book.py serve``: the live preview, end to end.

The browser test drives Debian's Chromium (/usr/bin/chromium, which tools/system-deps installs
for `make test` and .ci/run) through Playwright, never a browser Playwright downloads: it opens
the page, edits the manuscript, and waits, without a click, for the page to show the new text
and the finding's badge.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from pressroom.serve import start

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
WAIT_MS = 30_000  # each expectation in the browser; a rebuild of the fixture takes well under a second


@pytest.fixture()
def preview(book_copy):
    running = start(book_copy / "manuscript", book_copy / "build", port=0, log=lambda message: None)
    yield running
    running.stop()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def get(url: str, host: str | None = None) -> bytes:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def wait_for_rebuild(running, version: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while running.preview.version == version:
        assert time.monotonic() < deadline, "the preview was not rebuilt"
        time.sleep(0.1)


def test_page_links_blocks_and_marks_findings(preview, book_copy):
    page = get(preview.url).decode("utf-8")
    assert preview.url.startswith("http://127.0.0.1:")
    first = (book_copy / "manuscript" / "01-first.md").resolve()
    link = re.search(r'<p data-line="9"[^>]*><a class="serve-source" href="([^"]+)"[^>]*>01-first\.md:9</a>', page)
    assert link and link[1] == f"vscode://file{first}:9"
    assert 'id="serve-status"' in page and "/events?v=" in page
    assert b"<svg" in get(preview.url + "a-small-test-book-images/chart.svg")
    assert (book_copy / "build" / "a-small-test-book.html").is_file()  # OUT keeps the html edition
    assert "serve-status" not in (book_copy / "build" / "a-small-test-book.html").read_text(encoding="utf-8")

    version = preview.preview.version
    edit(book_copy / "manuscript" / "01-first.md", "1927--1953", "1927-1953")
    wait_for_rebuild(preview, version)
    page = get(preview.url).decode("utf-8")
    marked = re.search(r'<p data-line="9" class="serve-marked serve-marked-error">.*?</p>', page, re.DOTALL)
    assert marked and 'class="serve-badge serve-badge-error"' in marked[0] and ">t-range-hyphen<" in marked[0]


def test_events_say_reload_to_an_old_page(preview):
    with urllib.request.urlopen(preview.url + "events?v=old", timeout=10) as stream:
        lines = [stream.readline() for _ in range(4)]
    assert b"event: reload\n" in lines


def test_answers_only_to_local_host_names(preview):
    with pytest.raises(urllib.error.HTTPError) as error:
        get(preview.url, host="attacker.example")
    assert error.value.code == 403
    with pytest.raises(urllib.error.HTTPError):
        get(preview.url + "../manuscript/book.yaml")


def test_a_bad_manuscript_is_shown_not_fatal(preview, book_copy):
    version = preview.preview.version
    edit(book_copy / "manuscript" / "book.yaml", "  - 02-second.md\n", "  - 02-second.md\n  - 03-missing.md\n")
    wait_for_rebuild(preview, version)
    page = get(preview.url).decode("utf-8")
    assert 'class="serve-error"' in page and "chapter file not found: 03-missing.md" in page
    assert "The First Chapter" in page  # the last good build stays on show

    version = preview.preview.version
    edit(book_copy / "manuscript" / "book.yaml", "  - 03-missing.md\n", "")
    wait_for_rebuild(preview, version)
    assert 'class="serve-error"' not in get(preview.url).decode("utf-8")


@pytest.fixture()
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (/usr/bin/chromium; tools/system-deps installs it)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
    )
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield browser
        finally:
            browser.close()


def test_the_page_follows_the_manuscript_in_a_browser(preview, book_copy, browser):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(WAIT_MS)
    page.goto(preview.url)
    chapter = page.locator("section[data-source='01-first.md']")
    paragraph = chapter.locator("p[data-line='9']")
    expect(paragraph).to_contain_text("The years 1927–1953 were long.")
    expect(paragraph.locator("a.serve-source")).to_have_text("01-first.md:9")
    expect(paragraph.locator("a.serve-source")).to_be_visible()
    expect(paragraph.locator(".serve-badge")).to_have_count(0)

    page.evaluate("window.untouched = true")  # gone once the page has reloaded by itself
    edit(
        book_copy / "manuscript" / "01-first.md",
        "The years 1927--1953 were long.",
        "The long years 1927-1953 changed everything.",
    )

    expect(paragraph).to_contain_text("The long years 1927-1953 changed everything.", timeout=WAIT_MS)
    badge = paragraph.locator(".serve-badge")
    expect(badge).to_have_text("t-range-hyphen", timeout=WAIT_MS)
    expect(badge).to_be_visible()
    expect(badge).to_have_attribute("title", re.compile(r"01-first\.md:9:\d+: hyphen in the range '1927-1953'"))
    expect(paragraph).to_have_class(re.compile(r"\bserve-marked-error\b"))
    expect(page.locator("#serve-status")).to_contain_text("t-range-hyphen")
    assert page.evaluate("window.untouched") is None

    # A manuscript that does not build: the error in the page, then the book again once mended.
    edit(book_copy / "manuscript" / "book.yaml", "  - 02-second.md\n", "  - 02-second.md\n  - 03-missing.md\n")
    expect(page.locator(".serve-error")).to_contain_text("chapter file not found: 03-missing.md", timeout=WAIT_MS)
    edit(book_copy / "manuscript" / "book.yaml", "  - 03-missing.md\n", "")
    expect(page.locator(".serve-error")).to_have_count(0, timeout=WAIT_MS)
    expect(paragraph).to_contain_text("changed everything")
    page.close()


def test_each_rebuild_converts_each_file_once(book_copy, conversions):
    """One reading per change: the page, the checks and the findings' marks share one Book."""
    from pressroom.findings import Diagnostics
    from pressroom.manuscript import load_book

    files = len(load_book(book_copy / "manuscript", Diagnostics()).sources)
    conversions.clear()
    converted = conversions
    running = start(book_copy / "manuscript", book_copy / "build", port=0, log=lambda message: None, interval=60)
    try:
        assert len(converted) == files
        edit(book_copy / "manuscript" / "01-first.md", "1927--1953", "1927-1953")
        running.preview.rebuild()
        assert len(converted) == 2 * files
        assert ">t-range-hyphen<" in running.preview.page.html.decode("utf-8")
    finally:
        running.stop()
