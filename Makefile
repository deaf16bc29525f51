# Two commands matter: `make demo` and `make test`. Both need only Python >= 3.11 and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_CONFIG := config/demo/watcher.toml

.PHONY: demo test lint typecheck check bench docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

config/demo/inbox: config/demo/make_inbox.py | $(STAMP)
	$(BIN)/python config/demo/make_inbox.py config/demo/inbox

demo: $(STAMP) config/demo/inbox
	$(BIN)/watcher check --config $(DEMO_CONFIG)
	$(BIN)/watcher poll --config $(DEMO_CONFIG)
	$(BIN)/watcher status --config $(DEMO_CONFIG)
	@echo "Staff digest(s) written to var/demo/outbox:" && ls var/demo/outbox/*.eml

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check watcher tests benchmarks config/demo
	$(BIN)/mypy watcher

bench: $(STAMP)
	for script in benchmarks/*.py; do $(BIN)/python $$script || exit 1; done

docs: $(STAMP)
	$(BIN)/python -m watcher.config > docs/config.md

clean:
	rm -rf $(VENV) var config/demo/inbox
