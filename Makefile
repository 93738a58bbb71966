# The two commands of the README. Everything they need is installed on first use.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python

.PHONY: run test install

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(VENV)/.installed

run: $(VENV)/.installed
	$(VENV)/bin/flask --app app run

test: $(VENV)/.installed node_modules/.installed
	@command -v chromium >/dev/null 2>&1 || scripts/install-system-packages
	$(PY) -m pytest
