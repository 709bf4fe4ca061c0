# IESS en línea — `make run` serves the demo, `make test` passes the whole suite.
# Needs only Python 3.11 with pip; everything else is installed into .venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
PYTEST_WORKERS ?= 2

.PHONY: setup messages migrate demo run worker test test-fast test-browser lint format bench bench-documents clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

## Compile the translation catalogs (.po -> .mo) with Babel; no system gettext needed.
messages: $(VENV)/.installed
	@for po in $$(find src/iess -path '*/locale/*/LC_MESSAGES/django.po'); do \
		$(BIN)/pybabel -q compile -D django -i $$po -o $${po%.po}.mo || exit 1; \
	done

setup: $(VENV)/.installed messages

migrate: setup
	DEBUG=1 $(MANAGE) migrate --noinput
	DEBUG=1 $(MANAGE) createcachetable

demo: migrate
	DEBUG=1 $(MANAGE) catalog_load
	DEBUG=1 $(MANAGE) demo_load

## Serve the demo: SQLite in var/ (or DATABASE_URL), the web server and the task worker.
run: demo
	@echo ""
	@echo "IESS en línea: http://127.0.0.1:$(PORT)/"
	@echo "Bandeja de correo de la demo: http://127.0.0.1:$(PORT)/dev/correo/"
	@echo ""
	@DEBUG=1 $(MANAGE) db_worker --queue-name default & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 PORT=$(PORT) $(MANAGE) runserver 127.0.0.1:$(PORT)

worker: setup
	$(MANAGE) db_worker

## The whole suite: unit, service, page and API tests in parallel, then the browser tests
## in one process (one Chromium for the run).
test: setup
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser" -q
	$(BIN)/pytest -m browser -q -p no:xdist

test-fast: setup
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser" -q

test-browser: setup
	$(BIN)/pytest -m browser -q -p no:xdist

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: setup
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: setup
	$(BIN)/python benchmarks/run.py

## CPU per issued document (render, sign, verify) and per Ventanilla upload check; SQLite.
bench-documents: setup
	$(BIN)/python benchmarks/documents.py

clean:
	rm -rf $(VENV) var .pytest_cache
