"""Write outputs atomically: everything goes to temporary names, then is renamed into place.

A failed or interrupted build leaves the previous outputs untouched and no half-written file
behind. Each file is written beside its target as ``.<name>.XXXX.part`` and renamed over it;
inside ``all_or_nothing()`` (one build of several editions) the renames wait until the whole
build has succeeded, so a build stopped in its PDF does not leave a new EPUB beside an old PDF.
The renames and the removal of temporary files run with SIGINT and SIGTERM held back, so an
interruption never lands between two renames.

``signals_as_interrupts()`` makes SIGTERM (and SIGHUP) end the process as Ctrl-C does, by an
exception, so that the ``finally`` blocks that remove temporary files run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

PART_SUFFIX = ".part"
HELD_BACK = {signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)}

# The files staged by write_atomically() in the current all_or_nothing() block: (temporary, target).
_staged: ContextVar[list[tuple[Path, Path]] | None] = ContextVar("pressroom_staged_outputs", default=None)


class Interrupted(KeyboardInterrupt):
    """A signal other than SIGINT (SIGTERM, SIGHUP) that ends the process as Ctrl-C does."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def exit_status(interrupt: KeyboardInterrupt) -> int:
    """128 + the signal's number, as a shell reports a process a signal ended: 130 for Ctrl-C."""
    return 128 + (interrupt.signum if isinstance(interrupt, Interrupted) else signal.SIGINT)


def signal_name(interrupt: KeyboardInterrupt) -> str:
    return signal.Signals(interrupt.signum).name if isinstance(interrupt, Interrupted) else "SIGINT"


@contextlib.contextmanager
def signals_as_interrupts() -> Iterator[None]:
    """SIGTERM and SIGHUP raise Interrupted (a KeyboardInterrupt) while inside; the handlers are
    put back after. Only in the main thread, and only for signals left at their default action
    (a SIGHUP ignored by nohup stays ignored)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise Interrupted(signum)

    previous = {}
    for signum in HELD_BACK - {signal.SIGINT}:
        if signal.getsignal(signum) == signal.SIG_DFL:
            previous[signum] = signal.signal(signum, interrupt)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def signals_held_back() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP wait until the block is done (they are delivered after it)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_BACK)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def write_atomically(files: dict[Path, bytes]) -> None:
    """Write every file, or none: each to a temporary file beside it, then all renamed into place
    (inside all_or_nothing(): when the block ends without an exception)."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            stage(target, data, staged)
    except BaseException:
        discard(staged)
        raise
    pending = _staged.get()
    if pending is not None:
        pending.extend(staged)
    else:
        commit(staged)


def stage(target: Path, data: bytes, staged: list[tuple[Path, Path]]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with signals_held_back():  # between creating the file and noting it, nothing may interrupt
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=PART_SUFFIX)
        staged.append((Path(name), target))
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.chmod(name, 0o644)


def commit(staged: list[tuple[Path, Path]]) -> None:
    try:
        with signals_held_back():
            for name, target in staged:
                os.replace(name, target)
    finally:
        discard(staged)


def discard(staged: list[tuple[Path, Path]]) -> None:
    """Remove the temporary files that were not renamed into place."""
    with signals_held_back():
        for name, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                name.unlink()


@contextlib.contextmanager
def all_or_nothing() -> Iterator[None]:
    """The outputs written inside replace the previous ones only when the whole block succeeds;
    an exception (a failed edition, Ctrl-C) leaves every previous output as it was. Nested
    blocks join the outermost one."""
    if _staged.get() is not None:
        yield
        return
    staged: list[tuple[Path, Path]] = []
    token = _staged.set(staged)
    try:
        yield
    except BaseException:
        discard(staged)
        raise
    finally:
        _staged.reset(token)
    commit(staged)


def leftovers(folder: Path) -> list[Path]:
    """Temporary files a killed build (SIGKILL, a power cut) could not remove: in the folder and
    its subfolders one level down (OUT/proof/)."""
    pattern = f".*{PART_SUFFIX}"
    return sorted([*folder.glob(pattern), *folder.glob(f"*/{pattern}")])


def source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None
