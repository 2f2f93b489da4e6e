# Rencai — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PORT ?= 8000
# Test workers: one per core (pytest-xdist; each worker has its own test database). A fixed
# hash seed, so that every worker collects parametrised sets in the same order. Each run prints
# its slowest tests (--durations): CI must stay under 20 minutes.
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: run test lint format messages venv clean-db

$(VENV)/.installed: pyproject.toml
	@PYBIN=$$(scripts/find-python.sh) || exit 1; \
	  [ -x $(PY) ] || $$PYBIN -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

venv: $(VENV)/.installed

# Compile the zh_Hans catalogue when its source changed.
locale/zh_Hans/LC_MESSAGES/django.mo: locale/zh_Hans/LC_MESSAGES/django.po | $(VENV)/.installed
	$(MANAGE) compilemessages -l zh_Hans -v 0

messages: $(VENV)/.installed
	$(MANAGE) makemessages -l zh_Hans --no-obsolete --no-location -i ".venv/*" -i "tests/*" -i "bench/*"

## make run: serve Rencai with Huanggang's demo data on SQLite, as an office would see it
## (DEBUG off: the product's own error pages; static files served by whitenoise), with one
## task worker and the daily policy outreach (checked every minute; it runs once a day).
## `serve_demo` migrates, loads the demo and collects static files only when needed, so a
## second start answers in seconds. Card QR codes point at this port (PUBLIC_BASE_URL).
run: $(VENV)/.installed locale/zh_Hans/LC_MESSAGES/django.mo
	@mkdir -p var
	@DEBUG=False PUBLIC_BASE_URL="$${PUBLIC_BASE_URL:-http://127.0.0.1:$(PORT)}" \
	  $(MANAGE) serve_demo --port $(PORT)

## make test: lint, checks, the whole suite on PostgreSQL, and the portable part on SQLite.
test: $(VENV)/.installed
	@scripts/install-system-deps.sh
	@$(MAKE) -s locale/zh_Hans/LC_MESSAGES/django.mo
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports
	DATABASE_URL=sqlite:///:memory: $(MANAGE) check --fail-level WARNING
	DATABASE_URL=sqlite:///:memory: $(MANAGE) makemigrations --check --dry-run
	PYTHONHASHSEED=0 scripts/with-postgres.sh $(PY) -m pytest -q -n $(WORKERS) --dist loadfile --no-loadscope-reorder --durations=20 $(PYTEST_ARGS)
	PYTHONHASHSEED=0 DATABASE_URL=sqlite:///var/test.sqlite3 $(PY) -m pytest -q -n $(WORKERS) --dist loadfile --no-loadscope-reorder --durations=10 -m portable -p no:playwright $(PYTEST_ARGS)

lint:
	$(PY) -m ruff check . && $(PY) -m ruff format --check .

format:
	$(PY) -m ruff check --fix . && $(PY) -m ruff format .
