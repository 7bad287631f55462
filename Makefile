# Two commands do all the set-up on a fresh Debian / Raspberry Pi OS machine:
#   make run   installs what is missing and starts the service on its embedded defaults
#   make test  installs what is missing and runs the whole suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
# Debian package : command that proves it is there
# chromium-headless-shell runs headless (the default, a third less memory); chromium runs
# with a window (LINKEDIN_BOT_HEADLESS=false) and is the fallback.
SYSTEM_RUN := python3-venv:python3-venv chromium:chromium chromium-headless-shell:chromium-headless-shell
SYSTEM_TEST := $(SYSTEM_RUN) prometheus:promtool postgresql-client:pg_dump

.PHONY: run test lint typecheck migrations-check ci bench lock system-run system-test clean demo screenshots

run: system-run $(VENV)/.main-installed
	$(BIN)/linkedin-bot serve

demo: system-run $(VENV)/.main-installed
	$(BIN)/linkedin-bot demo

# Several test processes (pytest-xdist), each test module whole on one of them: most of
# the suite's time is spent waiting on browsers, servers and subprocesses. PYTEST_WORKERS=0
# runs everything in this process.
# Three on two cores: a test module mostly waits (a browser, a server, a subprocess), so a
# third one keeps the cores busy. --durations lists the slowest tests at the end. A test
# process that dies ends the run at once (--max-worker-restart=0): pytest-xdist's load-file
# scheduler could hang forever after replacing one.
PYTEST_WORKERS ?= 3

test: system-test $(VENV)/.dev-installed
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile --max-worker-restart=0 --durations=25 --cov --cov-report=term --cov-report=xml:coverage.xml $(PYTEST_ARGS)

# The dashboard's screenshots in docs/screenshots (desktop and phone), taken by its browser
# tests against the simulator.
screenshots: system-test $(VENV)/.dev-installed
	DASHBOARD_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/pytest -p no:xdist -q -m browser tests/web

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy

migrations-check: $(VENV)/.dev-installed
	$(BIN)/python -m linkedin_bot.db.check_migrations

bench: system-test $(VENV)/.dev-installed
	$(BIN)/python -m bench

system-run:
	@scripts/ensure-system.sh $(SYSTEM_RUN)

system-test:
	@scripts/ensure-system.sh $(SYSTEM_TEST)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(UV): $(BIN)/python requirements/bootstrap.txt
	$(BIN)/pip install --quiet --require-hashes -r requirements/bootstrap.txt
	@touch $(UV)

$(VENV)/.main-installed: $(UV) requirements/main.txt pyproject.toml
	$(UV) pip install --quiet --python $(BIN)/python --require-hashes -r requirements/main.txt
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@

$(VENV)/.dev-installed: $(UV) requirements/dev.txt pyproject.toml
	$(UV) pip sync --quiet --python $(BIN)/python --require-hashes requirements/dev.txt
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@ $(VENV)/.main-installed

# Recompile the pinned lock files (exact versions and hashes, no registry addresses).
lock: $(UV)
	$(UV) pip compile --quiet --python-version 3.11 --generate-hashes --no-header pyproject.toml -o requirements/main.txt
	$(UV) pip compile --quiet --python-version 3.11 --generate-hashes --no-header --extra dev pyproject.toml -o requirements/dev.txt

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache coverage.xml .coverage
