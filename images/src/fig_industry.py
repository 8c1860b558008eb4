"""industry.svg: steel, coal and oil output, 1928-1950 (small multiples)."""

import svgchart as sc

SOURCE = "Davies, Soviet Economic Development from Lenin to Khrushchev (1998), statistical appendix."

PANELS = [
    # column, title, y_max, ticks
    ("steel", "Steel", 30, [0, 10, 20, 30]),
    ("coal", "Coal", 300, [0, 100, 200, 300]),
    ("oil", "Oil", 40, [0, 10, 20, 30, 40]),
]


def main():
    comments, rows = sc.read_csv(sc.data_path("industry.csv"))
    years = [int(r["year"]) for r in rows]
    data = {col: [sc.num(r[col]) for r in rows] for col, _, _, _ in PANELS}

    def change(col):
        v = dict(zip(years, data[col]))
        return "%s from %s in %d to %s in %d, %s in 1945 and %s in %d" % (
            col, sc.fmt_num(v[years[0]]), years[0], sc.fmt_num(v[1940]), 1940,
            sc.fmt_num(v[1945]), sc.fmt_num(v[years[-1]]), years[-1])

    summary = (
        "Three small line charts of Soviet industrial output in million tons, %d to %d, "
        "each on its own scale: %s; %s; %s. All three grow fast in the 1930s, drop in the "
        "war (shaded) and exceed their prewar level by %d."
        % (years[0], years[-1], change("steel"), change("coal"), change("oil"), years[-1]))
    svg = sc.SVG(310, 148, "industry",
                 "Steel, coal and oil output, %d–%d" % (years[0], years[-1]),
                 sc.describe(summary, SOURCE))

    svg.text(4, 10, "Output, million tons (each panel on its own scale)", size=sc.SMALL)
    top, bottom = 36, 124
    width, gutter, x0 = 70, 34, 26
    for k, (col, title, y_max, ticks) in enumerate(PANELS):
        left = x0 + k * (width + gutter)
        right = left + width
        svg.text(left - 20, 26, title, size=sc.SIZE, weight="bold")
        pts = list(zip(years, data[col]))
        plot = sc.line_chart(
            svg, (left, top, right, bottom),
            [{"points": pts, "stroke": sc.INK, "width": 1.0, "marker": "circle", "marker_r": 1.5}],
            x_min=years[0], x_max=years[-1], x_pad=1.5, y_max=y_max, y_ticks=ticks,
            x_ticks=[(y, str(y) if y in (1928, 1940, 1950) else "") for y in years],
            periods=[(1941.5, 1945.4, "war" if k == 0 else "")], grid=False)
        (y, v), (y1, v1) = pts[0], pts[-1]
        svg.text(plot.x(y) + 3.5, plot.y(v) + 7, sc.fmt_num(v, 1), size=sc.SMALL)
        svg.text(plot.x(y1) + 2, plot.y(v1) - 4.5, sc.fmt_num(v1, 1), size=sc.SMALL,
                 anchor="end")
    return svg.save(sc.out_path("industry.svg"))


if __name__ == "__main__":
    main()
