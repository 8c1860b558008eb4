"""`pip install` works anywhere: the wheel carries every subpackage, the default theme and the starter
book, and the installed copy (not this checkout) starts and builds a book from a folder outside the
repository. Offline: no index, no build isolation (setuptools comes with the test extras)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "pressroom"


def pip(*args: str, cwd: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", *args, "--no-index", "--no-deps", "--quiet"],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the package's sources (so the checkout gets no build/ or
    egg-info folders)."""
    source = tmp_path_factory.mktemp("source")
    shutil.copy(ROOT / "pyproject.toml", source)
    shutil.copy(ROOT / "README.md", source)
    shutil.copytree(PACKAGE, source / "pressroom", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("wheel")
    pip("wheel", "--no-build-isolation", "-w", str(out), str(source), cwd=source)
    (found,) = out.glob("pressroom-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    pip("install", "--target", str(target), str(wheel), cwd=target)
    return target


def package_files(folder: Path) -> set[str]:
    return {
        path.relative_to(ROOT).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_the_wheel_carries_the_theme_the_starter_book_and_every_subpackage(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "pressroom/theme/print.css",
        "pressroom/theme/epub.css",
        "pressroom/theme/base.css",
        "pressroom/theme/fonts.css",
        "pressroom/theme/fonts/OFL.txt",
        "pressroom/theme/fonts/GentiumBookPlus-Regular.ttf",
        "pressroom/theme/words/en.yaml",
        "pressroom/theme/templates/print/book.html",
        "pressroom/starter/book/manuscript/book.yaml",
    ):
        assert name in names
    assert package_files(PACKAGE / "theme") <= names  # every CSS file, template, font and words file
    assert package_files(PACKAGE / "starter") <= names
    packages = {init.parent.relative_to(ROOT).as_posix() for init in PACKAGE.rglob("__init__.py")}
    assert {f"{package}/__init__.py" for package in packages} <= names  # pressroom.print, …
    modules = {name for name in package_files(PACKAGE) if name.endswith(".py")}
    assert modules <= names


def run_installed(code: str, installed: Path, cwd: Path) -> subprocess.CompletedProcess:
    """Python with only the installed copy of Pressroom on its path (the checkout is not the
    working folder, and PYTHONPATH comes before the venv's editable install)."""
    env = {**os.environ, "PYTHONPATH": str(installed)}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True)


def test_the_installed_copy_starts_a_book_and_builds_it_outside_the_repository(installed, tmp_path):
    book = tmp_path / "my-book"
    result = run_installed(
        "import sys, pressroom, pressroom.cli\n"
        "print(pressroom.__file__)\n"
        f"sys.exit(pressroom.cli.main(['init', {str(book)!r}, '--quiet']))\n",
        installed,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).is_relative_to(installed)
    result = run_installed(
        "import sys, pressroom.cli\n"
        "sys.exit(pressroom.cli.main(['pdf', '-m', 'manuscript', '-o', 'out', '-q', '-j', '1']))\n",
        installed,
        book,
    )
    assert result.returncode == 0, result.stderr
    (pdf,) = (book / "out").glob("*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_the_installed_copy_knows_its_version(installed, tmp_path):
    result = run_installed("import pressroom.cli; pressroom.cli.main(['--version'])", installed, tmp_path)
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert result.stdout == f"make-book {version}\n", result.stderr
