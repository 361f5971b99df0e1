# kehoach — the two set-up commands are `make run` and `make test`; both create what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
SAMPLE := examples/ke-hoach-46a-KH-STTTT-2016.txt
XDIST ?= -n 2 --dist loadgroup

.PHONY: install system-deps system-deps-test run check-sample test test-fast test-postgres lint fuzz bench clean lock

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

system-deps:
	@bash scripts/system-deps.sh run

system-deps-test:
	@bash scripts/system-deps.sh test

# The web application with demo data on http://127.0.0.1:8000 (SQLite in ./var).
run: $(STAMP) system-deps
	@mkdir -p var
	$(BIN)/kehoach migrate --noinput -v 0
	$(BIN)/kehoach demo
	@# the background worker of long imports (django-tasks, database backend); stops with the server
	$(BIN)/kehoach db_worker --interval 2 & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(BIN)/kehoach runserver 127.0.0.1:8000

# The plan checker on the bundled sample (exit 1 means "the plan has errors", not a failure).
check-sample: $(STAMP)
	@$(BIN)/kehoach check $(SAMPLE); status=$$?; [ $$status -le 1 ]

# Lint, formatting, types, and the layer contracts ([tool.importlinter] in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Everything CI runs: lint, type checks, the whole suite on SQLite, then the tests marked `pg`
# again on PostgreSQL wherever one is reachable; prints its own time at the end.
test: $(STAMP)
	@start=$$(date +%s); export KEHOACH_PDF_CACHE=$$(mktemp -d); \
	$(MAKE) --no-print-directory lint system-deps-test \
	&& $(BIN)/pytest $(XDIST) -m "not postgres" \
	&& $(MAKE) --no-print-directory test-postgres; \
	status=$$?; rm -rf "$$KEHOACH_PDF_CACHE"; \
	echo "make test: $$(( $$(date +%s) - start )) s (exit $$status)"; exit $$status

# The PostgreSQL pass: only the tests marked `pg` — those that exercise the database's own
# behaviour (constraints, locking, concurrency, JSON, migrations, every service that writes).
# The marker is given by place in tests/conftest.py (PG_PLACES, NOT_PG) or by a module's
# `pytestmark = pytest.mark.pg`; docs/architecture.md ("Tests") explains the choice.
test-postgres: $(STAMP)
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "PostgreSQL reachable: running the tests marked pg on it"; \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest $(XDIST) -m pg; \
		status=$$?; [ $$status -eq 0 ] || [ $$status -eq 5 ]; \
	else \
		echo "PostgreSQL not reachable at $(PG_URL): skipped the PostgreSQL run"; \
	fi

# The quick loop: SQLite, no fuzzing, no browser (e2e), no authorisation tables (tables: every
# URL x every person, ~2,700 requests), nothing heavy (heavy: another program started per test,
# or a sweep) — make test runs them all; stops at the first failure.
test-fast: $(STAMP)
	$(BIN)/pytest $(XDIST) -m "not slow and not e2e and not tables and not heavy" -x -q

fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -m slow -q

bench: $(STAMP)
	$(BIN)/python -m bench

# Extract UI strings into the English catalogue (the .po: write new English there), compile it.
messages: $(STAMP)
	cd src/kehoach && ../../$(BIN)/kehoach makemessages -l en --ignore "documents/*" --ignore "core/*"
	$(BIN)/python scripts/messages.py

# Regenerate the pinned versions from the current virtual environment.
lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
