"""executions.svg: NKVD death sentences carried out, by year, 1921-1953."""

import svgchart as sc

SOURCE = ("GARF report of 11 December 1953, as given in Getty and Naumov, "
          "The Road to Terror (1999), p. 588.")


def main():
    comments, rows = sc.read_csv(sc.data_path("executions.csv"))
    years = [int(r["year"]) for r in rows]
    values = [int(r["death_sentences"]) for r in rows]
    by_year = dict(zip(years, values))
    peak1, peak2 = by_year[1937], by_year[1938]
    outside = max(v for y, v in by_year.items() if y not in (1937, 1938))
    outside_year = [y for y in years if by_year[y] == outside][0]

    summary = (
        "Bar chart of death sentences carried out in cases of the Soviet political "
        "police, by year, %d to %d. In every year except two the number stays below "
        "%s (the highest, %s, in %d). In 1937 it jumps to %s and in 1938 to %s, "
        "%s in the two years together; from 1939 it is mostly a few thousand a year or fewer, "
        "and there are none in 1948 and 1949, when the death penalty was abolished."
        % (years[0], years[-1], sc.fmt_int(-(-outside // 5000) * 5000), sc.fmt_int(outside),
           outside_year, sc.fmt_int(peak1), sc.fmt_int(peak2), sc.fmt_int(peak1 + peak2)))
    svg = sc.SVG(310, 192, "executions",
                 "Death sentences carried out by year, %d–%d" % (years[0], years[-1]),
                 sc.describe(summary, SOURCE))

    left, top, right, bottom = 38, 22, 306, 166
    ticks = {i: str(y) for i, y in enumerate(years) if y % 5 == 0 or y in (years[0], years[-1])}
    fills = {years.index(1937): sc.ACCENT, years.index(1938): sc.ACCENT}
    plot = sc.bar_chart(svg, (left, top, right, bottom), years,
                        [("Death sentences", values, sc.DARK)],
                        y_max=400000, y_ticks=[0, 100000, 200000, 300000, 400000],
                        y_label="Death sentences carried out, per year",
                        x_tick_labels=ticks, bar_fills=fills, bar_ratio=0.7)

    # Direct labels for the two peak years, set beside the bars.
    i37, i38 = years.index(1937), years.index(1938)
    half = plot.bar_width / 2
    svg.text(plot.x(i37) - half - 2.5, plot.y(peak1) + 6, ["1937", sc.fmt_int(peak1)],
             size=sc.SMALL, anchor="end", leading=8.2)
    svg.text(plot.x(i38) + half + 2.5, plot.y(peak2) + 6, ["1938", sc.fmt_int(peak2)],
             size=sc.SMALL, leading=8.2)
    # The largest of the other years.
    for y in (1930, 1942):
        i = years.index(y)
        svg.text(plot.x(i), plot.y(by_year[y]) - 3, sc.fmt_int(by_year[y]),
                 size=sc.SMALL, anchor="middle")
    # The years without a death penalty (26 May 1947 to 12 January 1950).
    x0, x1 = plot.x(years.index(1948)) - half, plot.x(years.index(1949)) + half
    yb = bottom - 7
    svg.polyline([(x0, yb + 3), (x0, yb), (x1, yb), (x1, yb + 3)], stroke=sc.INK, width=sc.HAIR)
    svg.line((x0 + x1) / 2, yb, (x0 + x1) / 2, yb - 12, stroke=sc.INK, width=sc.HAIR)
    svg.text((x0 + x1) / 2, yb - 22, ["no death penalty,", "May 1947–January 1950"],
             size=sc.SMALL, anchor="middle", style="italic", leading=8.2)
    return svg.save(sc.out_path("executions.svg"))


if __name__ == "__main__":
    main()
