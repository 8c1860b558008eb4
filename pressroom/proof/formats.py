"""Findings as `check` prints them: text lines and a summary table for people, JSON and SARIF
2.1.0 for tools (CI systems and editors show SARIF results inline, at their file and line)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from pressroom.errors import display_path
from pressroom.findings import Finding
from pressroom.proof import CODES
from pressroom.proof.accept import UNKNOWN_WORDS

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
RANKED_WORDS = 10  # unknown words named under the table


def as_dict(item: Finding) -> dict:
    data = {
        "file": display_path(str(item.file)),
        "line": item.line,
        "column": item.column,
        "code": item.code,
        "severity": item.severity,
        "message": item.message,
    }
    if item.page is not None:
        data["page"] = item.page
    if item.subject:  # an unknown word, and how many places it stands for
        data["word"], data["count"] = item.subject, item.count
    return data


def format_findings(findings: list[Finding], form: str = "text", totals: bool = True) -> str:
    """``file:line:col: CODE message`` lines, sorted (so grouped by file), then (``totals``) a
    summary table; or a JSON list; or a SARIF log."""
    if form == "json":
        return json.dumps([as_dict(item) for item in findings], ensure_ascii=False, indent=2)
    if form == "sarif":
        return json.dumps(sarif(findings), ensure_ascii=False, indent=2)
    lines = [f"{display_path(str(f.file))}:{f.line}:{f.column}: {line_kind(f)}{f.code} {f.message}" for f in findings]
    return "\n".join(lines + ([""] + table(findings) if findings and totals else []))


def line_kind(item: Finding) -> str:
    return "" if item.severity == "error" else f"{item.severity}: "


def table(findings: list[Finding]) -> list[str]:
    """One row per code (errors first, then the most frequent), and the unknown words that
    occur most often."""
    by_code = Counter((item.code, item.severity) for item in findings)
    rows = sorted(by_code.items(), key=lambda row: (SEVERITY_ORDER[row[0][1]], -row[1], row[0][0]))
    width = max(len(code) for (code, _), _ in rows)
    out = [f"{'code':<{width}}  {'severity':<8}  {'count':>5}"]
    out += [f"{code:<{width}}  {severity:<8}  {count:>5}" for (code, severity), count in rows]
    words = sorted((f for f in findings if f.code in UNKNOWN_WORDS and f.subject), key=lambda f: (-f.count, f.subject))
    if words:
        named = ", ".join(f"{item.subject} {item.count}×" for item in words[:RANKED_WORDS])
        more = f" and {len(words) - RANKED_WORDS} more" if len(words) > RANKED_WORDS else ""
        out.append(f"unknown words, most frequent first: {named}{more} (check --accept WORD … to learn them)")
    return out


SEVERITY_ORDER = {"error": 0, "warning": 1, "note": 2}


def summary(findings: list[Finding]) -> str:
    if not findings:
        return "no problems found"
    counts = Counter(f.severity for f in findings)
    files = len({f.file for f in findings})
    plural = lambda n, word: f"{n} {word}{'' if n == 1 else 's'}"  # noqa: E731
    notes = f", {plural(counts['note'], 'note')}" if counts["note"] else ""
    return (
        f"{plural(counts['error'], 'error')}, {plural(counts['warning'], 'warning')}{notes} in {plural(files, 'file')}"
    )


def sarif(findings: list[Finding]) -> dict:
    """A SARIF 2.1.0 log: one run, a rule per code found, a result per finding with its level,
    message and physical location (the path relative to the working folder, line and column)."""
    codes = sorted({item.code for item in findings})
    rules = [
        {
            "id": code,
            "shortDescription": {"text": CODES[code][1] if code in CODES else code},
            "defaultConfiguration": {"level": CODES[code][0] if code in CODES else "warning"},
        }
        for code in codes
    ]
    results = [
        {
            "ruleId": item.code,
            "ruleIndex": codes.index(item.code),
            "level": item.severity,
            "message": {"text": item.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": Path(display_path(str(item.file))).as_posix()},
                        "region": {"startLine": item.line, "startColumn": item.column},
                    }
                }
            ],
        }
        for item in findings
    ]
    driver = {"name": "pressroom check", "rules": rules}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{"tool": {"driver": driver}, "results": results}]}
