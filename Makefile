# Every target makes .venv if it is missing and installs the project into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench year lint lock docs clean

$(STAMP): pyproject.toml
	@echo "Installing UnMentoring and its tools into $(VENV) (first run only)..."
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip
	$(BIN)/python -m pip install -qq -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/unmentoring demo

test: $(STAMP) lint
	$(BIN)/python -m pytest

# Checks of the repository itself: code style, its own data, workflows and issue forms.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/unmentoring validate
	$(BIN)/zizmor --offline .github/workflows

# docs/commands.md from every command's --help, keeping its hand-written text (tests/test_docs.py).
docs: $(STAMP)
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_docs.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Fourteen months of a 300-person scheme, day by day, against the fake GitHub and its faults
# (tests/year.py, which tests/test_year.py runs too): the counts, and anything that went wrong.
year: $(STAMP)
	$(BIN)/python tests/year.py

# The workflows install exactly these hash-checked packages: their jobs hold write tokens, so
# a new release of a dependency must not run there before someone has chosen it.
lock: $(STAMP)
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes \
		--allow-unsafe --strip-extras --build-deps-for wheel --no-emit-index-url \
		--no-emit-trusted-host --no-emit-find-links --output-file requirements/workflows.txt \
		pyproject.toml

clean:
	rm -rf $(VENV) _site .pytest_cache
