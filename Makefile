# Two commands set everything up on a fresh machine with only Python and make:
#   make demo   -- the demo on examples/
#   make test   -- lint, type-check and the whole test suite under coverage
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.flytecheck-dev
DEMO_STAMP := $(VENV)/.flytecheck-demo

.PHONY: demo test lint typecheck pytest bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The demo needs only the package and pytest: a fresh clone is set up in well under two minutes
# (the development set, with flytekit, pandas and moto, takes several).
$(DEMO_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[demo]'
	touch $(DEMO_STAMP)

demo: $(DEMO_STAMP)
	$(PY) examples/demo.py

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: $(STAMP)
	$(PY) -m mypy --strict flytecheck tests/typing
	$(VENV)/bin/pyright tests/typing

pytest: $(STAMP)
	$(PY) -m coverage erase
	$(PY) -m coverage run -m pytest -n 2
	$(PY) -m coverage combine -q
	$(PY) -m coverage report --fail-under=90

test: lint typecheck pytest

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) .coverage .mypy_cache .ruff_cache .pytest_cache .hypothesis
