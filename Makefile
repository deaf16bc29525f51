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

# The demo lives through its campaigns: two moments inside their collection windows (schools
# still pending, reminders, receipts, an unusable file), then today, when every period is over.
DEMO_MOMENTS := "2022-09-08 10:00" "2023-10-30 16:30"
demo: $(STAMP) config/demo/inbox
	@rm -rf var/demo
	@$(BIN)/watcher check --config $(DEMO_CONFIG)
	@for moment in $(DEMO_MOMENTS); do \
	  echo; echo "== Giả sử bây giờ là $$moment =="; \
	  $(BIN)/watcher poll --config $(DEMO_CONFIG) --now "$$moment" || exit 1; \
	done
	@echo; echo "== Kỳ Báo cáo năm 2023, lúc 16:30 ngày 30/10/2023 =="
	@$(BIN)/watcher status --config $(DEMO_CONFIG) --now "2023-10-30 16:30" --period 2023-annual
	@echo; echo "== Hôm nay: mọi kỳ báo cáo đã kết thúc =="
	@$(BIN)/watcher poll --config $(DEMO_CONFIG)
	@$(BIN)/watcher status --config $(DEMO_CONFIG)
	@echo; echo "Thư đã viết vào var/demo/outbox (chi tiết: watcher status --wide):"
	@$(BIN)/python config/demo/outbox_summary.py var/demo/outbox

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
