"""Ids made from text: stable, readable, any script."""

from __future__ import annotations

import re
import unicodedata


def slugify(value: str, separator: str = "-") -> str:
    """Stable ids from heading text; keeps letters of any script."""
    value = unicodedata.normalize("NFKC", value).lower()
    value = re.sub(r"[^\w\s-]", "", value).strip()
    return re.sub(r"[\s_-]+", separator, value) or "section"


def github_slug(value: str) -> str:
    """The id GitHub, mdBook and Pandoc give a heading: lower case, punctuation dropped, each
    space a hyphen (``Where's the `->` Operator?`` → ``wheres-the---operator``)."""
    value = re.sub(r"[^\w\s-]", "", unicodedata.normalize("NFKC", value).lower())
    return value.strip().replace(" ", "-")
