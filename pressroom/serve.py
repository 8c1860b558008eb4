"""``make_book.py serve``: a live preview of the book on 127.0.0.1, with the proofreading findings.

The one-page HTML edition (``html.write_html``, also written to OUT/<slug>.html) is served from
memory with what only the preview shows, added to its element tree with lxml:

- beside every block (``data-line`` inside a chapter's ``data-source`` section) a margin link to
  its ``file.md:12``, opening the editor (``PRESSROOM_EDITOR_URL``, default VS Code's URL scheme);
- each finding of the checks (``pressroom.proof.checks.check_book``, on the Book the page was
  made from: the manuscript is read once per change) marked on the block that holds its line,
  with a badge (the code; the message as its title), and all of them listed in a status bar;
- the live-reload script (``styles/templates/html/live.html``): the page listens to ``/events``
  (Server-Sent Events) and reloads itself when the book has been rebuilt.

A thread polls the files under the manuscript folder and the ``images/`` and ``styles/`` folders
beside it and rebuilds on any change. A manuscript that cannot be built does not stop the server:
the page shows ``file:line: message`` over the last good build, and watching goes on.
"""

from __future__ import annotations

import copy
import mimetypes
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import jinja2
from lxml import html as lxml_html

from pressroom.book import Book
from pressroom.build import build_timestamp
from pressroom.context import BuildContext
from pressroom.errors import BookError, display_path
from pressroom.findings import BuildFailed, Diagnostics, Finding
from pressroom.html import write_html
from pressroom.lock import output_lock
from pressroom.manuscript import load_book
from pressroom.proof.checks import check_book, summary
from pressroom.resolve import resolve
from pressroom.resources import DEFAULT_THEME

HOST = "127.0.0.1"
POLL_SECONDS = 0.3
KEEPALIVE_SECONDS = 15.0
EDITOR_URL = "vscode://file{path}:{line}"  # {path}: absolute, URL-quoted; {line}: 1-based
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
# Elements that cannot hold a link or badge as a child (the browser would move it): those get
# a zero-height holder just before them instead.
NO_CHILDREN = {"table", "thead", "tbody", "tfoot", "tr", "hr", "img", "br", "col", "colgroup"}
SKIPPED_DIRS = {"__pycache__", "node_modules"}


@dataclass
class Page:
    """What the server hands out: the page and the files it shows, by URL path."""

    html: bytes
    files: dict[str, bytes] = field(default_factory=dict)


class Preview:
    """The book as a live page: rebuilt on demand, watched, and waited on by the /events streams."""

    def __init__(self, manuscript: Path, out_dir: Path, log: Callable[[str], None] | None = None):
        self.manuscript = Path(manuscript)
        self.out_dir = Path(out_dir)
        self.log = log or (lambda message: print(message, file=sys.stderr, flush=True))
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(DEFAULT_THEME / "templates")),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.page = Page(html=b"")
        # the last build that succeeded: its page's tree (before the preview's marks), files, Book
        self.good: lxml_html.HtmlElement | None = None
        self.good_files: dict[str, bytes] = {}
        self.good_book: Book | None = None
        self.stamp = f"{time.time_ns():x}"  # a restarted server never matches an old page's version
        self.builds = 0
        self.changed = threading.Condition()
        self.stopping = threading.Event()

    @property
    def version(self) -> str:
        return f"{self.stamp}-{self.builds}"

    # -- building -------------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Read the manuscript once; from that Book build the HTML edition (when reading and
        resolving found no error) and run the checks; publish the page and wake the listeners.

        Called by one thread at a time (``start``, then the watcher)."""
        started = time.monotonic()
        error = checks_error = None
        findings: list[Finding] = []
        book = None
        diagnostics = Diagnostics()
        try:
            book = load_book(self.manuscript, diagnostics)
            resolve(book, diagnostics)
            if diagnostics.errors:
                error = str(BuildFailed(diagnostics.errors))
            else:
                self._build(book, diagnostics)
        except BookError as problem:
            error = str(problem)
        except Exception as problem:  # a bug: say so in the page and keep serving
            traceback.print_exc()
            error = f"internal error while building: {type(problem).__name__}: {problem}"
        if book is not None:
            try:
                findings = check_book(book, diagnostics)
            except Exception as problem:
                traceback.print_exc()
                checks_error = f"internal error in the checks: {type(problem).__name__}: {problem}"
        version = f"{self.stamp}-{self.builds + 1}"
        page = self._page(findings, error, checks_error, version)
        with self.changed:
            self.page, self.builds = page, self.builds + 1
            self.changed.notify_all()
        took = time.monotonic() - started
        self.log(
            f"{datetime.now():%H:%M:%S} "
            + (f"build failed: {error}" if error else f"rebuilt in {took:.1f} s: {summary(findings)}")
        )

    def _build(self, book: Book, diagnostics: Diagnostics) -> None:
        context = BuildContext(self.out_dir, build_timestamp(book), diagnostics)
        with output_lock(self.out_dir):  # another build writing to OUT: shown as this build's error
            target = write_html(book, context)  # OUT/<slug>.html stays the current html edition
        tree = lxml_html.document_fromstring(target.read_bytes(), parser=lxml_html.HTMLParser(encoding="utf-8"))
        files = {quote(f"/{book.slug}-{name}"): path.read_bytes() for path, name in book.assets.items()}
        self.good, self.good_files, self.good_book = tree, files, book

    def _page(self, findings: list[Finding], error: str | None, checks_error: str | None, version: str) -> Page:
        """The last good build (or an empty page) with the preview's marks, status bar and script."""
        if self.good_book is None:
            tree, files, listed = empty_page(), {}, [(finding, None) for finding in findings]
        else:
            tree, files = copy.deepcopy(self.good), self.good_files
            listed = mark_blocks(tree, self.good_book, findings)
        style = lxml_html.Element("style", {"id": "serve-style"})
        style.text = (DEFAULT_THEME / "serve.css").read_text(encoding="utf-8")
        tree.find("head").append(style)
        chrome = self.env.get_template("html/live.html").render(
            version=version,
            error=error,
            stale=error is not None and self.good_book is not None,
            checks_error=checks_error,
            summary=summary(findings),
            time=f"{datetime.now():%H:%M:%S}",
            findings=[finding_row(finding, anchor) for finding, anchor in listed],
        )
        body = tree.find("body")
        parts = [part for part in lxml_html.fragments_fromstring(chrome) if not isinstance(part, str)]
        for index, part in enumerate(parts):
            if part.tag == "script":
                body.append(part)
            else:
                body.insert(index, part)
        return Page(
            html=lxml_html.tostring(tree, doctype="<!DOCTYPE html>", encoding="utf-8", method="html"), files=files
        )

    # -- watching -------------------------------------------------------------------------------

    def roots(self) -> list[tuple[Path, bool]]:
        """What to watch, each (path, recursively): the manuscript folder and the images/ and
        styles/ folders beside it. A single-file manuscript's folder is watched without its
        subfolders (it may be a whole project), but with images/ and styles/ in it or beside it;
        a manuscript that is not there, for it to appear."""
        path = self.manuscript.resolve()
        if path.is_dir():
            return [(path, True), (path.parent / "images", True), (path.parent / "styles", True)]
        if not path.is_file():
            return [(path, False)]
        folder = path.parent
        return [
            (folder, False),
            *((base / name, True) for base in (folder, folder.parent) for name in ("images", "styles")),
        ]

    def snapshot(self) -> dict[str, tuple[int, int]]:
        """Every watched file's modification time and size (not hidden files, not OUT)."""
        out = self.out_dir.resolve()
        seen: dict[str, tuple[int, int]] = {}

        def note(file: Path) -> None:
            try:
                status = os.stat(file)
            except OSError:
                return
            seen[str(file)] = (status.st_mtime_ns, status.st_size)

        for root, recursive in self.roots():
            if root.is_file() or not root.exists():
                note(root)
                continue
            for folder, dirs, files in os.walk(root):
                here = Path(folder)
                dirs[:] = (
                    []
                    if not recursive
                    else [
                        d
                        for d in dirs
                        if not d.startswith(".") and d not in SKIPPED_DIRS and (here / d).resolve() != out
                    ]
                )
                for name in files:
                    if not (name.startswith(".") or name.endswith("~")):
                        note(here / name)
        return seen

    def watch(self, interval: float = POLL_SECONDS, last: dict | None = None) -> None:
        """Poll until stopped; rebuild when any watched file appears, changes or goes (since
        ``last``, a snapshot taken before the build the page shows)."""
        last = self.snapshot() if last is None else last
        while not self.stopping.wait(interval):
            current = self.snapshot()
            if current != last:
                last = current
                self.rebuild()

    def wait_for(self, seen: str, timeout: float) -> str:
        """The current version, once it differs from ``seen`` or the timeout has passed."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen or self.stopping.is_set(), timeout)
            return self.version

    def stop(self) -> None:
        self.stopping.set()
        with self.changed:
            self.changed.notify_all()


def empty_page():
    """A page to hold the error when no build has succeeded yet."""
    from lxml.html import builder as E

    return E.HTML(E.HEAD(E.META(charset="utf-8"), E.TITLE("Pressroom preview")), E.BODY())


# -- the preview's marks on the HTML edition ----------------------------------------------------


def editor_url(path: Path, line: int) -> str:
    pattern = os.environ.get("PRESSROOM_EDITOR_URL", EDITOR_URL)
    return pattern.format(path=quote(str(path.resolve())), line=line)


def block_file(book: Book, chapter, element, section, path: Path, shown: str) -> tuple[Path, str]:
    """A block's file and its name as shown: its chapter's, or the continuing file its section
    came from (``data-source`` on the section's top-level block)."""
    named = next(
        (
            e.get("data-source")
            for e in [element, *element.iterancestors()]
            if e is not section and e.get("data-source")
        ),
        None,
    )
    if named is None or named == Path(chapter.file).name:
        return path, shown
    found = book.continuing_file(Path(chapter.file), named)
    if found is None:
        return path, shown
    return found.path.resolve(), str(found.path.resolve().relative_to(book.folders.manuscript_dir))


def mark_blocks(tree, book: Book, findings: list[Finding]) -> list[tuple[Finding, str | None]]:
    """Source links on every block; each finding marked on its block. Returns (finding, anchor id)."""
    sections = [s for s in tree.find("body").iter("section") if s.get("data-source")]
    blocks: dict[Path, list[tuple[int, object]]] = {}  # file → (line, element) of its blocks
    for section, chapter in zip(sections, book.chapters):
        path = Path(chapter.file).resolve()
        try:
            shown = str(path.relative_to(book.folders.manuscript_dir))
        except ValueError:
            shown = path.name
        generated = path == Path(book.meta.source).resolve() and path.suffix in {".yaml", ".yml"}
        for element in section.iter():
            if not isinstance(element.tag, str) or not element.get("data-line", "").isdigit():
                continue
            line = int(element.get("data-line"))
            block_path, block_shown = block_file(book, chapter, element, section, path, shown)
            if not generated:
                blocks.setdefault(block_path, []).append((line, element))
            if not any(a.get("data-line") for a in element.iterancestors() if a is not section):
                link = lxml_html.Element(
                    "a",
                    {
                        "class": "serve-source",
                        "href": editor_url(block_path, line),
                        "title": f"open {display_path(str(block_path))}:{line}",
                    },
                )
                link.text = f"{block_shown}:{line}"
                box = holder(element, first=True)
                link.tail, box.text = box.text, None
                box.insert(0, link)
    listed = []
    for number, finding in enumerate(findings, start=1):
        candidates = [
            (line, element) for line, element in blocks.get(Path(finding.file).resolve(), []) if line <= finding.line
        ]
        if not candidates:
            listed.append((finding, None))
            continue
        best = max(line for line, _ in candidates)
        element = [e for line, e in candidates if line == best][-1]
        classes = [*element.get("class", "").split(), "serve-marked", f"serve-marked-{finding.severity}"]
        element.set("class", " ".join(dict.fromkeys(classes)))
        anchor = f"finding-{number}"
        badge = lxml_html.Element(
            "span",
            {
                "class": f"serve-badge serve-badge-{finding.severity}",
                "id": anchor,
                "title": f"{display_path(str(finding.file))}:{finding.line}:{finding.column}: {finding.message}",
            },
        )
        badge.text = finding.code
        holder(element, first=False).append(badge)
        listed.append((finding, anchor))
    return listed


def holder(element, first: bool):
    """Where a link or badge for this block goes: the block itself, or a holder beside it."""
    if element.tag not in NO_CHILDREN:
        return element
    caption = element.find("caption")
    if caption is not None:
        return caption
    sibling = element.getprevious() if first else element.getnext()
    if sibling is not None and sibling.get("data-serve-holder") == ("before" if first else "after"):
        return sibling
    box = lxml_html.Element("div", {"class": "serve-holder", "data-serve-holder": "before" if first else "after"})
    (element.addprevious if first else element.addnext)(box)
    return box


def finding_row(finding: Finding, anchor: str | None) -> dict:
    return {
        "where": f"{display_path(str(finding.file))}:{finding.line}:{finding.column}",
        "href": f"#{anchor}" if anchor else editor_url(Path(finding.file), finding.line),
        "code": finding.code,
        "message": finding.message,
        "severity": finding.severity,
    }


# -- the server ---------------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        if host not in LOCAL_HOSTS:  # a page on another site reaching in through DNS rebinding
            self.send_error(403, "the preview answers only to 127.0.0.1 and localhost")
            return
        url = urlsplit(self.path)
        preview = self.server.preview
        if url.path == "/events":
            self._events(parse_qs(url.query).get("v", [""])[0])
            return
        page = preview.page
        if url.path in {"/", "/index.html"}:
            self._send(page.html, "text/html; charset=utf-8")
        elif url.path in page.files:
            kind = mimetypes.guess_type(unquote(url.path))[0] or "application/octet-stream"
            self._send(page.files[url.path], kind)
        else:
            self.send_error(404)

    def _send(self, data: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def _events(self, seen: str) -> None:
        """Server-Sent Events: ``reload`` as soon as the page the client has is out of date."""
        preview = self.server.preview
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not preview.stopping.is_set():
                version = preview.wait_for(seen, KEEPALIVE_SECONDS)
                if preview.stopping.is_set():
                    break
                if version != seen:
                    self.wfile.write(f"event: reload\ndata: {version}\n\n".encode())
                    seen = version
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            pass

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server's name)
        pass


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, preview: Preview, port: int, host: str = HOST):
        self.preview = preview
        super().__init__((host, port), Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"


@dataclass
class Running:
    """A started preview: its URL, and how to stop it."""

    preview: Preview
    server: PreviewServer
    threads: list[threading.Thread]

    @property
    def url(self) -> str:
        return self.server.url

    def stop(self) -> None:
        self.preview.stop()
        self.server.shutdown()
        self.server.server_close()
        for thread in self.threads:
            thread.join(timeout=5)


def start(
    manuscript: Path,
    out_dir: Path,
    port: int = 8000,
    host: str = HOST,
    log: Callable[[str], None] | None = None,
    interval: float = POLL_SECONDS,
) -> Running:
    """Build once, then serve and watch in background threads; ``port=0`` takes any free port.

    Raises OSError when the port cannot be had."""
    preview = Preview(manuscript, out_dir, log)
    server = PreviewServer(preview, port, host)
    files = preview.snapshot()  # before building, so that an edit made meanwhile is not missed
    try:
        preview.rebuild()
    except BaseException:
        server.server_close()
        raise
    threads = [
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="pressroom-serve", daemon=True
        ),
        threading.Thread(target=preview.watch, args=(interval, files), name="pressroom-watch", daemon=True),
    ]
    for thread in threads:
        thread.start()
    return Running(preview, server, threads)


def serve(manuscript: Path, out_dir: Path, port: int = 8000) -> int:
    """``make_book.py serve``: run until interrupted (Ctrl-C)."""
    try:
        running = start(manuscript, out_dir, port)
    except (OSError, OverflowError) as error:
        print(
            f"cannot listen on {HOST}:{port}: {getattr(error, 'strerror', None) or error} (--port 0 takes a free one)",
            file=sys.stderr,
        )
        return 2
    print(f"serving {running.url} (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        running.stop()
    return 0
