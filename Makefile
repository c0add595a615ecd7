# Two commands from a fresh clone:  `make demo`  and  `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
LINT_DIR = tools/cypher-lint

.PHONY: demo test setup node-tools benchmark clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

node-tools: $(LINT_DIR)/node_modules/.installed

$(LINT_DIR)/node_modules/.installed: $(LINT_DIR)/package.json $(LINT_DIR)/package-lock.json
	@if command -v npm >/dev/null; then cd $(LINT_DIR) && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	else echo "npm not found: the Cypher parser check will be skipped"; fi

demo: setup
	$(BIN)/ecograph demo

test: setup node-tools
	$(BIN)/pytest -q -n 2 --dist loadfile

benchmark: setup
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) $(LINT_DIR)/node_modules ecograph-demo
