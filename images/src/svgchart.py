"""svgchart: a small, dependency-free SVG charting module for the book's figures.

Every figure is drawn for a 6 x 9 in page with a text block about 4.3 in
(310 pt) wide.  One SVG user unit is one point, so ``font-size="8"`` prints
at 8 pt when the figure is set at its natural width.

Design rules (house style): black and greys with at most one muted accent,
thin rules, no gridline clutter, text kept as <text> in the book face,
numbers with thousands separators, and byte-for-byte deterministic output.

Public helpers
    read_csv(path)            -> (sources, rows)   '# source:' lines + dict rows
    SVG(...)                  a tiny drawing surface that renders valid SVG 1.1
    bar_chart(...)            vertical bars, one series or stacked series
    line_chart(...)           lines with optional range bands (one panel)
    range_bars(...)           horizontal bars with low-high range whiskers
    timeline(...)             vertical timeline with proportional date axis
    diagram(...)              box-and-arrow diagram
    legend(...)               a one-line legend of swatches
"""

import csv
import io
import os
from xml.sax.saxutils import escape as _xml_escape

__all__ = [
    "FONT_FAMILY", "INK", "DARK", "MID", "LIGHT", "FAINT", "ACCENT",
    "read_csv", "fmt_int", "fmt_num", "text_width", "wrap",
    "SVG", "bar_chart", "line_chart", "range_bars", "timeline", "diagram", "legend",
]

# --------------------------------------------------------------------------
# House style
# --------------------------------------------------------------------------

FONT_FAMILY = "'Gentium Book Plus', 'Gentium Plus', Georgia, serif"
TEXT_WIDTH = 310          # pt: the book's text block (about 4.3 in)

INK = "#1a1a1a"           # text and rules
DARK = "#4a4a4a"          # main data colour
MID = "#8a8a8a"           # secondary data, tick labels' rules
LIGHT = "#c4c4c4"         # ranges, secondary series
FAINT = "#e4e4e4"         # reference bands, faint gridlines
ACCENT = "#8e2c26"        # the single muted accent (dark brick red)

SIZE = 8                  # default label size, pt
SMALL = 7                 # tick labels and notes, pt
RULE = 0.5                # axis rules, pt
HAIR = 0.3                # hairlines, pt

# --------------------------------------------------------------------------
# Font metrics: advance widths of Gentium Book Plus (units per em: 2048),
# taken from the TTFs with fontTools, so that labels can be measured and
# wrapped without any third-party package at run time.
# --------------------------------------------------------------------------

_CHARS = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\xa0¡¢£¤¥¦§¨©ª«¬\xad®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ–—‘’“”…•·−→←↑↓≈§ŁłŠšŽžČčĆćŚśŹźŻżĘęĄąŃń'
_W_REGULAR = (451,582,900,986,986,1439,1384,527,659,659,912,848,497,703,497,966,986,986,986,986,986,986,986,986,986,986,497,497,909,909,909,902,1701,1242,1161,1113,1244,1036,999,1207,1359,630,645,1212,998,1679,1339,1244,1101,1244,1179,1000,1148,1349,1341,1741,1270,1230,1086,650,961,630,1008,805,653,968,1060,908,1093,961,657,1019,1150,575,550,1040,575,1673,1150,1045,1105,1078,844,813,723,1108,1020,1454,1043,1020,896,698,500,698,999,451,582,986,986,986,986,500,982,801,1472,537,1014,986,703,730,1010,733,848,690,690,653,1125,1170,340,469,690,577,1014,1225,1225,1225,902,1242,1242,1242,1242,1242,1242,1615,1113,1036,1036,1036,1036,630,630,630,630,1244,1339,1244,1244,1244,1244,1244,840,1244,1349,1349,1349,1349,1230,1101,1201,968,968,968,968,968,968,1445,908,961,961,961,961,575,575,575,575,1029,1150,1045,1045,1045,1045,1045,848,1045,1108,1108,1108,1108,1020,1105,1020,971,1594,489,490,933,933,1472,569,340,848,1975,1975,1000,1000,909,982,998,600,1000,813,1086,896,1113,908,1113,908,1000,813,1086,896,1086,896,1036,961,1242,968,1339,1150)
_W_ITALIC = (410,433,824,859,859,1339,1224,433,613,613,730,786,433,654,433,842,859,859,859,859,859,859,859,859,859,859,433,433,855,855,855,835,1627,1163,1039,1010,1148,967,912,1089,1259,593,598,1136,943,1543,1248,1135,998,1157,1100,924,1081,1241,1225,1579,1185,1153,1036,653,832,637,938,744,606,943,977,821,985,825,592,928,1033,525,523,934,503,1506,1035,879,985,932,763,736,650,1048,934,1323,916,944,776,657,506,656,989,410,433,859,859,859,859,525,884,1042,1360,596,911,859,654,704,836,642,786,601,601,606,1071,1050,433,324,601,508,911,1135,1135,1135,835,1163,1163,1163,1163,1163,1163,1488,1010,967,967,967,967,593,593,593,593,1148,1248,1135,1135,1135,1135,1135,770,1134,1241,1241,1241,1241,1153,999,1040,943,943,943,943,943,943,1325,821,825,825,825,825,525,525,525,525,910,1035,879,879,879,879,879,786,879,1048,1048,1048,1048,944,986,944,850,1521,433,433,866,866,1307,528,433,786,1975,1975,1000,1000,855,884,943,543,924,736,1036,776,1010,821,1010,821,924,736,1036,776,1036,776,967,825,1163,943,1248,1035)
_W_BOLD = (451,658,990,1061,1061,1517,1436,572,689,689,904,870,579,740,579,980,1061,1061,1061,1061,1061,1061,1061,1061,1061,1061,579,579,940,940,940,947,1843,1309,1266,1158,1334,1096,1059,1244,1419,690,705,1294,1065,1761,1369,1289,1191,1289,1269,1075,1208,1379,1371,1741,1300,1267,1131,711,961,630,1008,814,653,1050,1120,945,1175,1006,715,1079,1210,635,610,1164,635,1755,1210,1090,1165,1145,941,880,775,1175,1050,1476,1080,1050,976,727,500,727,999,451,658,1061,1061,1061,1061,500,1046,801,1508,577,1074,1061,740,730,1010,733,870,742,742,653,1185,1276,459,469,742,574,1074,1300,1300,1300,947,1309,1309,1309,1309,1309,1309,1675,1158,1096,1096,1096,1096,690,690,690,690,1334,1369,1289,1289,1289,1289,1289,840,1289,1379,1379,1379,1379,1267,1191,1332,1050,1050,1050,1050,1050,1050,1529,945,1006,1006,1006,1006,635,635,635,635,1055,1210,1090,1090,1090,1090,1090,870,1090,1175,1175,1175,1175,1050,1165,1050,1000,1670,549,551,1051,1053,1779,569,459,870,1975,1975,1000,1000,940,1046,1065,675,1075,880,1131,976,1158,945,1158,945,1075,880,1131,976,1131,976,1096,1006,1309,1050,1369,1210)

_UPM = 2048
_TABLES = {
    "regular": dict(zip(_CHARS, _W_REGULAR)),
    "italic": dict(zip(_CHARS, _W_ITALIC)),
    "bold": dict(zip(_CHARS, _W_BOLD)),
}


def text_width(s, size=SIZE, style="regular"):
    """Advance width of ``s`` in pt when set in Gentium Book Plus at ``size``."""
    table = _TABLES[style]
    return sum(table.get(c, 1100) for c in s) * size / _UPM


def wrap(s, width, size=SIZE, style="regular"):
    """Break ``s`` into lines no wider than ``width`` pt (greedy, by measured
    width).  A '|' in ``s`` forces a line break."""
    lines = []
    for para in s.split("|"):
        cur = ""
        for word in para.split():
            trial = word if not cur else cur + " " + word
            if not cur or text_width(trial, size, style) <= width:
                cur = trial
            else:
                lines.append(cur)
                cur = word
        lines.append(cur)
    return lines


def wrap_balanced(s, width, size=SIZE, style="regular"):
    """Like wrap(), but with lines of even length: the narrowest measure
    that still needs no more lines than the greedy break at ``width``."""
    lines = wrap(s, width, size, style)
    if len(lines) < 2:
        return lines
    lo, hi = 0.0, float(width)
    for _ in range(24):
        mid = (lo + hi) / 2
        if len(wrap(s, mid, size, style)) <= len(lines):
            hi = mid
        else:
            lo = mid
    return wrap(s, hi, size, style)


# --------------------------------------------------------------------------
# Data and number formatting
# --------------------------------------------------------------------------

def read_csv(path):
    """Read a figure's CSV: leading '# source: ...' / '# note: ...' comment
    lines, then a header row.  Returns (comments, rows), where comments is a
    list of (key, text) and rows a list of dicts (values stripped strings)."""
    with open(path, encoding="utf-8", newline="") as fh:
        text = fh.read()
    comments, body = [], []
    for line in text.splitlines():
        if line.startswith("#") and not body:
            key, _, val = line.lstrip("#").strip().partition(":")
            comments.append((key.strip().lower(), val.strip()))
        elif line.strip() or body:
            body.append(line)
    reader = csv.DictReader(io.StringIO("\n".join(body)))
    rows = [{k.strip(): (v or "").strip() for k, v in row.items()} for row in reader]
    return comments, rows


def sources(comments):
    """The '# source:' texts of a CSV, in file order."""
    return [v for k, v in comments if k == "source"]


def num(s):
    """Parse a CSV number ('' -> None; thousands commas allowed)."""
    s = (s or "").replace(",", "").strip()
    if not s:
        return None
    return float(s)


def fmt_int(x):
    """12345.0 -> '12,345'."""
    return "{:,}".format(int(round(x)))


def fmt_num(x, decimals=1):
    """Fixed-precision number with thousands separators: 1234.5 -> '1,234.5'."""
    return "{:,.{d}f}".format(x, d=decimals)


def _n(x):
    """Coordinate formatting: at most two decimals, no trailing zeros."""
    s = "%.2f" % x
    s = s.rstrip("0").rstrip(".")
    return "0" if s in ("", "-0") else s


def _attr(v):
    return _xml_escape(str(v), {'"': "&quot;"})


# --------------------------------------------------------------------------
# Drawing surface
# --------------------------------------------------------------------------

class SVG:
    """A minimal, deterministic SVG 1.1 writer (user unit = 1 pt)."""

    def __init__(self, width, height, ident, title, desc):
        self.width, self.height = width, height
        self.ident, self.title, self.desc = ident, title, desc
        self.items = []

    # -- primitives ---------------------------------------------------------
    def _el(self, tag, attrs, content=None):
        parts = [tag]
        for key, val in attrs:
            if val is None:
                continue
            if isinstance(val, float) or isinstance(val, int):
                val = _n(val)
            parts.append('%s="%s"' % (key, _attr(val)))
        if content is None:
            self.items.append("<%s/>" % " ".join(parts))
        else:
            self.items.append("<%s>%s</%s>" % (" ".join(parts), content, tag))

    def line(self, x1, y1, x2, y2, stroke=INK, width=RULE, dash=None):
        self._el("line", [("x1", x1), ("y1", y1), ("x2", x2), ("y2", y2),
                          ("stroke", stroke), ("stroke-width", width),
                          ("stroke-dasharray", dash)])

    def rect(self, x, y, w, h, fill=DARK, stroke=None, width=None, dash=None):
        self._el("rect", [("x", x), ("y", y), ("width", max(w, 0)), ("height", max(h, 0)),
                          ("fill", fill), ("stroke", stroke), ("stroke-width", width),
                          ("stroke-dasharray", dash)])

    def polyline(self, points, stroke=INK, width=RULE, dash=None, fill="none"):
        pts = " ".join("%s,%s" % (_n(x), _n(y)) for x, y in points)
        self._el("polyline", [("points", pts), ("fill", fill), ("stroke", stroke),
                              ("stroke-width", width), ("stroke-dasharray", dash),
                              ("stroke-linejoin", "round")])

    def polygon(self, points, fill=INK, stroke=None, width=None):
        pts = " ".join("%s,%s" % (_n(x), _n(y)) for x, y in points)
        self._el("polygon", [("points", pts), ("fill", fill), ("stroke", stroke),
                             ("stroke-width", width)])

    def circle(self, cx, cy, r, fill=INK, stroke=None, width=None):
        self._el("circle", [("cx", cx), ("cy", cy), ("r", r), ("fill", fill),
                            ("stroke", stroke), ("stroke-width", width)])

    def text(self, x, y, s, size=SIZE, anchor=None, weight=None, style=None,
             fill=INK, leading=None, rotate=None):
        """Text at baseline (x, y).  ``s`` may be a list of lines (set with
        tspans, ``leading`` pt apart)."""
        lines = s if isinstance(s, (list, tuple)) else [s]
        leading = leading or size * 1.2
        attrs = [("x", x), ("y", y)]
        if size != SIZE:
            attrs.append(("font-size", size))
        attrs += [("text-anchor", anchor if anchor != "start" else None),
                  ("font-weight", weight), ("font-style", style),
                  ("fill", fill if fill != INK else None)]
        if rotate is not None:
            attrs.append(("transform", "rotate(%s %s %s)" % (_n(rotate), _n(x), _n(y))))
        if len(lines) == 1:
            self._el("text", attrs, _xml_escape(lines[0]))
        else:
            spans = []
            for i, ln in enumerate(lines):
                dy = "" if i == 0 else ' dy="%s"' % _n(leading)
                spans.append('<tspan x="%s"%s>%s</tspan>' % (_n(x), dy, _xml_escape(ln)))
            self._el("text", attrs, "".join(spans))

    def arrow(self, points, stroke=INK, width=0.6, dash=None, head=4.2):
        """Polyline ending in a filled arrowhead at its last point."""
        (x0, y0), (x1, y1) = points[-2], points[-1]
        dx, dy = x1 - x0, y1 - y0
        length = (dx * dx + dy * dy) ** 0.5 or 1.0
        ux, uy = dx / length, dy / length
        bx, by = x1 - ux * head, y1 - uy * head          # base of the head
        shaft = list(points[:-1]) + [(bx, by)]
        self.polyline(shaft, stroke=stroke, width=width, dash=dash)
        hw = head * 0.42
        self.polygon([(x1, y1), (bx - uy * hw, by + ux * hw), (bx + uy * hw, by - ux * hw)],
                     fill=stroke)

    # -- output -------------------------------------------------------------
    def render(self):
        i = self.ident
        head = ('<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
                'width="%spt" height="%spt" viewBox="0 0 %s %s" role="img" '
                'aria-labelledby="%s-title %s-desc" font-family="%s" font-size="%s">'
                % (_n(self.width), _n(self.height), _n(self.width), _n(self.height),
                   i, i, _attr(FONT_FAMILY), _n(SIZE)))
        out = ['<?xml version="1.0" encoding="UTF-8"?>', head,
               '<title id="%s-title">%s</title>' % (i, _xml_escape(self.title)),
               '<desc id="%s-desc">%s</desc>' % (i, _xml_escape(self.desc))]
        out += self.items
        out.append("</svg>")
        return "\n".join(out) + "\n"

    def save(self, path):
        data = self.render().encode("utf-8")
        with open(path, "wb") as fh:
            fh.write(data)
        return len(data)


# --------------------------------------------------------------------------
# Shared pieces
# --------------------------------------------------------------------------

class Plot:
    """Coordinate mapping of a drawn chart, for annotations."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


def _linear(d0, d1, r0, r1):
    span = (d1 - d0) or 1.0
    return lambda v: r0 + (v - d0) * (r1 - r0) / span


def legend(svg, x, y, items, size=SMALL, gap=12):
    """One-line legend starting at (x, baseline y).  items: (kind, spec, label)
    with kind 'box' (spec = fill), 'line' (spec = (stroke, width, dash)),
    'dot' (spec = fill), 'range' (spec = fill of the band) or 'arrow'
    (spec = dash).  Returns the x where the legend ends."""
    for kind, spec, label in items:
        cy = y - size * 0.32
        if kind == "box":
            svg.rect(x, cy - 3, 9, 6, fill=spec)
            x += 12
        elif kind == "line":
            stroke, width, dash = spec
            svg.line(x, cy, x + 14, cy, stroke=stroke, width=width, dash=dash)
            x += 17
        elif kind == "dot":
            svg.line(x, cy, x + 14, cy, stroke=INK, width=1)
            svg.circle(x + 7, cy, 1.8, fill=spec)
            x += 17
        elif kind == "range":
            svg.rect(x, cy - 3, 14, 6, fill=spec)
            svg.line(x, cy, x + 14, cy, stroke=INK, width=HAIR * 2)
            svg.line(x, cy - 2.5, x, cy + 2.5, stroke=INK, width=HAIR * 2)
            svg.line(x + 14, cy - 2.5, x + 14, cy + 2.5, stroke=INK, width=HAIR * 2)
            x += 17
        elif kind == "arrow":
            svg.arrow([(x, cy), (x + 16, cy)], dash=spec, width=0.6, head=3.6)
            x += 19
        svg.text(x, y, label, size=size)
        x += text_width(label, size) + gap
    return x - gap


def _value_axis_left(svg, x, y_of, ticks, fmt, size, grid_to=None, tick_len=2.5):
    """Tick labels right-aligned left of x, short ticks, optional faint grid."""
    for v in ticks:
        yy = y_of(v)
        if grid_to is not None and v != ticks[0]:
            svg.line(x, yy, grid_to, yy, stroke=FAINT, width=HAIR)
        svg.line(x - tick_len, yy, x, yy, stroke=INK, width=HAIR)
        svg.text(x - tick_len - 2, yy + size * 0.33, fmt(v), size=size, anchor="end")


# --------------------------------------------------------------------------
# Vertical bar chart (one series, or several stacked)
# --------------------------------------------------------------------------

def bar_chart(svg, frame, categories, series, *, y_max, y_ticks, y_fmt=fmt_int,
              y_label=None, x_label=None, x_tick_labels=None, bar_ratio=0.72,
              bar_fills=None, grid=True, size=SMALL, y_label_x=4):
    """Bars for ``categories`` in ``frame`` = (left, top, right, bottom) of the
    plot area.  ``series`` is a list of (name, values, fill); several series
    are stacked in list order (None values count as 0).  ``bar_fills`` may
    map a category index to a fill overriding the first series' fill.
    ``x_tick_labels`` maps category index -> label (default: every label)."""
    left, top, right, bottom = frame
    n = len(categories)
    slot = (right - left) / n
    bw = slot * bar_ratio
    y_of = _linear(0, y_max, bottom, top)
    x_of = lambda i: left + slot * (i + 0.5)

    _value_axis_left(svg, left, y_of, y_ticks, y_fmt, size, grid_to=right if grid else None)
    if y_label:
        svg.text(y_label_x, top - 10, y_label, size=size)

    for s_idx, (name, values, fill) in enumerate(series):
        for i, v in enumerate(values):
            if not v:
                continue
            base = sum((series[k][1][i] or 0) for k in range(s_idx))
            y0, y1 = y_of(base), y_of(base + v)
            f = fill
            if s_idx == 0 and bar_fills and i in bar_fills:
                f = bar_fills[i]
            svg.rect(x_of(i) - bw / 2, y1, bw, y0 - y1, fill=f)

    svg.line(left, bottom, right, bottom, stroke=INK, width=RULE)
    labels = x_tick_labels if x_tick_labels is not None else dict(enumerate(categories))
    for i in sorted(labels):
        svg.line(x_of(i), bottom, x_of(i), bottom + 2.5, stroke=INK, width=HAIR)
        svg.text(x_of(i), bottom + 2.5 + size + 0.5, labels[i], size=size, anchor="middle")
    if x_label:
        svg.text((left + right) / 2, bottom + 2 * size + 8, x_label, size=size, anchor="middle")
    return Plot(x=x_of, y=y_of, bar_width=bw, slot=slot, frame=frame)


# --------------------------------------------------------------------------
# Line chart panel (lines, markers, range bands, shaded periods)
# --------------------------------------------------------------------------

def line_chart(svg, frame, series, *, x_min, x_max, y_max, y_ticks, x_ticks,
               y_min=0, y_fmt=fmt_int, y_label=None, x_label=None,
               periods=(), grid=True, size=SMALL, x_pad=0.0, y_label_x=4):
    """One panel.  ``series``: list of dicts with keys points [(x, y)],
    stroke, width, dash, marker ('circle' | 'square' | None), and optionally
    band [(x, low, high)] with band_fill.  ``x_ticks``: [(value, label)].
    ``periods``: [(x0, x1, label)] shaded faintly behind the data."""
    left, top, right, bottom = frame
    x_of = _linear(x_min - x_pad, x_max + x_pad, left, right)
    y_of = _linear(y_min, y_max, bottom, top)

    for x0, x1, label in periods:
        svg.rect(x_of(x0), top, x_of(x1) - x_of(x0), bottom - top, fill=FAINT)
        if label:
            svg.text((x_of(x0) + x_of(x1)) / 2, top + size + 1, label, size=size,
                     anchor="middle", style="italic")

    _value_axis_left(svg, left, y_of, y_ticks, y_fmt, size, grid_to=right if grid else None)
    if y_label:
        svg.text(y_label_x, top - 10, y_label, size=size)

    for s in series:
        band = s.get("band")
        if band:
            upper = [(x_of(x), y_of(hi)) for x, lo, hi in band]
            lower = [(x_of(x), y_of(lo)) for x, lo, hi in reversed(band)]
            svg.polygon(upper + lower, fill=s.get("band_fill", LIGHT))
            svg.polyline(upper, stroke=s.get("band_stroke", MID), width=HAIR)
            svg.polyline(list(reversed(lower)), stroke=s.get("band_stroke", MID), width=HAIR)
    for s in series:
        pts = [(x_of(x), y_of(y)) for x, y in s.get("points", []) if y is not None]
        if len(pts) > 1:
            svg.polyline(pts, stroke=s.get("stroke", INK), width=s.get("width", 1.0),
                         dash=s.get("dash"))
        marker = s.get("marker")
        for px, py in pts:
            if marker == "circle":
                svg.circle(px, py, s.get("marker_r", 1.7), fill=s.get("marker_fill", s.get("stroke", INK)))
            elif marker == "square":
                r = s.get("marker_r", 1.6)
                svg.rect(px - r, py - r, 2 * r, 2 * r, fill=s.get("marker_fill", s.get("stroke", INK)))

    svg.line(left, bottom, right, bottom, stroke=INK, width=RULE)
    for v, label in x_ticks:
        svg.line(x_of(v), bottom, x_of(v), bottom + (2.5 if label else 1.5), stroke=INK, width=HAIR)
        if label:
            svg.text(x_of(v), bottom + 2.5 + size + 0.5, label, size=size, anchor="middle")
    if x_label:
        svg.text((left + right) / 2, bottom + 2 * size + 8, x_label, size=size, anchor="middle")
    return Plot(x=x_of, y=y_of, frame=frame)


# --------------------------------------------------------------------------
# Horizontal bars with low-high ranges
# --------------------------------------------------------------------------

def range_bars(svg, frame, rows, *, x_max, x_ticks, x_fmt, x_label=None,
               label_gap=6, bar_h=8, pitch=None, size=SIZE, tick_size=SMALL,
               bar_fill=MID, band_fill=LIGHT):
    """Rows of horizontal bars.  ``frame`` = (label_right, top, plot_right,
    bottom): row labels are set right-aligned at label_right - label_gap.
    Each row: dict(label, est, low, high, value) - est draws a solid bar;
    low/high draw a light band with a range whisker over it; value is the
    text set right of the row.  A row may
    carry 'broken': True for a bar that runs off the scale (shown with a
    break mark)."""
    left, top, right, bottom = frame
    x_of = _linear(0, x_max, left, right)
    n = len(rows)
    pitch = pitch or (bottom - top) / n
    ys = []
    for i, row in enumerate(rows):
        cy = top + pitch * (i + 0.5)
        ys.append(cy)
        lines = row["label"] if isinstance(row["label"], list) else [row["label"]]
        lead = size * 1.15
        y0 = cy + size * 0.33 - lead * (len(lines) - 1) / 2
        svg.text(left - label_gap, y0, lines, size=size, anchor="end", leading=lead)
        est, low, high = row.get("est"), row.get("low"), row.get("high")
        end = x_of(est if est is not None else (high or 0))
        if row.get("broken"):
            xr = right + 6
            svg.rect(left, cy - bar_h / 2, xr - left, bar_h, fill=bar_fill)
            bx = right - 14
            svg.polygon([(bx, cy - bar_h / 2 - 1.5), (bx + 4, cy - bar_h / 2 - 1.5),
                         (bx + 2, cy + bar_h / 2 + 1.5), (bx - 2, cy + bar_h / 2 + 1.5)],
                        fill="#ffffff")
            end = xr
        else:
            if low is not None and high is not None:
                svg.rect(x_of(low), cy - bar_h / 2, x_of(high) - x_of(low), bar_h, fill=band_fill)
            if est is not None:
                svg.rect(left, cy - bar_h / 2, x_of(est) - left, bar_h, fill=bar_fill)
        if low is not None and high is not None and not row.get("broken"):
            xl, xh = x_of(low), x_of(high)
            svg.line(xl, cy, xh, cy, stroke=INK, width=0.6)
            svg.line(xl, cy - 2.8, xl, cy + 2.8, stroke=INK, width=0.6)
            svg.line(xh, cy - 2.8, xh, cy + 2.8, stroke=INK, width=0.6)
            end = max(end, xh)
        if row.get("value"):
            svg.text(end + 4, cy + size * 0.33, row["value"], size=size)
    axis_y = top + pitch * n + 2
    svg.line(left, top, left, axis_y, stroke=INK, width=RULE)
    svg.line(left, axis_y, right, axis_y, stroke=INK, width=RULE)
    for v in x_ticks:
        svg.line(x_of(v), axis_y, x_of(v), axis_y + 2.5, stroke=INK, width=HAIR)
        svg.text(x_of(v), axis_y + 2.5 + tick_size + 0.5, x_fmt(v), size=tick_size, anchor="middle")
    if x_label:
        svg.text((left + right) / 2, axis_y + 2 * tick_size + 8, x_label, size=tick_size,
                 anchor="middle")
    return Plot(x=x_of, rows=ys, axis_y=axis_y, frame=frame)


# --------------------------------------------------------------------------
# Timeline: proportional date axis on the left, evenly spaced labels right
# --------------------------------------------------------------------------

def timeline(svg, events, *, segments, top, bottom, axis_x, year_x, text_x,
             text_right, ticks, size=SIZE, tick_size=SMALL, break_gap=12):
    """Vertical timeline.  ``events``: list of dicts with t (decimal year),
    t_end (or None), when (year label) and text.  Dates are placed on a
    vertical time axis made of ``segments`` [(t0, t1), ...], all on one
    scale and separated by break marks; labels are spaced evenly down the
    right-hand side and joined to their dates by thin leader lines."""
    years = sum(t1 - t0 for t0, t1 in segments)
    ppy = (bottom - top - break_gap * (len(segments) - 1)) / years   # pt per year
    offsets, y = [], top
    for t0, t1 in segments:
        offsets.append((t0, t1, y))
        y += (t1 - t0) * ppy + break_gap

    def y_of(t):
        for t0, t1, y0 in offsets:
            if t <= t1 or (t0, t1, y0) == offsets[-1]:
                return y0 + (max(t, t0) - t0) * ppy
        return bottom

    for k, (t0, t1, y0) in enumerate(offsets):
        svg.line(axis_x, y0, axis_x, y0 + (t1 - t0) * ppy, stroke=INK, width=RULE)
        if k:                                          # break mark: two slashes
            yb = y0 - break_gap / 2
            for d in (-1.6, 1.6):
                svg.line(axis_x - 3.5, yb + d + 1.5, axis_x + 3.5, yb + d - 1.5,
                         stroke=INK, width=RULE)
    for t in ticks:
        svg.line(axis_x - 3, y_of(t), axis_x, y_of(t), stroke=INK, width=HAIR)
        svg.text(axis_x - 5, y_of(t) + tick_size * 0.33, str(t), size=tick_size, anchor="end")

    width = text_right - text_x
    wrapped = [wrap_balanced(e["text"], width, size) for e in events]
    lead = size * 1.18
    heights = [lead * (len(w) - 1) for w in wrapped]
    gap = ((bottom - top) - sum(heights)) / max(len(events) - 1, 1)
    y = top
    firsts = []
    for e, lines, h in zip(events, wrapped, heights):
        ty = y + h / 2                         # vertical centre of the label
        ey = y_of(e["t"])
        if e.get("t_end") is not None:
            ey2 = y_of(e["t_end"])
            svg.rect(axis_x + 1.4, ey, 2.4, max(ey2 - ey, 1.0), fill=INK)
            ey = (ey + ey2) / 2
            sx = axis_x + 3.8
        else:
            svg.circle(axis_x, ey, 1.6, fill=INK)
            sx = axis_x + 2.5
        svg.polyline([(sx, ey), (axis_x + 8, ey), (year_x - 8, ty), (year_x - 3, ty)],
                     stroke=MID, width=HAIR)
        base = ty - h / 2 + size * 0.33
        svg.text(year_x, base, e["when"], size=size, weight="bold")
        svg.text(text_x, base, lines, size=size, leading=lead)
        firsts.append(base)
        y += h + gap
    return firsts


# --------------------------------------------------------------------------
# Box-and-arrow diagram
# --------------------------------------------------------------------------

_BOX_STYLES = {
    # style: (fill, stroke, text fill, weight)
    "plain": ("#ffffff", INK, INK, None),
    "shade": (FAINT, INK, INK, None),
    "dark": (DARK, DARK, "#ffffff", "bold"),
    "accent": (ACCENT, ACCENT, "#ffffff", "bold"),
    "frame": ("none", INK, INK, "bold"),
}


def _port(box, toward):
    """Point on the border of ``box`` (x, y, w, h) facing the point ``toward``,
    keeping the routing orthogonal where the point lies beside the box."""
    x, y, w, h = box
    px, py = toward
    inset = 3
    if py > y + h:
        return (min(max(px, x + inset), x + w - inset), y + h)
    if py < y:
        return (min(max(px, x + inset), x + w - inset), y)
    if px > x + w:
        return (x + w, min(max(py, y + inset), y + h - inset))
    return (x, min(max(py, y + inset), y + h - inset))


def diagram(svg, nodes, edges, size=SIZE, small=SMALL):
    """``nodes``: dict id -> dict(x, y, w, h, label, sub, style) where label
    is set in ``size`` (bold for the dark styles) and sub (optional) in
    ``small`` below it; a '|' breaks a line.  Style 'frame' draws a container
    whose label sits at its top.  ``edges``: list of dicts (src, dst, via
    [(x, y)], dash, label, label_at (x, y), label_anchor)."""
    order = sorted(nodes, key=lambda k: (nodes[k]["style"] != "frame", k))
    for key in order:
        nd = nodes[key]
        fill, stroke, tfill, weight = _BOX_STYLES[nd["style"]]
        x, y, w, h = nd["x"], nd["y"], nd["w"], nd["h"]
        svg.rect(x, y, w, h, fill=fill, stroke=stroke, width=0.6 if nd["style"] != "frame" else RULE,
                 dash="2 1.5" if nd["style"] == "frame" else None)
        main = wrap_balanced(nd["label"], w - 8, size, "bold" if weight else "regular")
        sub = wrap_balanced(nd["sub"], w - 6, small) if nd.get("sub") else []
        lead_m, lead_s = size * 1.15, small * 1.18
        block = lead_m * len(main) + lead_s * len(sub) - (lead_s if sub else lead_m) + size * 0.7
        if nd["style"] == "frame":
            y0 = y + size + 3
        else:
            y0 = y + (h - block) / 2 + size * 0.7
        svg.text(x + w / 2, y0, main, size=size, anchor="middle", weight=weight,
                 fill=tfill if tfill != INK else INK, leading=lead_m)
        if sub:
            svg.text(x + w / 2, y0 + lead_m * (len(main) - 1) + lead_s + 0.5, sub, size=small,
                     anchor="middle", fill=tfill, leading=lead_s)

    for e in edges:
        a, b = nodes[e["src"]], nodes[e["dst"]]
        abox, bbox = (a["x"], a["y"], a["w"], a["h"]), (b["x"], b["y"], b["w"], b["h"])
        via = e.get("via") or []
        if via:
            p0, p1 = _port(abox, via[0]), _port(bbox, via[-1])
        else:
            ax0, ax1, bx0, bx1 = abox[0], abox[0] + abox[2], bbox[0], bbox[0] + bbox[2]
            ay0, ay1, by0, by1 = abox[1], abox[1] + abox[3], bbox[1], bbox[1] + bbox[3]
            if min(ax1, bx1) - max(ax0, bx0) > 6:            # overlap in x: vertical
                mx = (max(ax0, bx0) + min(ax1, bx1)) / 2
                p0 = _port(abox, (mx, by0 if by0 > ay1 else by1))
                p1 = _port(bbox, (mx, ay1 if by0 > ay1 else ay0))
            else:                                           # horizontal
                my = (max(ay0, by0) + min(ay1, by1)) / 2
                p0 = _port(abox, (bx0 if bx0 > ax1 else bx1, my))
                p1 = _port(bbox, (ax1 if bx0 > ax1 else ax0, my))
        svg.arrow([p0] + list(via) + [p1], dash=e.get("dash"), width=0.6)
        if e.get("label"):
            lx, ly = e["label_at"]
            svg.text(lx, ly, wrap(e["label"], 200), size=small, style="italic",
                     anchor=e.get("label_anchor"), leading=small * 1.15)


# --------------------------------------------------------------------------
# Paths and the standard description text
# --------------------------------------------------------------------------

SRC_DIR = os.path.dirname(os.path.abspath(__file__))
IMAGES_DIR = os.path.dirname(SRC_DIR)
DATA_DIR = os.path.join(IMAGES_DIR, "data")


def data_path(name):
    return os.path.join(DATA_DIR, name)


def out_path(name):
    return os.path.join(IMAGES_DIR, name)


def describe(summary, source):
    """Accessible description: what the chart shows, then where the data
    come from (the full references are in the CSV and the data appendix)."""
    return summary + " Data: " + source
