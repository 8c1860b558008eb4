"""The HTML edition: the whole book as one page (with its images beside it), for a browser."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from pressroom.book import Book
from pressroom.contents import book_contents
from pressroom.context import BuildContext
from pressroom.index import render_chapter_index
from pressroom.output import write_atomically
from pressroom.render import EditionPolicy, chapter_markup, note_markup
from pressroom.styles import book_sheets, theme_sheet
from pressroom.templating import environment


@dataclass
class HtmlPolicy(EditionPolicy):
    """One page: every id lives on it; images stand beside the page, prefixed by the book's slug.
    Source lines stay, for `serve` to point each block at its file:line."""

    slug: str = ""

    def image_src(self, name: str) -> str:
        return f"{self.slug}-{name}"


def book_page(book: Book) -> str:
    env = environment(book)
    policy = HtmlPolicy(keep_source=True, backlink_label=book.words["back-to-text"], slug=book.slug)
    chapters = []
    for chapter in book.chapters:
        title, body = chapter_markup(chapter, policy)
        if chapter.generated == "index":
            body = Markup(render_chapter_index(book, env, lambda fragment: fragment))
        chapters.append((chapter, title, body))
    notes = {c.slug: [(n, note_markup(n, policy, c)) for n in c.notes] for c in book.chapters}
    sheets = [theme_sheet(book, name) for name in ("base.css", "html.css")] + book_sheets(book, "html")
    styles = "\n".join(sheet.text for sheet in sheets)  # no font files: the reader's own fonts on screen
    return env.get_template("html/book.html").render(
        chapters=chapters, contents=book_contents(book), notes=notes, styles=Markup(styles.replace("</", "<\\/"))
    )


def write_html(book: Book, context: BuildContext) -> Path:
    target = context.out_dir / f"{book.slug}.html"
    files = {target: book_page(book).encode("utf-8")}
    for path, name in book.assets.items():
        files[context.out_dir / f"{book.slug}-{name}"] = path.read_bytes()
    write_atomically(files)
    return target
