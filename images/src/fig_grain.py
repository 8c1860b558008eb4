"""grain.svg: grain harvest against state procurements, 1928-1934."""

import svgchart as sc

SOURCE = ("Davies and Wheatcroft, The Years of Hunger (2004); Wheatcroft and Davies "
          "in Davies, Harrison and Wheatcroft, eds. (1994).")


def _range_label(lo, hi):
    if lo == hi:
        return sc.fmt_num(lo, 1)
    return "%s–%s" % (sc.fmt_int(lo), sc.fmt_int(hi))


def main():
    comments, rows = sc.read_csv(sc.data_path("grain.csv"))
    years = [int(r["year"]) for r in rows]
    lo = [sc.num(r["harvest_low"]) for r in rows]
    hi = [sc.num(r["harvest_high"]) for r in rows]
    proc = [sc.num(r["procurement"]) for r in rows]
    i_min = min(range(len(rows)), key=lambda i: lo[i])
    i_max = max(range(len(rows)), key=lambda i: proc[i] if years[i] <= 1933 else 0)

    summary = (
        "Line chart of the Soviet grain harvest and state grain procurements, %d to %d, "
        "in million tons. The harvest, shown as a band between low and high estimates, "
        "falls from %s in %d to %s in %d, while procurements rise from %s to %s in %d "
        "and stay above 18 million tons through the famine years."
        % (years[0], years[-1], sc.fmt_num(lo[0]), years[0], _range_label(lo[i_min], hi[i_min]),
           years[i_min], sc.fmt_num(proc[0]), sc.fmt_num(proc[i_max]), years[i_max]))
    svg = sc.SVG(310, 184, "grain",
                 "Grain harvest and state procurements, %d–%d" % (years[0], years[-1]),
                 sc.describe(summary, SOURCE))

    left, top, right, bottom = 24, 22, 236, 158
    series = [
        {"band": list(zip(years, lo, hi)), "band_fill": sc.LIGHT, "band_stroke": sc.MID},
        {"points": list(zip(years, proc)), "stroke": sc.INK, "width": 1.0, "marker": "circle"},
    ]
    plot = sc.line_chart(svg, (left, top, right, bottom), series,
                         x_min=years[0], x_max=years[-1], x_pad=0.45, y_max=80,
                         y_ticks=[0, 20, 40, 60, 80], x_ticks=[(y, str(y)) for y in years],
                         y_label="Million tons", grid=True)
    # Value labels: harvest below the band, procurements above the points.
    for y, a, b, p in zip(years, lo, hi, proc):
        svg.text(plot.x(y), plot.y(a) + 9, _range_label(a, b), size=sc.SMALL, anchor="middle")
        svg.text(plot.x(y), plot.y(p) - 4.5, sc.fmt_num(p, 1), size=sc.SMALL, anchor="middle")
    # Direct series labels at the right-hand end.
    xl = right + 6
    svg.text(xl, plot.y((lo[-1] + hi[-1]) / 2) - 1, ["Harvest", "(low and high", "estimates)"],
             size=sc.SMALL, leading=8.2)
    svg.text(xl, plot.y(proc[-1]) - 1, ["State", "procurements"], size=sc.SMALL, leading=8.2)
    return svg.save(sc.out_path("grain.svg"))


if __name__ == "__main__":
    main()
