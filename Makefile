# Two commands for a fresh machine: `make demo` (set up + run on the samples) and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DB ?= augury.db
BRIEF ?= briefing.html

.PHONY: setup demo test lint bench clean browser

$(BIN)/augury: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(BIN)/augury

setup: $(BIN)/augury

demo: setup
	$(BIN)/augury ingest samples/seeds --db $(DB)
	$(BIN)/augury resolutions import samples/resolutions.csv --db $(DB)
	$(BIN)/augury brief --db $(DB) -o $(BRIEF)
	@echo "database: $(abspath $(DB))"
	@echo "briefing: $(abspath $(BRIEF))"
	@echo "web app:  $(BIN)/augury serve --db $(DB)   # then open http://127.0.0.1:8000/"

# The browser tests drive Debian's chromium (Playwright never downloads a browser of its own).
browser:
	test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

test: setup browser
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/polnear.py --split dev
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/seeds.py --quiet
	$(BIN)/python bench/grouping.py
	$(BIN)/python bench/attribution.py

clean:
	rm -rf $(VENV) $(DB) $(BRIEF)
