"""cover.jpg: the book's cover, 1600 x 2560 px, set from manuscript/book.yaml.

A typographic design in the book's face, Gentium Book Plus (taken from
styles/fonts/): a near-black field, the title broken into lines by measured
width, the subtitle in italic, the publisher at the foot, and one quiet
motif - the yearly death sentences of 1921-1953 (images/data/executions.csv)
drawn as a row of thin red bars, in which two years stand out.

Needs Pillow (run with the project's .venv).  Output is deterministic:
fixed size, quality and subsampling, no EXIF, no timestamps.
"""

import csv
import os
import sys

from PIL import Image, ImageDraw, ImageFont

SRC = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(SRC))
FONTS = os.path.join(REPO, "styles", "fonts")
BOOK_YAML = os.path.join(REPO, "manuscript", "book.yaml")
DATA = os.path.join(REPO, "images", "data", "executions.csv")
OUT = os.path.join(REPO, "images", "cover.jpg")

W, H = 1600, 2560
MARGIN = 170

FIELD = (24, 20, 19)          # warm near-black
INK = (238, 231, 219)         # off-white for the type
MUTED = (176, 160, 146)       # rules and the publisher line
RED = (160, 50, 40)           # the one accent: dark brick red
RED_DIM = (98, 40, 34)        # the small bars

DEFAULTS = {
    "title": "Stalin's Reign of Terror and its Victims in the Soviet Union, 1927–1953",
    "subtitle": "Impact and Legacy",
    "author": "Pressroom Editions",
}


# --------------------------------------------------------------------------
# Metadata
# --------------------------------------------------------------------------

def _unquote(s):
    s = s.strip()
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "\"'":
        s = s[1:-1]
    return s


def _tiny_yaml(text):
    """Enough YAML for the keys we need: top-level 'key: value' pairs and
    'author' given as a scalar or as a list of scalars / 'name: ...' maps."""
    meta, key = {}, None
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        if not line.startswith((" ", "-")):
            key, _, val = line.partition(":")
            key = key.strip()
            meta[key] = _unquote(val) if val.strip() else []
        elif key == "author" and isinstance(meta.get(key), list):
            item = line.strip()
            if item.startswith("- "):
                item = item[2:].strip()
                if item.startswith("name:"):
                    meta[key].append({"name": _unquote(item[5:])})
                elif ":" in item and not item.startswith(("'", '"')):
                    meta[key].append({})
                else:
                    meta[key].append(_unquote(item))
            elif item.startswith("name:") and meta[key]:
                if isinstance(meta[key][-1], dict):
                    meta[key][-1]["name"] = _unquote(item[5:])
    return meta


def load_meta():
    meta = {}
    if os.path.exists(BOOK_YAML):
        with open(BOOK_YAML, encoding="utf-8") as fh:
            text = fh.read()
        try:
            import yaml
            meta = yaml.safe_load(text) or {}
        except ImportError:
            meta = _tiny_yaml(text)
    title = str(meta.get("title") or DEFAULTS["title"])
    subtitle = str(meta.get("subtitle") or DEFAULTS["subtitle"])
    author = meta.get("author") or DEFAULTS["author"]
    if isinstance(author, list):
        names = []
        for a in author:
            if isinstance(a, dict):
                if a.get("role", "author") == "author" and a.get("name"):
                    names.append(str(a["name"]))
            elif a:
                names.append(str(a))
        author = " and ".join(names) if len(names) < 3 else ", ".join(names)
    typo = lambda s: s.replace("'", "\u2019")
    return typo(title), typo(subtitle), typo(str(author) or DEFAULTS["author"])


# --------------------------------------------------------------------------
# Type
# --------------------------------------------------------------------------

def font(style, size):
    return ImageFont.truetype(os.path.join(FONTS, "GentiumBookPlus-%s.ttf" % style), size)


def wrap(text, fnt, width):
    """Greedy line breaking by measured width."""
    lines, cur = [], ""
    for word in text.split():
        trial = word if not cur else cur + " " + word
        if not cur or fnt.getlength(trial) <= width:
            cur = trial
        else:
            lines.append(cur)
            cur = word
    return lines + [cur]


def wrap_balanced(text, fnt, width):
    """The narrowest measure that needs no more lines than a greedy break at
    ``width``: lines of even length, no short last line."""
    n = len(wrap(text, fnt, width))
    lo, hi = 0.0, float(width)
    for _ in range(30):
        mid = (lo + hi) / 2
        if len(wrap(text, fnt, mid)) <= n:
            hi = mid
        else:
            lo = mid
    return wrap(text, fnt, hi)


def fit_title(text, measure, max_size=150, min_size=96, max_lines=4):
    """Largest size (in steps of 2 px) at which the title sets in no more than
    ``max_lines`` lines within ``measure``."""
    size = max_size
    while size > min_size:
        if len(wrap(text, font("Regular", size), measure)) <= max_lines:
            break
        size -= 2
    fnt = font("Regular", size)
    return fnt, size, wrap_balanced(text, fnt, measure)


def spaced(draw, xy, text, fnt, fill, tracking):
    """Letter-spaced text (for the small capitals of the publisher line)."""
    x, y = xy
    for ch in text:
        draw.text((x, y), ch, font=fnt, fill=fill, anchor="ls")
        x += fnt.getlength(ch) + tracking
    return x - tracking


# --------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------

def motif(draw, left, right, base, height):
    """The executions series as a row of thin bars on a hairline."""
    with open(DATA, encoding="utf-8") as fh:
        rows = [r for r in csv.reader(l for l in fh if not l.startswith("#"))][1:]
    values = [int(v) for _, v in rows]
    top = max(values)
    slot = (right - left) / len(values)
    bar = slot * 0.46
    for i, v in enumerate(values):
        h = max(round(height * v / top), 3 if v else 0)
        x0 = round(left + slot * i + (slot - bar) / 2)
        colour = RED if v > top / 4 else RED_DIM
        if h:
            draw.rectangle([x0, base - h, x0 + round(bar) - 1, base - 1], fill=colour)
    draw.rectangle([left, base, right - 1, base + 1], fill=MUTED)


def main():
    title, subtitle, author = load_meta()
    img = Image.new("RGB", (W, H), FIELD)
    draw = ImageDraw.Draw(img)
    measure = W - 2 * MARGIN

    # Head rule.
    draw.rectangle([MARGIN, 250, W - MARGIN - 1, 252], fill=MUTED)

    # Title, set flush left in the roman, lines balanced by measured width.
    tfont, tsize, lines = fit_title(title, measure)
    lead = round(tsize * 1.13)
    y = 250 + 70 + round(tsize * 0.74)            # first baseline
    for line in lines:
        draw.text((MARGIN - round(tsize * 0.03), y), line, font=tfont, fill=INK, anchor="ls")
        y += lead
    # Subtitle in italic, in the accent colour's lighter tint.
    sfont = font("Italic", round(tsize * 0.62))
    y += round(tsize * 0.38)
    for line in wrap_balanced(subtitle, sfont, measure):
        draw.text((MARGIN, y), line, font=sfont, fill=(214, 160, 140), anchor="ls")
        y += round(tsize * 0.62 * 1.2)

    # Motif in the lower half.
    base = 2080
    motif(draw, MARGIN, W - MARGIN, base, 560)

    # Publisher (or author) at the foot, letter-spaced capitals.
    afont = font("Regular", 46)
    spaced(draw, (MARGIN, 2330), author.upper(), afont, INK, 9)

    img.save(OUT, "JPEG", quality=90, optimize=False, progressive=False, subsampling=0)
    return os.path.getsize(OUT)


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
