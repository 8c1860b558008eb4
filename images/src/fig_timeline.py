"""timeline.svg: Stalin's life and rule, 1878-1953."""

import svgchart as sc

SOURCE = "Khlevniuk, Stalin (2015); Kotkin, Stalin, vols. 1–2 (2014, 2017); Service, Stalin (2004)."


def decimal_year(s):
    """'1934-12-01' -> 1934.92; '1912-02' -> 1912.08; '1878' -> 1878.5."""
    parts = [int(p) for p in s.split("-")]
    if len(parts) == 1:
        return parts[0] + 0.5
    month = parts[1]
    day = parts[2] if len(parts) > 2 else 15
    return parts[0] + (month - 1 + (day - 1) / 31.0) / 12.0


def main():
    comments, rows = sc.read_csv(sc.data_path("timeline.csv"))
    events = [{"t": decimal_year(r["date"]),
               "t_end": decimal_year(r["end"]) if r["end"] else None,
               "when": r["when"], "text": r["event"]} for r in rows]
    events.sort(key=lambda e: e["t"])
    summary = ("Vertical timeline of %d events in Stalin’s life and rule, from his birth in %s "
               "to his death in %s, with the dates placed on a scale of years: "
               % (len(events), events[0]["when"], events[-1]["when"])
               + "; ".join("%s, %s" % (e["when"], e["text"]) for e in events) + ".")
    height = 350
    svg = sc.SVG(310, height, "timeline", "Timeline of Stalin’s life and rule, 1878–1953",
                 sc.describe(summary, SOURCE))
    # The long years before the revolution are cut short by a break in the axis.
    first, last = events[0]["t"], events[-1]["t"]
    segments = [(int(first) - 1, int(first) + 3), (1910, int(last) + 2)]
    sc.timeline(svg, events, segments=segments, top=8, bottom=height - 10,
                axis_x=30, year_x=66, text_x=112, text_right=306,
                ticks=[1880] + list(range(1920, int(last) + 1, 10)), size=sc.SIZE)
    return svg.save(sc.out_path("timeline.svg"))


if __name__ == "__main__":
    main()
