# The two commands of the README. Each creates .venv and installs what it needs first.
#   make demo   run the whole product locally (no token, no network)
#   make test   linters, type checks and the test suite (SQLite, on every core; PostgreSQL
#               too when DVC_TEST_DATABASE_URL is set, as CI does). CI also sets
#               DVC_HYPOTHESIS_PROFILE=ci: the message fuzz test sends 2,000 messages, not 200.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# The staff console's browser tests drive Debian's Chromium through Playwright.
CHROMIUM := /usr/bin/chromium

.PHONY: demo test lint chromium screenshots bench clean

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

# Installs Chromium when it is missing and we are root; otherwise says how (the browser
# tests are then skipped with that reason).
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "== installing Debian's chromium for the console's browser tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
		else \
			echo "!! $(CHROMIUM) is missing: the console's browser tests will be skipped."; \
			echo "!! Install it with: sudo apt-get install chromium"; \
		fi; \
	fi

# SQLite tests use a file per test, so they run in parallel (pytest-xdist; worksteal evens
# out the few long end-to-end tests). Half a worker more than cores: several tests wait on
# real time (a hanging portal, retries' backoff, worker processes), and another worker uses
# the core meanwhile (2 cores: 3 workers 196 s, 2 workers 239 s, 4 workers 210 s). The
# PostgreSQL pass shares one database, so it runs in a single process.
test: lint chromium
	env -u DVC_TEST_DATABASE_URL $(PY) -m pytest -q -n $$(( $$(nproc) * 3 / 2 )) --dist worksteal
	@if [ -n "$$DVC_TEST_DATABASE_URL" ]; then \
		echo "== database tests again on $$DVC_TEST_DATABASE_URL =="; \
		$(PY) -m pytest -q -m db; \
	fi

# The console screenshots in docs/console/ (README), taken by the browser tests.
screenshots: $(STAMP) chromium
	DVC_SCREENSHOTS=1 $(PY) -m pytest -q -n 0 tests/console

bench: $(STAMP)
	@for script in benchmarks/*_bench.py; do echo "== $$script"; $(PY) $$script; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
