"""party.svg: the party-state hierarchy and the NKVD in the 1930s."""

import svgchart as sc

SOURCE = "Khlevniuk, Master of the House (2009); Getty and Naumov, The Road to Terror (1999)."


def _points(s):
    """'50 19; 72 91' -> [(50.0, 19.0), (72.0, 91.0)]."""
    out = []
    for pair in s.split(";"):
        if pair.strip():
            x, y = pair.split()
            out.append((float(x), float(y)))
    return out


def load():
    comments, rows = sc.read_csv(sc.data_path("party.csv"))
    nodes, edges = {}, []
    for r in rows:
        if r["kind"] == "node":
            nodes[r["id"]] = {"label": r["label"], "sub": r["sub"], "style": r["style"],
                              "x": float(r["x"]), "y": float(r["y"]),
                              "w": float(r["w"]), "h": float(r["h"]), "note": r["note"]}
        else:
            src, dst = r["id"].split(">")
            edges.append({"src": src, "dst": dst, "label": r["label"],
                          "dash": "3 2" if r["style"] == "dashed" else None,
                          "via": _points(r["via"]),
                          "label_at": (_points(r["label_at"]) or [None])[0],
                          "label_anchor": "middle", "note": r["note"]})
    return comments, nodes, edges


def main():
    comments, nodes, edges = load()
    solid = ["%s to %s (%s)" % (nodes[e["src"]]["label"], nodes[e["dst"]]["label"],
                                e["note"][0].lower() + e["note"][1:])
             for e in edges if not e["dash"]]
    dashed = ["%s to %s" % (nodes[e["src"]]["label"], nodes[e["dst"]]["label"])
              for e in edges if e["dash"]]
    summary = ("Box-and-arrow diagram of the party and state in the 1930s. Solid arrows show "
               "command in practice: %s. Dashed arrows show formal election or subordination, "
               "which ran the other way: %s. The NKVD box contains the GUGB (state security) "
               "and the GULAG (camps)." % ("; ".join(solid), "; ".join(dashed)))
    height = 276
    svg = sc.SVG(310, height, "party", "The party-state and the NKVD in the 1930s",
                 sc.describe(summary, SOURCE))
    sc.diagram(svg, nodes, edges)
    sc.legend(svg, 4, height - 8, [("arrow", None, "Command in practice"),
                                    ("arrow", "3 2", "Formal election or subordination")])
    return svg.save(sc.out_path("party.svg"))


if __name__ == "__main__":
    main()
