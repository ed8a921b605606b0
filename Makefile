# Two entry points: `make run` serves the app, `make test` runs the linters (ruff, mypy) and the suite.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: run test lint format bench clean messages compile

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

# An editable install leaves the package uncompiled; where PYTHONDONTWRITEBYTECODE is set every
# process would compile its 190 modules again (about 0.15 s per CLI run).
compile: $(STAMP)
	$(PY) -m compileall -q storepredict

run: compile
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

# Message catalogs (docs: README "Adding a language"): extract every marked string of the two
# domains into a template, then merge it into each language's catalog (new ones are created).
APP_SOURCES := storepredict/pages storepredict/server storepredict/vocabulary.py storepredict/cli.py \
	storepredict/commands.py storepredict/session_commands.py storepredict/summaries.py storepredict/app.py
CONTENT_SOURCES := storepredict/pipeline storepredict/reports storepredict/i18n
LOCALES := fr de
messages: $(STAMP)
	$(VENV)/bin/pybabel --quiet extract --no-location --sort-output -o storepredict/locale/app.pot $(APP_SOURCES)
	$(VENV)/bin/pybabel --quiet extract --no-location --sort-output -o storepredict/locale/content.pot $(CONTENT_SOURCES)
	for domain in app content; do for lang in $(LOCALES); do \
	  if [ -f storepredict/locale/$$lang/LC_MESSAGES/$$domain.po ]; then \
	    $(VENV)/bin/pybabel --quiet update --no-fuzzy-matching --ignore-obsolete -D $$domain -l $$lang \
	      -i storepredict/locale/$$domain.pot -d storepredict/locale; \
	  else $(VENV)/bin/pybabel --quiet init -D $$domain -l $$lang -i storepredict/locale/$$domain.pot -d storepredict/locale; fi; \
	done; done

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: compile
	$(PY) -m bench.ingest && $(PY) -m bench.classify && $(PY) -m bench.layout && $(PY) -m bench.archive && $(PY) -m bench.reports && $(PY) -m bench.health && $(PY) -m bench.scale && $(PY) -m bench.pool_task

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts screenshots
