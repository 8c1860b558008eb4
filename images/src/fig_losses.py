"""losses.svg: Soviet population losses by cause, 1927-1953 (estimates)."""

import svgchart as sc
from fig_famine import value_text

SOURCE = ("Getty and Naumov (1999); Khlevniuk, The History of the Gulag (2004); Ellman (2000, 2002); "
          "Davies and Wheatcroft (2004); Levchuk et al. (2020); Andreev, Darskii and Kharkova (1993).")


def main():
    comments, rows = sc.read_csv(sc.data_path("losses.csv"))
    # The executions row must agree with the yearly series of executions.csv.
    _, ex = sc.read_csv(sc.data_path("executions.csv"))
    executed = sum(int(r["death_sentences"]) for r in ex if 1927 <= int(r["year"]) <= 1953)
    assert abs(sc.num(rows[0]["estimate"]) - executed / 1e6) < 0.005, executed

    data = [(r["cause"], r["low"], r["estimate"], r["high"]) for r in rows]
    parts = ["%s: %s million" % (name[0].lower() + name[1:], value_text(lo, est, hi))
             for name, lo, est, hi in data]
    summary = (
        "Horizontal bar chart of estimates of Soviet deaths by cause, 1927–1953, in millions, "
        "with ranges where estimates differ: %s. The two famines account for far more deaths "
        "than the executions and the camps; the war dead are shown with a broken bar because "
        "they would run far off the scale." % "; ".join(parts))
    svg = sc.SVG(310, 204, "losses", "Soviet population losses by cause, 1927–1953 (estimates)",
                 sc.describe(summary, SOURCE))

    label_right, top, right = 120, 24, 250
    out = []
    for name, lo, est, hi in data:
        row = {"label": sc.wrap(name, 112), "est": sc.num(est), "low": sc.num(lo),
               "high": sc.num(hi), "value": value_text(lo, est, hi)}
        if row["est"] is not None and row["est"] > 10:
            row["broken"] = True
        out.append(row)
    plot = sc.range_bars(svg, (label_right, top, right, top + len(out) * 22), out,
                         x_max=10, x_ticks=[0, 2, 4, 6, 8, 10], x_fmt=lambda v: "%d" % v,
                         x_label="Deaths (millions)", bar_h=9)
    ysep = (plot.rows[-2] + plot.rows[-1]) / 2
    svg.line(4, ysep, 306, ysep, stroke=sc.LIGHT, width=sc.HAIR)
    sc.legend(svg, 4, 12, [("box", sc.MID, "Documented or central estimate"),
                                     ("range", sc.LIGHT, "Range of estimates")])
    svg.text(4, plot.axis_y + 34,
             sc.wrap("Executions: the documented count, 1927–1953. The bar for the war dead "
                     "(1941–1945) is broken; drawn to scale it would be more than three times "
                     "the width of the chart.", 300, sc.SMALL, "italic"),
             size=sc.SMALL, style="italic", leading=8.4)
    return svg.save(sc.out_path("losses.svg"))


if __name__ == "__main__":
    main()
