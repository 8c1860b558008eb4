"""cover.jpg: the book's cover, 1600 x 2560 px, set from manuscript/book.yaml.

A typographic design in the book's face, Gentium Book Plus (taken from
pressroom/theme/fonts/): a near-black field, the title broken into lines by measured
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
FONTS = os.path.join(REPO, "pressroom", "theme", "fonts")
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


WEAK = {"a", "an", "and", "at", "by", "for", "in", "its", "of", "on", "the", "to", "with"}


def best_break(words, fnt, measure, max_lines):
    """Line breaking by dynamic programming over the word boundaries: every
    line must fit ``measure``; the cost favors even lines, forbids ending a
    line on a short function word ('of', 'the', 'and' ...) and rewards
    breaking after a comma.  Returns (cost, lines) or None."""
    n = len(words)
    width = lambda i, j: fnt.getlength(" ".join(words[i:j]))
    best = {(0, 0): (0.0, [])}                 # (words used, lines) -> (cost, breaks)
    for k in range(1, max_lines + 1):
        for (used, lines_used), (cost, breaks) in list(best.items()):
            if lines_used != k - 1:
                continue
            for j in range(used + 1, n + 1):
                w = width(used, j)
                if w > measure:
                    break
                last = j == n
                c = cost
                if not last:
                    c += 100.0 * ((measure - w) / measure) ** 2
                    end = words[j - 1]
                    if end.lower() in WEAK:
                        c += 10000.0
                    if end.endswith(","):
                        c -= 15.0
                elif w < 0.3 * measure:
                    c += 10.0
                key = (j, k)
                if key not in best or c < best[key][0]:
                    best[key] = (c, breaks + [j])
    finals = [(v[0], v[1]) for (used, k), v in best.items() if used == n and k > 0]
    if not finals:
        return None
    cost, breaks = min(finals)
    lines, start = [], 0
    for b in breaks:
        lines.append(" ".join(words[start:b]))
        start = b
    return cost, lines


def fit_title(text, measure, max_size=150, min_size=96, max_lines=4):
    """The largest size (in steps of 2 px) at which the title can be broken
    into at most ``max_lines`` good lines within ``measure``."""
    words = text.split()
    fallback = None
    for size in range(max_size, min_size - 1, -2):
        fnt = font("Regular", size)
        found = best_break(words, fnt, measure, max_lines)
        if found and found[0] < 5000:
            return fnt, size, found[1]
        if found and fallback is None:
            fallback = (fnt, size, found[1])
    if fallback:
        return fallback
    fnt = font("Regular", min_size)
    return fnt, min_size, wrap_balanced(text, fnt, measure)


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
    small = font("Regular", 34)
    first, last = rows[0][0], rows[-1][0]
    draw.text((left, base + 50), first, font=small, fill=MUTED, anchor="ls")
    draw.text((right, base + 50), last, font=small, fill=MUTED, anchor="rs")


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
        draw.text((MARGIN, y), line, font=sfont, fill=(204, 150, 130), anchor="ls")
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
