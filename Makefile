# Two commands do everything on a fresh clone:
#   make run   set up, build the store from data/, and run the main job
#   make test  set up, then run the tests, ruff and mypy
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
WEB    := api/static/dist/.built
STORE  := .argmap/store
MAPS   := $(wildcard data/maps/*.yaml)

.PHONY: setup store run test lint typecheck bench docs clean

setup: $(STAMP) $(WEB)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The pages' JavaScript and CSS, from the npm packages the lockfile pins (nothing third-party in
# git; nothing loaded from another host at run time).
$(WEB): package.json package-lock.json api/static/build.mjs $(shell find api/static/src -type f)
	npm ci --no-audit --no-fund --loglevel=error
	node api/static/build.mjs

# Rebuilt when a map, the ontology or the code that compiles them changes.
$(STORE)/.built: $(STAMP) $(MAPS) ontology/argmap.ttl ontology/shapes.ttl $(wildcard ontology/rules/*.rq) $(wildcard ontology/checks/*.rq) $(wildcard src/argmap/*.py)
	ARGMAP_STORE=$(STORE) $(BIN)/argmap build
	touch $@

store: $(STORE)/.built

# The main job: the service on http://127.0.0.1:8000 (SPARQL at /sparql, API docs at /docs).
run: setup store
	ARGMAP_STORE=$(STORE) $(BIN)/argmap summary
	ARGMAP_STORE=$(STORE) $(BIN)/argmap serve

test: setup
	$(BIN)/python -m pytest
	$(BIN)/ruff check src api tests bench
	$(BIN)/ruff format --check src api tests bench
	$(BIN)/mypy

# The HTML reference of the ontology (pyLODE) and the data-model picture (needs Graphviz).
docs: setup
	$(BIN)/python -c "from pathlib import Path; from argmap.reference import write_ontology_html; write_ontology_html(Path('docs/ontology/index.html'))"
	$(BIN)/python docs/data_model.py
	dot -Tsvg docs/evaluation-example.dot -o docs/evaluation-example.svg

# The benches need the bench extra too (rdflib-endpoint and matplotlib, for corpus_bench.py).
BENCH_STAMP := $(VENV)/.bench-stamp

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

bench: store $(BENCH_STAMP)
	ARGMAP_STORE=$(STORE) $(BIN)/python bench/queries.py
	ARGMAP_STORE=$(STORE) $(BIN)/python bench/exports.py
	$(BIN)/python bench/store_backends.py
	$(BIN)/python bench/api_latency.py
	$(BIN)/python bench/slow_query_isolation.py
	$(BIN)/python bench/isolation.py
	$(BIN)/python bench/sparql_load.py
	$(BIN)/python bench/corpus_bench.py

clean:
	rm -rf $(VENV) .argmap .pytest_cache .mypy_cache .ruff_cache node_modules api/static/dist
