# The two commands a newcomer needs: `make demo` and `make test`.
# Both create (or reuse) .venv in the repository and install what they need.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test docs setup graphviz lint format clean

DEMO := build/demo

demo: setup graphviz
	$(PY) -m orgchart show --date 2023-12-31
	@mkdir -p $(DEMO)
	$(PY) -m orgchart render --date 2023-12-31 -o $(DEMO)/alibaba-2023-12-31.svg
	$(PY) -m orgchart diff 2022-12-01 2023-12-31 -o $(DEMO)/alibaba-changes-2023.svg

test: setup graphviz
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest
	$(PY) benchmarks/run.py --quick

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/setup-venv.sh
	PYTHON=$(PYTHON) VENV=$(VENV) sh scripts/setup-venv.sh
	touch $(STAMP)

docs: setup graphviz
	$(VENV)/bin/python -m sphinx -W --keep-going -b html docs docs/_build/html
	@echo "open docs/_build/html/index.html"

graphviz:
	@sh scripts/ensure-graphviz.sh

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
