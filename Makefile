# Two commands on a fresh machine: `make play` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: play test check lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

play: $(STAMP)
	$(BIN)/detective play

# The tests start many Pythons (the line mode, the installed wheel, pytest's workers): with
# PYTHONDONTWRITEBYTECODE set in the environment, each would compile the game (and pytest rewrite
# every test module) from source again. Empty, it lets them keep the compiled files.
test: export PYTHONDONTWRITEBYTECODE =
test: $(STAMP)
	$(BIN)/ruff check game tests
	$(BIN)/lint-imports
	$(BIN)/detective check story/perfect_mother
	$(BIN)/python -m pytest -q -n auto --dist worksteal

check: $(STAMP)
	$(BIN)/detective check story/perfect_mother

lint: $(STAMP)
	$(BIN)/ruff check game tests
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python tests/benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
