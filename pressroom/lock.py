"""One build at a time per output folder: a lock on ``OUT/.pressroom.lock``.

A second build into a folder another process is writing to stops at once with one line that
names that process; it never waits (and so can never hang) and never mixes its files with the
other's. The lock is ``flock`` on a hidden file, which the kernel releases when its holder ends
however it ends (SIGKILL included), so a stale lock is never left to clear by hand. The file is
removed when the build ends, so it does not stay in the folder beside the outputs.

Within one process the lock is re-entrant: ``serve`` rebuilds again and again, the CLI takes the
lock before reading and ``build()`` takes it again before writing, and none locks itself out.
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pressroom.errors import BookError
from pressroom.output import leftovers, signals_held_back

try:
    import fcntl
except ImportError:  # Windows: no flock; builds there are not locked
    fcntl = None

LOCK_NAME = ".pressroom.lock"


class FolderBusy(BookError):
    """Another build is writing to the output folder."""


@dataclass
class _Held:
    fd: int
    count: int
    created: bool  # the folder was made for this build: removed again if the build left it empty


_held: dict[Path, _Held] = {}
_guard = threading.Lock()


@contextlib.contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold the output folder's lock while inside (making the folder if need be); raises
    FolderBusy when another process holds it. Temporary files left in the folder by a build
    that was killed are removed once the lock is had: nobody else can be writing them."""
    folder = Path(folder)
    key = folder.resolve()
    with _guard:
        held = _held.get(key)
        if held is not None:
            held.count += 1
        else:
            with signals_held_back():  # a lock taken is always noted, so always released
                held = _held[key] = _acquire(folder)
            for leftover in leftovers(folder):
                leftover.unlink(missing_ok=True)
    try:
        yield
    finally:
        with _guard:
            held.count -= 1
            if held.count == 0:
                del _held[key]
                with signals_held_back():
                    _release(folder, held)


def _acquire(folder: Path) -> _Held:
    created = not folder.exists()
    path = folder / LOCK_NAME
    while True:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise BookError(f"{folder}: cannot write the outputs here: {error.strerror or error}") from None
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                break  # a file system without locks (some network mounts): build unlocked, as before
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            who = f" (pid {holder})" if holder.isdigit() else ""
            raise FolderBusy(
                f"{folder}/: another build is writing to this folder{who}; wait for it or use another --out"
            ) from None
        # The build before may have removed the file between our open and our lock: then we
        # hold a lock on a file nobody else will see, and must lock the one now at the path.
        with contextlib.suppress(FileNotFoundError):
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                break
        os.close(fd)
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return _Held(fd, 1, created)


def _release(folder: Path, held: _Held) -> None:
    """Remove the lock file while still holding it (see _acquire), then let go."""
    with contextlib.suppress(FileNotFoundError):
        path = folder / LOCK_NAME
        if os.stat(path).st_ino == os.fstat(held.fd).st_ino:
            path.unlink()
    os.close(held.fd)
    if held.created:
        with contextlib.suppress(OSError):
            folder.rmdir()  # only if empty: a build that wrote nothing leaves no empty folder
