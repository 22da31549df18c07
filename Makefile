# The two commands a newcomer needs: `make demo` and `make test`.
# Both create (or reuse) .venv in the repository and install what they need.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# `make demo` needs the library alone; `make test` and `make docs` the dev extras.
LIB_STAMP := $(VENV)/.installed-lib
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test test-pythons dist docs setup graphviz chromium lint format clean

DEMO := build/demo

demo: $(LIB_STAMP) graphviz
	$(PY) -m orgchart show --date 2023-12-31
	@mkdir -p $(DEMO)
	$(PY) -m orgchart render --date 2023-12-31 -o $(DEMO)/alibaba-2023-12-31.svg
	$(PY) -m orgchart diff 2022-12-01 2023-12-31 -o $(DEMO)/alibaba-changes-2023.svg
	$(PY) -m orgchart page -o $(DEMO)/alibaba.html

test: $(DEV_STAMP) graphviz chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	sh scripts/test-pythons.sh
	$(PY) benchmarks/run.py --quick

# pytest alone, on each supported Python this machine has (one .venv-3.X each).
test-pythons: $(DEV_STAMP) graphviz chromium
	sh scripts/test-pythons.sh

# The release files: dist/orgchart-VERSION.tar.gz and the wheel, checked.
dist: $(DEV_STAMP)
	rm -rf dist
	$(PY) -m build
	$(PY) -m twine check --strict dist/*

setup: $(DEV_STAMP)

$(LIB_STAMP): pyproject.toml scripts/setup-venv.sh
	PYTHON=$(PYTHON) VENV=$(VENV) EXTRAS= sh scripts/setup-venv.sh
	touch $(LIB_STAMP)

$(DEV_STAMP): pyproject.toml scripts/setup-venv.sh
	PYTHON=$(PYTHON) VENV=$(VENV) EXTRAS=dev sh scripts/setup-venv.sh
	touch $(LIB_STAMP) $(DEV_STAMP)

docs: $(DEV_STAMP) graphviz
	$(VENV)/bin/python -m sphinx -W --keep-going -b html docs docs/_build/html
	@echo "open docs/_build/html/index.html"

graphviz:
	@sh scripts/ensure-graphviz.sh

# The browser the page's tests drive (Playwright with the system Chromium).
chromium:
	@sh scripts/ensure-chromium.sh

format: $(DEV_STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) .venv-3.* build dist .pytest_cache .hypothesis
