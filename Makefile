# Two commands on a fresh machine: `make play` and `make test`.
# A distribution's Python is built with profile-guided optimisation; one built from source, as pyenv
# builds them by default, is not, and runs the tests a fifth slower (187 s of CPU against 228 s on
# the CI machine). So the system's python3 makes the virtual environment when it is recent enough,
# else the python3 on the PATH; `make PYTHON=python3.12 ...` chooses another.
PYTHON ?= $(shell /usr/bin/python3 -c 'import sys, ensurepip; sys.exit(sys.version_info < (3, 11))' \
	2>/dev/null && echo /usr/bin/python3 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: play test check lint docs bench clean

# uv installs the game and its tools in a few seconds, where pip takes twenty or more. It is put
# into .venv by the system's pip (a venv made without pip of its own is ready at once); where that
# cannot be done (no pip beside that Python, offline), the venv's own pip installs everything.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv --without-pip $(VENV)
	{ $(PYTHON) -m pip --python $(BIN)/python install --quiet uv && \
	  $(BIN)/python -m uv pip install --quiet --compile-bytecode --python $(BIN)/python \
	    -e '.[test]'; } || \
	{ $(BIN)/python -m ensurepip --upgrade --default-pip && \
	  $(BIN)/python -m pip install --quiet -e '.[test]'; }
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
	$(BIN)/taplo lint --colors never
	$(BIN)/detective check story/perfect_mother
	$(BIN)/python -m pytest -q -n auto --dist load --maxschedchunk 2

check: $(STAMP)
	$(BIN)/detective check story/perfect_mother

lint: $(STAMP)
	$(BIN)/ruff check game tests
	$(BIN)/lint-imports
	$(BIN)/taplo lint --colors never

# The schemas editors validate case files with, and the key reference, made from the models
# (tests/storyfiles/test_schema.py fails when the committed ones are not these).
docs: $(STAMP)
	$(BIN)/detective schema --out docs/schema
	$(BIN)/detective schema --reference > docs/reference.md

bench: $(STAMP)
	$(BIN)/python tests/benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
