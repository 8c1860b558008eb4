"""famine.svg: estimated excess deaths in the famine of 1931-1933, by region."""

import svgchart as sc

SOURCE = ("Rudnytskyi et al. (2015); Levchuk et al. (2020); Cameron, The Hungry Steppe (2018); "
          "Davies and Wheatcroft, The Years of Hunger (2004).")


def value_text(low, est, high):
    """'3.9 (2.6–5.0)', '3.3' or '5.5–8.7', from the CSV's own strings, so that
    the precision printed is the precision of the source."""
    if est and low:
        return "%s (%s–%s)" % (est, low, high)
    if est:
        return est
    return "%s–%s" % (low, high)


def main():
    comments, rows = sc.read_csv(sc.data_path("famine.csv"))
    data = [(r["region"], r["low"], r["estimate"], r["high"]) for r in rows]
    parts = ["%s %s million" % (name, value_text(lo, est, hi)) for name, lo, est, hi in data]
    summary = (
        "Horizontal bar chart of estimated excess deaths in the famine of 1931–1933, in "
        "millions, with the range of published estimates where there is one: %s. Ukraine "
        "suffered the largest losses, Kazakhstan the largest share of its population."
        % "; ".join(parts))
    svg = sc.SVG(310, 150, "famine", "Famine deaths of 1931–1933 by region (estimates)",
                 sc.describe(summary, SOURCE))

    label_right, top, right = 104, 24, 252
    rows_out = []
    for name, lo, est, hi in data:
        rows_out.append({"label": sc.wrap(name, 96), "est": sc.num(est), "low": sc.num(lo),
                         "high": sc.num(hi),
                         "value": value_text(lo, est, hi)})
    plot = sc.range_bars(svg, (label_right, top, right, top + 4 * 20), rows_out,
                         x_max=10, x_ticks=[0, 2, 4, 6, 8, 10], x_fmt=lambda v: "%d" % v,
                         x_label="Excess deaths (millions)", bar_h=9)
    # A hairline sets the Union-wide total apart from the regions.
    ysep = (plot.rows[-2] + plot.rows[-1]) / 2
    svg.line(4, ysep, 306, ysep, stroke=sc.LIGHT, width=sc.HAIR)
    sc.legend(svg, 4, 12, [("box", sc.MID, "Central estimate"),
                                     ("range", sc.LIGHT, "Range of published estimates")])
    svg.text(4, plot.axis_y + 34,
             sc.wrap("Russian republic: the North Caucasus (including the Kuban), the Volga, the "
                     "Central Black Earth region, Western Siberia, the Urals and other regions. "
                     "Kazakhstan: 1930–1933.", 300, sc.SMALL, "italic"),
             size=sc.SMALL, style="italic", leading=8.4)
    return svg.save(sc.out_path("famine.svg"))


if __name__ == "__main__":
    main()
