"""gulag.svg: prisoners in Gulag camps and colonies on 1 January, 1930-1953."""

import svgchart as sc

SOURCE = ("Getty, Rittersporn and Zemskov, American Historical Review 98 (1993); "
          "Applebaum, Gulag (2003), appendix.")


def main():
    comments, rows = sc.read_csv(sc.data_path("gulag.csv"))
    years = [int(r["year"]) for r in rows]
    camps = [sc.num(r["camps"]) / 1000 for r in rows]
    colonies = [(sc.num(r["colonies"]) or 0) / 1000 for r in rows]
    totals = {int(r["year"]): sc.num(r["total"]) for r in rows}
    for r in rows:  # the CSV's totals must be the sum of its parts
        assert sc.num(r["total"]) == sc.num(r["camps"]) + (sc.num(r["colonies"]) or 0), r
    first_col = min(int(r["year"]) for r in rows if r["colonies"])
    peak_year = max(totals, key=totals.get)

    summary = (
        "Stacked bar chart of the number of prisoners in the Gulag’s corrective-labor "
        "camps and colonies on 1 January of each year, %d to %d (colonies counted from %d). "
        "The total rises from %s in %d to %s in 1938 and %s in 1941, falls during the war "
        "to %s in 1944, and climbs after it to a peak of %s in %d; in %d it stands at %s."
        % (years[0], years[-1], first_col, sc.fmt_int(totals[years[0]]), years[0],
           sc.fmt_int(totals[1938]), sc.fmt_int(totals[1941]), sc.fmt_int(totals[1944]),
           sc.fmt_int(totals[peak_year]), peak_year, years[-1], sc.fmt_int(totals[years[-1]])))
    svg = sc.SVG(310, 190, "gulag",
                 "Gulag prisoners on 1 January, %d–%d" % (years[0], years[-1]),
                 sc.describe(summary, SOURCE))

    left, top, right, bottom = 30, 24, 306, 164
    ticks = {i: str(y) for i, y in enumerate(years) if y % 5 == 0 or y == years[-1]}
    plot = sc.bar_chart(svg, (left, top, right, bottom), years,
                        [("Camps", camps, sc.DARK), ("Colonies", colonies, sc.LIGHT)],
                        y_max=2750, y_ticks=[0, 500, 1000, 1500, 2000, 2500],
                        y_label="Prisoners on 1 January (thousands)",
                        x_tick_labels=ticks, bar_ratio=0.7)
    # Legend, set flush right on the line of the axis label.
    items = [("box", sc.DARK, "Camps"),
             ("box", sc.LIGHT, "Colonies (counted from %d)" % first_col)]
    width = sum(12 + sc.text_width(label, sc.SMALL) for _, _, label in items) + 12
    sc.legend(svg, right - width, top - 10, items)
    # Totals over a few landmark years.
    for y in (1938, 1941, 1944, peak_year):
        i = years.index(y)
        svg.text(plot.x(i), plot.y(totals[y] / 1000) - 3, sc.fmt_int(totals[y] / 1000),
                 size=sc.SMALL, anchor="middle")
    return svg.save(sc.out_path("gulag.svg"))


if __name__ == "__main__":
    main()
