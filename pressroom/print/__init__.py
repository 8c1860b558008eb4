"""The print edition: everything that lays the book out on pages, and what is built on that layout.

- ``profiles``: what each printer (kdp, ingramspark, offset, proof) demands, as plain data, and the
  generated ``@page`` geometry.
- ``layout``: the print layout in passes until the gutter suits the page count, each chapter laid
  out again at once with the fixes its own pages call for (short endings, notes a page late);
  ``laid_out(book, context)`` keeps each layout in the build context's cache.
- ``segments``: the print HTML (``render.chapter_markup`` under the print ``EditionPolicy``) of the
  front matter and of each chapter, each laid out by WeasyPrint as its own document, and the pages
  joined into one; only segments whose HTML changed are laid out again.
- ``checks``: the ``l-`` layout checks on WeasyPrint's pages and boxes (``walk`` attributes every
  line, image and text to its manuscript file:line).
- ``writer``: ``write_pdf(book, context)``, the interior PDF finished for the print profile.
- ``cover``: ``write_cover(book, context)``, the full-wrap cover sized for the laid-out interior.

Imports run one way: profiles ← segments ← layout ← checks ← writer / cover (``layout`` uses ``checks``'s walk
only inside its fix passes, through a top-level import of ``checks``, which imports nothing of
``layout`` but ``roman``); nothing here imports ``pressroom.build`` or another writer.
"""
