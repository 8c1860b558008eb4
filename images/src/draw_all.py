"""Redraw every figure of the book (the `make figures` step).

    python images/src/draw_all.py              # all SVG figures, the cover, the data appendix
    python images/src/draw_all.py --no-cover   # skip the cover
    python images/src/draw_all.py --no-appendix

The SVG figures and the data appendix need only the Python standard library.
The cover needs Pillow: if this interpreter lacks it, the cover is drawn with
the project's .venv/bin/python when that exists, and skipped otherwise.
"""

import importlib
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
REPO = os.path.dirname(os.path.dirname(HERE))

FIGURES = ["timeline", "party", "executions", "grain", "famine", "industry", "gulag", "losses"]


def draw_cover():
    try:
        import PIL  # noqa: F401
    except ImportError:
        venv_dir = os.path.join(REPO, ".venv")
        venv = os.path.join(venv_dir, "bin", "python")
        if os.path.exists(venv) and os.path.realpath(sys.prefix) != os.path.realpath(venv_dir):
            subprocess.run([venv, os.path.join(HERE, "cover.py")], check=True)
            return "cover.jpg (via .venv)"
        print("warning: Pillow not available; cover.jpg not redrawn", file=sys.stderr)
        return None
    import cover
    cover.main()
    return "cover.jpg"


def main(argv):
    done = []
    for name in FIGURES:
        module = importlib.import_module("fig_" + name)
        size = module.main()
        done.append("%s.svg (%d bytes)" % (name, size))
    if "--no-appendix" not in argv:
        import data_appendix
        data_appendix.main()
        done.append("manuscript/91-data.md")
    if "--no-cover" not in argv:
        result = draw_cover()
        if result:
            done.append(result)
    for line in done:
        print("drew", line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
