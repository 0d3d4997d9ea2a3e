# Two commands do all the set-up on a fresh machine (Python 3.11+, Node 20+, make):
#   make chat   - the check-up as a conversation in the terminal
#   make test   - every test, including the Alexa simulator (virtual-alexa) and the template checks
#   make evaluate - the clinical cases of tests/cases/ played through the skill: one table of how it did
#   make bench  - the benchmark against a hello-world skill (bench/results/latest.json); make load: the load run
VENV := .venv
RUNTIME := $(VENV)/.runtime-installed
TESTING := $(VENV)/.test-installed
NODE := node_modules/.package-lock.json

.PHONY: chat serve evaluate test build bench load clean

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(RUNTIME): pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -e .
	touch $@

# The bench extra too: the tests run the benchmark and the load script once with tiny numbers.
$(TESTING): pyproject.toml $(RUNTIME)
	$(VENV)/bin/pip install --quiet -e '.[test,bench]'
	touch $@

$(NODE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

chat: $(RUNTIME)
	$(VENV)/bin/leg-cramp-helper chat

serve: $(RUNTIME)
	$(VENV)/bin/leg-cramp-helper serve --port 8000

evaluate: $(RUNTIME)
	$(VENV)/bin/leg-cramp-helper evaluate

test: $(TESTING) $(NODE)
	$(VENV)/bin/pytest

# Long runs (a few minutes each), never part of `make test`: see README, "Performance".
bench: $(TESTING)
	$(VENV)/bin/python -m bench.benchmark

load: $(TESTING)
	$(VENV)/bin/python -m bench.load

build: $(RUNTIME)
	$(VENV)/bin/leg-cramp-helper build --out .build/lambda --platform arm64

clean:
	rm -rf $(VENV) node_modules .build .pytest_cache
