# Sinergi: `make run` builds and publishes the warehouse, `make test` runs the test suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
UV_VERSION := 0.13.9

# One place for every path; Dagster, dbt and the tests read these variables.
export SINERGI_WAREHOUSE ?= $(CURDIR)/warehouse/sinergi.duckdb
export SINERGI_LANDING ?= $(CURDIR)/warehouse/landing
export DAGSTER_HOME ?= $(CURDIR)/warehouse/dagster_home
export GX_ANALYTICS_ENABLED := false
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1
# The environment's own tools (dbt above all) come first, whoever calls make.
export PATH := $(CURDIR)/$(BIN):$(PATH)
PORT ?= 3000
BI_PORT ?= 3001
SCALE ?= small
# The dashboards read the published file, never the working one.
PUBLISHED_DB := $(dir $(SINERGI_WAREHOUSE))published/sinergi.duckdb

MANIFEST := dbt_project/target/manifest.json
DBT_SOURCES := $(shell find dbt_project/models dbt_project/macros dbt_project/materializations dbt_project/seeds \
	dbt_project/tests dbt_project/snapshots -type f 2>/dev/null) dbt_project/dbt_project.yml

.PHONY: help setup system-deps spark-deps run test test-fast test-spark reread update-snapshots dev \
	lint format bench docs bi bi-serve clean

help:
	@echo "make run   - install (first time), build the warehouse and publish the marts"
	@echo "             (FULL_REFRESH=1 re-reads every file and rebuilds incremental models)"
	@echo "make test  - run the whole test suite (installs Chromium, Node.js and npm when missing)"
	@echo "make test-fast - everything but the slow reliability and the browser tests"
	@echo "make test-spark - build the graph on local Spark and DuckDB and compare every mart"
	@echo "             (installs the spark extra and a Java 17 runtime when missing)"
	@echo "make reread FILE=... - the next run reads that landed file again"
	@echo "make update-snapshots - rewrite tests/integration/asset_graph.json after an intended change"
	@echo "make format - ruff format and sqlfluff fix"
	@echo "make dev   - serve the Dagster UI on 127.0.0.1:$(PORT) (PORT=... to change)"
	@echo "make docs  - generate the dbt documentation site (dbt_project/target/static_index.html)"
	@echo "make bi    - build the Evidence dashboards (bi/build/) from the published warehouse"
	@echo "make bi-serve - serve them on 127.0.0.1:$(BI_PORT) (BI_PORT=... to change)"
	@echo "make lint  - ruff and sqlfluff"
	@echo "make bench - pipeline vs floor vs pandas peer on generated data"
	@echo "             (SCALE=small|national-1y|national-10y; see benchmarks/README.md)"

$(VENV)/.installed: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 \
		|| python3 -m pip install --quiet "uv==$(UV_VERSION)"
	$$(command -v uv || echo python3 -m uv) sync --frozen --compile-bytecode
	@touch $@

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	@mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $@

$(MANIFEST): $(VENV)/.installed $(DBT_SOURCES)
	cd dbt_project && ../$(BIN)/dbt parse --quiet
	@touch $@

setup: $(VENV)/.installed $(DAGSTER_HOME)/dagster.yaml $(MANIFEST)

# What the browser and dashboard tests need beyond Python: Debian's Chromium (Playwright drives it;
# no browser download) and Node.js with npm (Evidence, bi/). Installed with apt-get when missing
# and make runs as root; otherwise the message names the packages to install.
SYSTEM_PACKAGES := chromium:chromium node:nodejs npm:npm
system-deps:
	@missing=""; for entry in $(SYSTEM_PACKAGES); do \
		command -v $${entry%%:*} >/dev/null 2>&1 || missing="$$missing $${entry#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing$$missing (apt-get)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else \
			echo "missing:$$missing. Install them (Debian/Ubuntu: sudo apt-get install$$missing;" \
				"macOS: brew install --cask chromium && brew install node), then run make again." >&2; \
			exit 1; \
		fi; \
	fi

# The Spark target's needs: the `spark` extra (dbt-spark with pyspark, ~460 MB; the default install
# does not carry it) and a Java 17 runtime, installed with apt-get when missing and make runs as root.
spark-deps: setup
	$$(command -v uv || echo python3 -m uv) sync --frozen --compile-bytecode --extra spark
	@command -v java >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing openjdk-17-jre-headless (apt-get)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				openjdk-17-jre-headless; \
		else \
			echo "missing: java. Install a Java 17 runtime (Debian/Ubuntu: sudo apt-get install" \
				"openjdk-17-jre-headless; macOS: brew install openjdk@17), then run make again." >&2; \
			exit 1; \
		fi; \
	}

run: setup
	$(PY) -m orchestration.run $(if $(FULL_REFRESH),--full-refresh)

test: setup system-deps
	$(PY) -m pytest

# The loop for people changing the code: no kills, no 200 MB file, no browser (a few minutes).
test-fast: setup
	$(PY) -m pytest -m "not slow and not browser"

# The same dbt graph on local Spark and on DuckDB from the bundled snapshot, then after a second
# landing (incremental): every published mart compared (tests/spark/test_parity.py).
test-spark: spark-deps
	SINERGI_TEST_SPARK=1 SPARK_LOCAL_IP=127.0.0.1 $(PY) -m pytest tests/spark -v

# Have the next run read one landed file again (as meta.ingest_log names it).
reread: setup
	@test -n "$(FILE)" || { echo "usage: make reread FILE=landing/wfp/x.csv" >&2; exit 1; }
	$(PY) -m orchestration.reread "$(FILE)"

update-snapshots: setup
	SINERGI_UPDATE_SNAPSHOTS=1 $(PY) -m pytest tests/integration/test_definitions.py -q

dev: setup
	$(BIN)/dagster dev -m orchestration.definitions -h 127.0.0.1 -p $(PORT)

# The catalog (column types, row counts) comes from the warehouse: build it first if there is none.
docs: setup
	@test -f "$(SINERGI_WAREHOUSE)" || $(MAKE) run
	cd dbt_project && ../$(BIN)/dbt docs generate --static --quiet
	@echo "dbt docs: open dbt_project/target/static_index.html in a browser"
	@echo "          (or: cd dbt_project && ../$(BIN)/dbt docs serve --port 8081)"

# Evidence (Node.js and npm from the machine; versions pinned by bi/package-lock.json). Not `npm ci`:
# the lock lists only the platform packages (rollup, esbuild, DuckDB bindings) the registry here
# serves, and `npm ci` refuses a lock without every platform's optional package.
bi/node_modules/.installed: bi/package.json bi/package-lock.json | system-deps
	cd bi && npm install --no-audit --no-fund --no-save
	@touch $@

# Sources: one query per bi/sources/sinergi/*.sql against the published file (read-only), cached as
# Parquet; build: the static site in bi/build/ (Evidence 39 always builds there; emptied first
# because it copies over what is left).
bi: bi/node_modules/.installed
	@test -f "$(PUBLISHED_DB)" || $(MAKE) run
	cd bi && export EVIDENCE_SOURCE__sinergi__filename="$$(realpath -m --relative-to=sources/sinergi "$(PUBLISHED_DB)")" \
		&& npm run --silent sources && rm -rf build && npm run --silent build
	@echo "dashboards: make bi-serve, then open http://127.0.0.1:$(BI_PORT)/"

bi-serve:
	@test -f bi/build/index.html || $(MAKE) bi
	$(PY) -m http.server $(BI_PORT) --bind 127.0.0.1 --directory bi/build

PYTHON_DIRS := orchestration sources tests benchmarks

lint: setup
	$(BIN)/ruff check $(PYTHON_DIRS)
	$(BIN)/ruff format --check $(PYTHON_DIRS)
	$(BIN)/sqlfluff lint dbt_project

format: setup
	$(BIN)/ruff check --fix $(PYTHON_DIRS)
	$(BIN)/ruff format $(PYTHON_DIRS)
	$(BIN)/sqlfluff fix dbt_project

bench: setup
	$(PY) -m benchmarks.harness --scale $(SCALE)

clean:
	rm -rf $(VENV) dbt_project/target dbt_project/logs bi/node_modules bi/.evidence bi/build
