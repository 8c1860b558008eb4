"""Pressroom: a Markdown manuscript into an EPUB 3 ebook and a print-ready PDF."""

from pressroom.errors import BookError

__all__ = ["BookError"]
__version__ = "0.1.0"
