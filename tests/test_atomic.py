"""Interrupted, crashed and concurrent builds (issue #14): the previous outputs stay as they were,
no temporary file is left behind, and a second build into a busy folder is refused in one line."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pressroom import build as build_module
from pressroom import cli, lock
from pressroom.build import build
from pressroom.errors import BookError
from pressroom.lock import LOCK_NAME, FolderBusy, output_lock
from pressroom.serve import Preview

ROOT = Path(__file__).parent.parent
MANUSCRIPT = ROOT / "tests" / "fixtures" / "folder-book" / "manuscript"
EPUB, PDF = "a-small-test-book.epub", "a-small-test-book.pdf"

# The CLI in a child process, with a writer that says where it is and then waits (for a signal,
# or until the file named by PRESSROOM_TEST_GO appears): the test acts at a known point of the
# build. Wrapping build.WRITERS or os.replace here, never in pressroom, keeps test hooks out of it.
DRIVER = """
import os, signal, sys, time
from pathlib import Path
from pressroom import build, cli, output

signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with SIGINT ignored
go = Path(os.environ["PRESSROOM_TEST_GO"])

def wait(where):
    print("waiting in", where, flush=True)
    deadline = time.monotonic() + 60
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.02)

where = os.environ["PRESSROOM_TEST_PAUSE"]
if where == "rename":  # inside the renames that put the outputs in place
    real_replace = output.os.replace
    def replace(source, target):
        wait("rename")
        return real_replace(source, target)
    output.os.replace = replace
else:  # before this edition's writer: the ones before it are written and waiting to be renamed
    real_writer = build.WRITERS[where]
    def writer(book, context):
        wait(where)
        return real_writer(book, context)
    build.WRITERS[where] = writer
sys.exit(cli.main(sys.argv[1:]))
"""


def start(out: Path, pause: str, go: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PRESSROOM_TEST_PAUSE": pause, "PRESSROOM_TEST_GO": str(go)}
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, *(args or ("all",)), "-m", str(MANUSCRIPT), "-o", str(out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_until_paused(process: subprocess.Popen) -> str:
    line = process.stdout.readline()
    assert line.startswith("waiting in"), (line, process.stderr.read() if process.poll() is not None else "")
    return line


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    stdout, stderr = process.communicate(timeout=120)
    return process.returncode, stdout, stderr


@pytest.fixture()
def out(tmp_path) -> Path:
    """An output folder holding a previous build's outputs."""
    folder = tmp_path / "build"
    folder.mkdir()
    (folder / EPUB).write_bytes(b"the previous epub")
    (folder / PDF).write_bytes(b"the previous pdf")
    return folder


def previous_outputs_intact(folder: Path) -> None:
    assert sorted(p.name for p in folder.iterdir()) == [EPUB, PDF]  # no .part, no lock file
    assert (folder / EPUB).read_bytes() == b"the previous epub"
    assert (folder / PDF).read_bytes() == b"the previous pdf"


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_mid_build_leaves_the_previous_outputs_and_no_temporary_file(out, tmp_path, signum, status):
    process = start(out, "pdf", tmp_path / "go")
    wait_until_paused(process)  # the EPUB is written to its temporary file, the PDF not begun
    assert any(p.name.endswith(".part") for p in out.iterdir())
    assert (out / LOCK_NAME).exists()
    process.send_signal(signum)
    code, _, stderr = finish(process)
    assert code == status
    assert "Traceback" not in stderr
    assert stderr.splitlines() == [
        f"make-book: stopped by {signal.Signals(signum).name}; earlier outputs left as they were"
    ]
    previous_outputs_intact(out)


def test_a_signal_while_the_outputs_are_renamed_waits_until_all_are_in_place(out, tmp_path):
    process = start(out, "rename", tmp_path / "go")
    wait_until_paused(process)  # both editions written; the first rename about to happen
    process.send_signal(signal.SIGTERM)
    time.sleep(0.2)
    (tmp_path / "go").touch()
    code, _, stderr = finish(process)
    assert code == 143 and "Traceback" not in stderr
    assert sorted(p.name for p in out.iterdir()) == [EPUB, PDF]
    assert (out / EPUB).read_bytes()[:2] == b"PK" and (out / PDF).read_bytes()[:5] == b"%PDF-"  # both new


def test_a_crash_in_a_later_edition_leaves_every_previous_output(out, monkeypatch):
    def broken(book, context):
        raise RuntimeError("a bug in the PDF writer")

    monkeypatch.setitem(build_module.WRITERS, "pdf", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        build(MANUSCRIPT, out, ("epub", "pdf"))  # the EPUB was written before the PDF failed
    previous_outputs_intact(out)


def test_an_interrupt_in_process_leaves_the_previous_outputs(out, monkeypatch):
    def interrupted(book, context):
        raise KeyboardInterrupt

    monkeypatch.setitem(build_module.WRITERS, "pdf", interrupted)
    assert cli.main(["all", "-q", "-m", str(MANUSCRIPT), "-o", str(out)]) == 130
    previous_outputs_intact(out)


def test_temporary_files_of_a_killed_build_are_removed_by_the_next(out):
    leftover = out / f".{EPUB}.k1ll3d.part"
    leftover.write_bytes(b"half an epub")
    (out / "proof").mkdir()
    (out / "proof" / ".report.html.k1ll3d.part").write_bytes(b"half a report")
    build(MANUSCRIPT, out, ("epub",))
    assert sorted(p.name for p in out.iterdir()) == [EPUB, PDF, "proof"]
    assert list((out / "proof").iterdir()) == []


def test_a_second_build_into_a_busy_folder_is_refused_and_the_first_succeeds(out, tmp_path):
    first = start(out, "pdf", tmp_path / "go")
    wait_until_paused(first)
    second = subprocess.run(
        [sys.executable, str(ROOT / "make_book.py"), "epub", "-m", str(MANUSCRIPT), "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert second.returncode == 2
    assert second.stderr == (
        f"{out}/: another build is writing to this folder (pid {first.pid}); wait for it or use another --out\n"
    )
    (tmp_path / "go").touch()
    code, stdout, stderr = finish(first)
    assert code == 0, stderr
    assert stdout.splitlines() == [
        f"wrote {out / name} ({cli.human_size((out / name).stat().st_size)})" for name in (EPUB, PDF)
    ]
    assert sorted(p.name for p in out.iterdir()) == [EPUB, PDF]  # the lock file is gone
    assert (out / EPUB).read_bytes()[:2] == b"PK" and (out / PDF).read_bytes()[:5] == b"%PDF-"


def test_the_lock_is_refused_while_another_holds_it_and_free_after(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    with open(folder / LOCK_NAME, "w") as other:  # another holder: flock is per open file
        other.write("4242\n")
        other.flush()
        fcntl.flock(other, fcntl.LOCK_EX)
        with pytest.raises(FolderBusy, match=r"out/: another build is writing to this folder \(pid 4242\)"):
            build(MANUSCRIPT, folder, ("epub",))
    build(MANUSCRIPT, folder, ("epub",))
    assert sorted(p.name for p in folder.iterdir()) == [EPUB]


def test_the_lock_is_reentrant_within_a_process_and_leaves_nothing_behind(tmp_path):
    folder = tmp_path / "new" / "out"
    with output_lock(folder), output_lock(folder):
        assert (folder / LOCK_NAME).read_text() == f"{os.getpid()}\n"
    assert not folder.exists()  # made for the lock, empty after: removed
    assert lock._held == {}


def test_a_failed_build_into_a_new_folder_leaves_no_folder(tmp_path):
    folder = tmp_path / "out"
    with pytest.raises(BookError):
        build(tmp_path / "missing", folder, ("epub",))
    assert not folder.exists()


def test_an_unusable_output_folder_is_one_line(tmp_path, capsys):
    (tmp_path / "file").write_text("not a folder")
    assert cli.main(["epub", "-q", "-m", str(MANUSCRIPT), "-o", str(tmp_path / "file")]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'file'}: cannot write the outputs here: File exists\n"


def test_serve_rebuilds_do_not_lock_themselves_out(tmp_path):
    logged: list[str] = []
    preview = Preview(MANUSCRIPT, tmp_path / "out", log=logged.append)
    with output_lock(tmp_path / "out"):  # held by this process: a rebuild inside it goes on
        preview.rebuild()
    preview.rebuild()
    assert all("rebuilt in" in line for line in logged), logged
    written = [p.name for p in (tmp_path / "out").iterdir()]
    assert "a-small-test-book.html" in written
    assert not [name for name in written if name.startswith(".")]  # no temporary file, no lock
