# Quick start: `make demo` and `make test` work on a fresh clone with python3 (3.11+) and make.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo demo-ged test lint typecheck pytest docs bench clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,docs,postgres,fast,pandas,polars]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m timeline.demo

# Optional: the demo, then UCDP GED's Idlib months beside the article (needs ../shared/data).
# The shared UCDP GED file, beside this clone (../shared) or on this machine's /work/shared:
# handed to `make demo-ged`, the tests and the docs as TIMELINE_GED when found.
SHARED_GED := $(firstword $(wildcard ../shared/data/ucdp-ged-syria/ged_syria.csv.gz \
	/work/shared/data/ucdp-ged-syria/ged_syria.csv.gz))
ifneq ($(SHARED_GED),)
export TIMELINE_GED ?= $(abspath $(SHARED_GED))
endif

demo-ged: $(STAMP)
	$(PY) -m timeline.demo --ged

lint: $(STAMP)
	$(PY) -m ruff check src tests benchmarks docs_ext
	$(PY) -m ruff format --check src tests benchmarks docs_ext

typecheck: $(STAMP)
	$(PY) -m mypy --strict src

pytest: $(STAMP)
	$(PY) -m pytest

# The docs site, warnings as errors (its code examples run in pytest: tests/test_docs_examples.py).
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict --site-dir site

test: lint typecheck pytest docs

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist site .pytest_cache .mypy_cache .ruff_cache .hypothesis
