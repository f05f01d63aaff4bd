# The README's two commands: `make run` (build + serve) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# axe-core for the browser tests (and world-atlas for tools/coastline.py), from npm.
NPM_STAMP := tools/npm/node_modules/.installed
# The query editor's npm packages (CodeMirror, esbuild), pinned in js/package-lock.json.
JS_STAMP := js/node_modules/.installed

.PHONY: run test check lint build clean editor-js

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NPM_STAMP): tools/npm/package.json tools/npm/package-lock.json
	npm ci --prefix tools/npm --no-audit --no-fund --silent
	touch $(NPM_STAMP)

$(JS_STAMP): js/package.json js/package-lock.json
	npm ci --prefix js --no-audit --no-fund --silent
	touch $(JS_STAMP)

# Rebuild the committed bundle (static/editor.js, editor-licences.txt) from js/src.
editor-js: $(JS_STAMP)
	node js/build.mjs

run: $(STAMP)
	$(VENV)/bin/kolding-graph serve

build: $(STAMP)
	$(VENV)/bin/kolding-graph build

test: $(STAMP) $(NPM_STAMP) $(JS_STAMP) lint
	$(VENV)/bin/python -m pytest

# The fast lane for the edit-test loop: lint, types and every test that needs
# neither a browser nor a server process (well under a minute on an idle machine).
check: $(STAMP) $(JS_STAMP) lint
	$(VENV)/bin/python -m pytest -q -m "not browser and not server"

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) dist
