"""What a proof says it is a proof of: ``git describe`` of the manuscript's checkout, with
"+ changes" when the working tree differs from that commit; "unversioned" outside git."""

from __future__ import annotations

import subprocess
from pathlib import Path

UNVERSIONED = "unversioned"


def describe(folder: Path) -> str:
    described = _git(folder, "describe", "--always", "--tags")
    if not described:
        return UNVERSIONED
    status = _git(folder, "status", "--porcelain")
    return f"{described} + changes" if status else described


def _git(folder: Path, *arguments: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *arguments], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None
