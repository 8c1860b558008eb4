"""Write manuscript/91-data.md, the accessible data appendix, from the same
CSV files that draw the figures, so that text and charts cannot disagree.

    python images/src/data_appendix.py            # writes manuscript/91-data.md
    python images/src/data_appendix.py --stdout   # prints it instead
"""

import os
import sys

import svgchart as sc
from fig_timeline import decimal_year

REPO = os.path.dirname(sc.IMAGES_DIR)
OUT = os.path.join(REPO, "manuscript", "91-data.md")

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def md(s):
    """House source style: straight quotes and -- / --- for the dashes
    (the pipeline's smart punctuation turns them back into typographers'
    characters)."""
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'),
                 ("\u2014", "---"), ("\u2013", "--"), ("|", " ")):
        s = s.replace(a, b)
    return s


def table(header, align, rows, caption, ident):
    """A Markdown pipe table, then its caption paragraph (Pandoc syntax)."""
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join(":---" if a == "l" else "---:" for a in align) + "|"]
    for row in rows:
        out.append("| " + " | ".join(md(c) if c else "--" for c in row) + " |")
    out += ["", ": %s {#tbl:%s}" % (md(caption), ident)]
    return "\n".join(out)


def n_int(s):
    return sc.fmt_int(sc.num(s)) if s else ""


def date_text(s):
    parts = s.split("-")
    if len(parts) == 3:
        return "%d %s %s" % (int(parts[2]), MONTHS[int(parts[1]) - 1], parts[0])
    if len(parts) == 2:
        return "%s %s" % (MONTHS[int(parts[1]) - 1], parts[0])
    return parts[0]


# --------------------------------------------------------------------------
# One function per figure: (heading, id, paragraph, tables, footnote)
# --------------------------------------------------------------------------

def executions():
    _, rows = sc.read_csv(sc.data_path("executions.csv"))
    total = sum(sc.num(r["death_sentences"]) for r in rows)
    y0, y1 = rows[0]["year"], rows[-1]["year"]
    body = [[r["year"], n_int(r["death_sentences"])] for r in rows]
    body.append(["Total, %s--%s" % (y0, y1), sc.fmt_int(total)])
    text = (
        "The figures behind @fig:executions are the yearly totals of people sentenced to "
        "death in cases brought by the political police---the Cheka, the OGPU, the NKVD and "
        "the MGB---as the Ministry of Internal Affairs compiled them in December 1953; J. Arch "
        "Getty and Oleg Naumov printed the table in full.[^data-executions] The series counts "
        "sentences passed, so people who died under interrogation or on the way to the camps "
        "do not appear in it. The zeros for 1948 and 1949 are not a gap in the record: the "
        "death penalty was abolished in May 1947 and restored in January 1950.")
    note = ("[^data-executions]: [@getty1999, p. 588]. The series was first published by "
            "V. P. Popov, \"Gosudarstvennyi terror v sovetskoi Rossii, 1923--1953 gg.: "
            "istochniki i ikh interpretatsiia,\" *Otechestvennye arkhivy*, no. 2 (1992).")
    tbl = table(["Year", "Death sentences"], "lr", body,
                "Death sentences carried out by year, %s\u2013%s." % (y0, y1), "executions")
    return "Death Sentences by Year", "executions", text, [tbl], note


def gulag():
    _, rows = sc.read_csv(sc.data_path("gulag.csv"))
    first_col = min(r["year"] for r in rows if r["colonies"])
    body = [[r["year"], n_int(r["camps"]), n_int(r["colonies"]), n_int(r["total"])] for r in rows]
    text = (
        "@fig:gulag is drawn from the Gulag's own statistical returns, which give the number "
        "of prisoners in the corrective-labor camps and in the smaller corrective-labor "
        "colonies on 1 January of each year. J. Arch Getty, Gábor Rittersporn and Viktor "
        "Zemskov published them in 1993, and Anne Applebaum reprinted them.[^data-gulag] The "
        "colonies, which mostly held prisoners with short sentences, were not counted in the "
        "same way before %s, so the totals for the earlier years cover the camps alone. "
        "Prisons, the special settlements and the camps for prisoners of war are not included."
        % first_col)
    note = ("[^data-gulag]: J. Arch Getty, Gábor T. Rittersporn and Viktor N. Zemskov, "
            "\"Victims of the Soviet Penal System in the Pre-war Years: A First Approach on "
            "the Basis of Archival Evidence,\" *American Historical Review* 98, no. 4 (1993): "
            "1017--49; [@applebaum2003]; see also [@khlevniuk2004].")
    tbl = table(["Year (1 January)", "Camps", "Colonies", "Total"], "lrrr", body,
                "Prisoners in Gulag camps and colonies on 1 January, %s\u2013%s."
                % (rows[0]["year"], rows[-1]["year"]), "gulag")
    return "The Gulag Population", "gulag", text, [tbl], note


def grain():
    _, rows = sc.read_csv(sc.data_path("grain.csv"))
    body = [[r["year"], r["harvest_low"], r["harvest_high"], r["procurement"]] for r in rows]
    text = (
        "The harvest figures in @fig:grain are the estimates of R. W. Davies and Stephen "
        "Wheatcroft, who set aside the inflated official statistics of the early 1930s. For "
        "the years in which the evidence allows no single figure they give a low and a high "
        "estimate; where the two columns agree, the harvest is known within narrow "
        "limits.[^data-grain] Procurements are the grain the state collected in the "
        "agricultural year that began on 1 July of the year shown. Roughly speaking, the "
        "difference between the harvest and the procurements is what remained in the "
        "villages for food, seed and fodder.")
    note = ("[^data-grain]: [@daviesw2004]; for 1928, 1929 and 1934, Stephen G. Wheatcroft "
            "and R. W. Davies, \"Agriculture,\" in *The Economic Transformation of the Soviet "
            "Union, 1913--1945*, ed. R. W. Davies, Mark Harrison and S. G. Wheatcroft "
            "(Cambridge: Cambridge University Press, 1994).")
    tbl = table(["Year", "Harvest, low", "Harvest, high", "Procurements"], "lrrr", body,
                "Grain harvest and state procurements, %s\u2013%s, in million tons."
                % (rows[0]["year"], rows[-1]["year"]), "grain")
    return "Grain Harvests and Procurements", "grain", text, [tbl], note


def industry():
    _, rows = sc.read_csv(sc.data_path("industry.csv"))
    body = [[r["year"], r["steel"], r["coal"], r["oil"]] for r in rows]
    text = (
        "@fig:industry follows three staples of heavy industry through the benchmark years "
        "of the Five-Year Plans, the war and the first postwar plan, using the series "
        "compiled by R. W. Davies.[^data-industry] Soviet statistics of the period flatter "
        "growth when they measure value, but counts in metric tons of steel, coal and oil are "
        "among the more trustworthy series.")
    note = "[^data-industry]: [@davies1998]."
    tbl = table(["Year", "Steel", "Coal", "Oil"], "lrrr", body,
                "Output of steel, coal and oil, %s\u2013%s, in million tons."
                % (rows[0]["year"], rows[-1]["year"]), "industry")
    return "Industrial Output", "industry", text, [tbl], note


def famine():
    _, rows = sc.read_csv(sc.data_path("famine.csv"))
    body = [[r["region"], r["low"], r["estimate"], r["high"]] for r in rows]
    text = (
        "@fig:famine shows estimates of excess deaths---deaths beyond the number expected "
        "in a normal year---in the famine of 1931--1933. The figures for Ukraine and for "
        "the Russian republic come from the population reconstructions of demographers at "
        "the Ptoukha Institute in Kyiv, the figure for Kazakhstan from Sarah Cameron's study "
        "of the Kazakh catastrophe, and the range for the Soviet Union as a whole runs from "
        "the estimate of Davies and Wheatcroft to that of the Ptoukha "
        "team.[^data-famine] The Russian republic includes the North Caucasus with the "
        "Kuban, the Volga regions, the Central Black Earth region, Western Siberia and the "
        "Urals. In Kazakhstan the famine began earlier, in 1930--1931, and it killed a larger share of the "
        "population there than anywhere else.")
    note = ("[^data-famine]: Omelian Rudnytskyi et al., \"Demography of a Man-Made Human "
            "Catastrophe: The Case of Massive Famine in Ukraine 1932--1933,\" *Canadian "
            "Studies in Population* 42, no. 1--2 (2015): 53--80; Nataliia Levchuk et al., "
            "\"Regional 1932--1933 Famine Losses: A Comparative Analysis of Ukraine and "
            "Russia,\" *Nationalities Papers* 48, no. 3 (2020); Sarah Cameron, *The Hungry "
            "Steppe: Famine, Violence, and the Making of Soviet Kazakhstan* (Ithaca, NY: "
            "Cornell University Press, 2018); [@daviesw2004]. See also [@applebaum2017].")
    tbl = table(["Region", "Low", "Central estimate", "High"], "lrrr", body,
                "Excess deaths in the famine of 1931\u20131933 by region, in millions "
                "(estimates).", "famine")
    return "Famine Deaths by Region", "famine", text, [tbl], note


def losses():
    _, rows = sc.read_csv(sc.data_path("losses.csv"))
    body = [[r["cause"], r["low"], r["estimate"], r["high"]] for r in rows]
    text = (
        "@fig:losses brings together the best-known estimates of deaths caused by the "
        "regime's policies between 1927 and 1953. Only the executions rest on a full "
        "documentary count---the sum of the years 1927--1953 in @sec:data-executions; the "
        "other rows are estimates, and the ranges show how far the published figures "
        "differ.[^data-losses] The war dead of 1941--1945, most of them victims of the "
        "German invasion and occupation, are listed for comparison. The rows should not be "
        "added up into a single total, because they come from different sources and "
        "overlap at the edges.")
    note = ("[^data-losses]: [@getty1999, p. 588]; [@khlevniuk2004]; [@ellman2002]; "
            "[@daviesw2004]; Michael Ellman, \"The 1947 Soviet Famine and the Entitlement "
            "Approach to Famines,\" *Cambridge Journal of Economics* 24, no. 5 (2000): "
            "603--30; E. M. Andreev, L. E. Darskii and T. L. Kharkova, *Naselenie "
            "Sovetskogo Soiuza, 1922--1991* (Moscow: Nauka, 1993). See also "
            "[@naimark2010] and [@overy1997].")
    tbl = table(["Cause", "Low", "Estimate", "High"], "lrrr", body,
                "Soviet population losses by cause, 1927\u20131953, in millions (estimates).",
                "losses")
    return "Population Losses by Cause", "losses", text, [tbl], note


def timeline():
    _, rows = sc.read_csv(sc.data_path("timeline.csv"))
    rows = sorted(rows, key=lambda r: decimal_year(r["date"]))
    body = [[r["when"] if r["end"] else date_text(r["date"]), r["event"]] for r in rows]
    text = (
        "The events in @fig:timeline are listed here with their dates.[^data-timeline] "
        "All dates are in the modern (Gregorian) calendar, which Soviet Russia adopted in "
        "February 1918; older books sometimes give events before then twelve or thirteen "
        "days earlier, in the Old Style.")
    note = ("[^data-timeline]: [@khlevniuk2015]; [@kotkin2014]; [@kotkin2017]; "
            "[@service2004]; for the figures of the Great Terror, [@getty1999, p. 588].")
    tbl = table(["Date", "Event"], "ll", body,
                "Events in the life and rule of Stalin, %s\u2013%s."
                % (rows[0]["when"], rows[-1]["when"]), "timeline")
    return "A Chronology of Stalin's Life and Rule", "timeline", text, [tbl], note


def party():
    _, rows = sc.read_csv(sc.data_path("party.csv"))
    nodes = {r["id"]: r for r in rows if r["kind"] == "node"}
    order = ["stalin", "politburo", "secretariat", "cc", "congress", "regional",
             "sovnarkom", "nkvd", "gugb", "gulag", "troikas"]
    order += sorted(k for k in nodes if k not in order)
    bodies = [[nodes[k]["label"], nodes[k]["note"]] for k in order]
    links = []
    for r in rows:
        if r["kind"] != "edge":
            continue
        src, dst = r["id"].split(">")
        kind = "formal" if r["style"] == "dashed" else "in practice"
        links.append([nodes[src]["label"], nodes[dst]["label"], kind, r["note"]])
    text = (
        "@fig:party simplifies a structure that was both complicated and changing. The "
        "first table below describes the bodies in the diagram and the second the links "
        "between them.[^data-party] On paper, authority flowed upward, from the Party "
        "Congress through the Central Committee to the Politburo and the Secretariat; in "
        "practice it flowed downward from Stalin and the small circle around him. The "
        "troikas existed only for the mass operations of August 1937 to November 1938.")
    note = ("[^data-party]: Oleg V. Khlevniuk, *Master of the House: Stalin and His Inner "
            "Circle* (New Haven, CT: Yale University Press, 2009); [@getty1999]; "
            "[@khlevniuk2004].")
    t1 = table(["Body", "Role"], "ll", bodies,
               "The bodies shown in the diagram of the party-state.", "party")
    t2 = table(["From", "To", "Kind of link", "Relationship"], "llll", links,
               "The links shown in the diagram of the party-state.", "party-links")
    return "The Party-State and the NKVD", "party", text, [t1, t2], note


SECTIONS = [timeline, party, executions, grain, famine, industry, gulag, losses]

INTRO = (
    "Every chart in this book is drawn from a short series of figures published by "
    "historians and demographers. This appendix prints each series in full, for readers "
    "who want the exact values and for readers who use a screen reader or simply prefer a "
    "table to a picture. The tables are generated from the same data files that draw the "
    "figures, so the two cannot drift apart. Most of the numbers are either counts made by "
    "Soviet officials and found in the archives after 1991 or estimates by demographers; "
    "where serious scholars disagree, the tables give the lowest and highest published "
    "estimates instead of a single figure. A dash means that the sources give no figure.")


def build():
    out = ["# The Data Behind the Figures {#chap:data}", "", INTRO, ""]
    notes = []
    for fn in SECTIONS:
        heading, ident, text, tables, note = fn()
        out += ["## %s {#sec:data-%s}" % (md(heading), ident), "", text, ""]
        for t in tables:
            out += [t, ""]
        notes.append(note)
    for note in notes:
        out += [note, ""]
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv=()):
    text = build()
    if "--stdout" in argv:
        sys.stdout.write(text)
        return len(text)
    with open(OUT, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    return len(text)


if __name__ == "__main__":
    main(sys.argv[1:])
