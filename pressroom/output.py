"""Write outputs atomically: everything goes to temporary names, then is renamed into place.

A failed build leaves the previous outputs untouched and no half-written file behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(files: dict[Path, bytes]) -> None:
    temporary: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            temporary.append((Path(name), target))
        for name, target in temporary:
            os.chmod(name, 0o644)
            os.replace(name, target)
    finally:
        for name, _ in temporary:
            if name.exists():
                name.unlink()


def source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None
