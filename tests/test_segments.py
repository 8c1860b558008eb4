"""The print layout in segments (pressroom/print/segments.py) gives the pages one document gives,
and lays out again only what a change reaches."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from pressroom.build import build_timestamp, read
from pressroom.findings import Diagnostics
from pressroom.print import layout
from pressroom.print import profiles as print_profiles
from pressroom.print.pagestarts import line_text
from pressroom.print.segments import SegmentedLayout, book_segments
from pressroom.styles import book_sheets

FIXTURES = Path(__file__).parent / "fixtures"


def page_text(page) -> str:
    """Every text on the page, margin boxes (running heads, folios) included, in box order."""
    return line_text(page._page_box)


def links(document) -> list[list[tuple]]:
    return [
        [(kind, target, tuple(round(v) for v in rect)) for kind, target, rect, _ in p.links] for p in document.pages
    ]


def single_and_segmented(manuscript: Path):
    book = read(manuscript, Diagnostics())
    timestamp = build_timestamp(book)
    own = book_sheets(book, "print")
    single = layout.render(book, layout.print_html(book, timestamp), own=own)
    typesetter = layout.Typesetter(book, own=own)
    segmented = SegmentedLayout(book, timestamp, layout.PrintPolicy(book), typesetter.render)
    joined = segmented.lay_out(layout.first_geometry(book))
    return book, single, joined, segmented


@pytest.mark.parametrize("name", ["mdbook", "novel"])
def test_segments_joined_are_the_pages_of_one_document(name, source_date_epoch):
    """Page for page the same text, running heads and folios, links and outline: chapters on
    rectos with blank versos (mdbook), and parts with chapters on any page (the novel)."""
    book, single, joined, segmented = single_and_segmented(FIXTURES / name / "manuscript")
    assert len(book_segments(book)) > 5
    assert [page_text(p) for p in joined.document.pages] == [page_text(p) for p in single.pages]
    assert links(joined.document) == links(single)
    assert joined.document.make_bookmark_tree() == single.make_bookmark_tree()
    # The contents' page numbers come from other segments' pages (data-page), as CSS gives them.
    contents = next(page_text(p) for p in joined.document.pages if page_text(p).startswith("contents"))
    assert contents == next(page_text(p) for p in single.pages if page_text(p).startswith("contents"))


def test_an_edit_lays_out_its_chapter_and_those_it_moves_and_matches_a_fresh_layout(tmp_path, source_date_epoch):
    copy = tmp_path / "book"
    shutil.copytree(FIXTURES / "print" / "layout-book", copy)
    book = read(copy / "manuscript", Diagnostics())
    timestamp = build_timestamp(book)
    kept = SegmentedLayout(book, timestamp, layout.PrintPolicy(book), layout.Typesetter(book).render)
    before_edit = kept.lay_out(layout.first_geometry(book))

    edited_chapter = [c for c in book.chapters if c.matter == "bodymatter"][2]  # chapters before it stay
    added = "\n\n".join(["A paragraph added to push the pages on. " * 4] * 6)
    edited_chapter.file.write_text(edited_chapter.file.read_text() + "\n\n" + added + "\n")
    edited = read(copy / "manuscript", Diagnostics())
    typesetter = layout.Typesetter(edited)
    # The documents of the layout before the edit, offered to the edited book's: those whose HTML
    # did not change are reused.
    reused = SegmentedLayout(edited, timestamp, layout.PrintPolicy(edited), typesetter.render)
    reused.cache, reused.labels = kept.cache, kept.labels
    after = reused.lay_out(layout.first_geometry(edited))
    fresh = SegmentedLayout(edited, timestamp, layout.PrintPolicy(edited), typesetter.render)
    from_scratch = fresh.lay_out(layout.first_geometry(edited))
    single = layout.render(edited, layout.print_html(edited, timestamp))

    texts = [page_text(p) for p in after.document.pages]
    assert len(texts) > len(before_edit.document.pages)
    assert texts == [page_text(p) for p in from_scratch.document.pages] == [page_text(p) for p in single.pages]
    assert links(after.document) == links(single)
    # Laid out again: the edited chapter, the chapters after it (their folios moved) and the front
    # matter (its contents); the chapters before it were reused.
    segments = book_segments(edited)
    edited_at = next(i for i, s in enumerate(segments) if edited_chapter.id in [c.id for c in s.chapters])
    assert edited_at > 1
    assert len(segments) - edited_at <= reused.laid_out < fresh.laid_out


def test_a_pass_stops_once_the_pages_need_a_wider_gutter(tmp_path, monkeypatch, source_date_epoch):
    """With a gutter table whose first step ends at 10 pages, the first pass stops soon after page
    10 rather than laying out the whole book at a gutter it cannot have."""
    kdp = print_profiles.PROFILES["kdp"]
    monkeypatch.setitem(print_profiles.PROFILES, "kdp", dataclasses.replace(kdp, gutters=((10, 0.375), (None, 0.875))))
    copy = tmp_path / "book"
    shutil.copytree(FIXTURES / "novel", copy)
    yaml = copy / "manuscript" / "book.yaml"
    yaml.write_text(yaml.read_text() + "print: {profile: kdp}\n")
    book = read(copy / "manuscript", Diagnostics())
    result = layout.print_layout(book, build_timestamp(book))
    segments = len(book_segments(book))
    assert result.geometry.gutter == 0.875
    assert result.segment_layouts < segments + segments // 2  # not two whole layouts


def test_generated_content_on_chapters_stays_off_the_dropped_pages(tmp_path, source_date_epoch):
    """A book's ornament before every chapter (section::before) is on each chapter's first page
    and nowhere else: the stand-in that opens each segment shows none of it."""
    copy = tmp_path / "book"
    shutil.copytree(FIXTURES / "print" / "layout-book", copy)
    (copy / "styles" / "custom.css").write_text(
        'section.chapter-like::before { content: "❧ ornament"; display: block; }\n'
    )
    book, single, joined, _ = single_and_segmented(copy / "manuscript")
    texts = [page_text(p) for p in joined.document.pages]
    assert texts == [page_text(p) for p in single.pages]
    chapters = [c for c in book.chapters if c.role not in ("dedication", "epigraph")]
    assert sum(text.count("❧ ornament") for text in texts) == len(chapters)


def test_a_book_whose_chapters_run_on_is_laid_out_as_one_document(tmp_path, source_date_epoch):
    """When the book's CSS lets a chapter follow on the page of the one before, no chapter can be
    laid out alone: the layout falls back to one document, and loses nothing."""
    copy = tmp_path / "book"
    shutil.copytree(FIXTURES / "print" / "layout-book", copy)
    css = copy / "styles" / "print.css"
    css.write_text(css.read_text().replace("section.chapter-like { break-before: right; }", ""))
    book, single, joined, segmented = single_and_segmented(copy / "manuscript")
    assert len(segmented.segments) == 1
    assert [page_text(p) for p in joined.document.pages] == [page_text(p) for p in single.pages]
