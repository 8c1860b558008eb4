"""The print edition: everything that lays the book out on pages, and what is built on that layout.

- ``profiles``: what each printer (kdp, ingramspark, offset, proof) demands, as plain data, and the
  generated ``@page`` geometry.
- ``layout``: the print HTML (``render.chapter_markup`` under the print ``EditionPolicy``), laid out
  by WeasyPrint in passes until the gutter, short chapter endings, notes and the index settle;
  ``laid_out(book, context)`` keeps each layout in the build context's cache.
- ``checks``: the ``l-`` layout checks on WeasyPrint's pages and boxes (``walk`` attributes every
  line, image and text to its manuscript file:line).
- ``writer``: ``write_pdf(book, context)``, the interior PDF finished for the print profile.
- ``cover``: ``write_cover(book, context)``, the full-wrap cover sized for the laid-out interior.

Imports run one way: profiles ← layout ← checks ← writer / cover (``layout`` uses ``checks``'s walk
only inside its fix passes, through a top-level import of ``checks``, which imports nothing of
``layout`` but ``roman``); nothing here imports ``pressroom.build`` or another writer.
"""
