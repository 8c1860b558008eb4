# Pressroom: `make book` builds the book, `make test` runs the tests.
# Both create .venv and install the pinned dependencies on first use.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: book epub pdf html figures test bench clean distclean

book: $(STAMP)
	$(PY) make_book.py all

epub pdf html: $(STAMP)
	$(PY) make_book.py $@

figures: $(STAMP)
	$(PY) images/src/draw_all.py

test: $(STAMP)
	$(PY) -m pytest

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf build

distclean: clean
	rm -rf $(VENV)
