# Two entry points: `make run` serves the app, `make test` runs the linters (ruff, mypy) and the suite.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: run test lint format bench clean

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

run: $(STAMP)
	$(VENV)/bin/storepredict serve --host 127.0.0.1 --port 8080

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# Browser tests run in their own process: Playwright's sync API keeps an event loop on the main
# thread, which the asyncio-based page tests cannot share.
test: lint
	$(VENV)/bin/pytest -q --ignore=tests/browser
	$(VENV)/bin/pytest -q tests/browser

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(STAMP)
	$(PY) -m bench.ingest && $(PY) -m bench.classify && $(PY) -m bench.layout && $(PY) -m bench.archive && $(PY) -m bench.reports && $(PY) -m bench.health && $(PY) -m bench.scale

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts screenshots
