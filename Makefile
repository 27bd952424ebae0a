# The two commands of the README. Each creates .venv and installs what it needs first.
#   make demo   run the whole product locally (no token, no network)
#   make test   linters, type checks and the test suite (SQLite; PostgreSQL too when
#               DVC_TEST_DATABASE_URL is set, as CI does)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) run_bot.py demo

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports --no-logo

test: lint
	env -u DVC_TEST_DATABASE_URL $(PY) -m pytest -q
	@if [ -n "$$DVC_TEST_DATABASE_URL" ]; then \
		echo "== database tests again on $$DVC_TEST_DATABASE_URL =="; \
		$(PY) -m pytest -q -m db; \
	fi

bench: $(STAMP)
	@for script in benchmarks/*_bench.py; do echo "== $$script"; $(PY) $$script; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
