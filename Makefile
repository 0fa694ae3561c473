# Every target does its own set-up, so each works as the first command on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_DIR := tools/npm
NODE_STAMP := $(NODE_DIR)/node_modules/.installed
BENCH_NODE_DIR := bench/npm
BENCH_NODE_STAMP := $(BENCH_NODE_DIR)/node_modules/.installed
SPEC := openapi/openapi.yaml
PORT ?= 4010
# Some machines (these included) set PYTHONDONTWRITEBYTECODE=1. Then every Python process
# recompiles what it imports, and pytest re-rewrites the asserts of every plugin's modules
# (hypothesis, schemathesis): about 1.7 s more for each of the many processes `make test`
# starts. The caches land in __pycache__/, which git ignores.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: install node-tools bench-tools docs-assets font generate spec-check check-generated lint lint-spec typecheck test pytest test-pythons mock contract contract-smoke bench bench-smoke wrk valgrind soak clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check pip==25.3
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $@

install: $(STAMP)

$(NODE_STAMP): $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json
	cd $(NODE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

node-tools: $(NODE_STAMP)

# The watermark's CJK font: fetched from npm, subset with fontTools (dev-time; the result is committed).
font: install
	$(PY) tools/fonts/subset_font.py

# Steady, a peer mock `make bench` compares against: a ~100 MB binary, so not in node-tools.
$(BENCH_NODE_STAMP): $(BENCH_NODE_DIR)/package.json $(BENCH_NODE_DIR)/package-lock.json
	cd $(BENCH_NODE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

bench-tools: $(BENCH_NODE_STAMP)

# Re-copy the Swagger UI files the mock's /docs page serves from the npm package that
# tools/npm pins (commit the result; a test checks the copy matches).
docs-assets: install node-tools
	$(PY) tools/vendor_docs_assets.py

# Prints what the spec change means for callers (against the last commit) before writing.
generate: install
	$(PY) openapi/generate.py --output generated --diff-against HEAD:$(SPEC)

check-generated: install
	$(PY) openapi/generate.py --check generated

lint-spec: install node-tools
	$(PY) -m openapi_spec_validator $(SPEC)
	$(NODE_DIR)/node_modules/.bin/spectral lint $(SPEC) --ruleset openapi/.spectral.yaml --fail-severity=warn --quiet

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

# A short schemathesis CLI run over a real socket; `make contract` is the long one.
contract-smoke: install
	$(PY) -m contract_tests.contract_run --max-examples 40

# The spec change gate: the working spec against the fork point from origin/main (else
# HEAD). Breaking changes fail it unless info.version's major number went up.
spec-check: install
	$(BIN)/ai302-spec check $(SPEC) --allow-breaking-if-major

# The checks that are not pytest. They run beside it, one at a time, not before it: each
# uses one core, and pytest's workers leave a core idle at times (pytest starts first).
CHECKS := lint-spec spec-check check-generated lint typecheck contract-smoke bench-smoke

# packaging_tests/ build the wheel and run examples/user_project's tests in a fresh venv
# outside this tree. Three workers on these 2 cores: many tests wait on a subprocess (a
# browser, pip, a live mock), and a third worker fills those waits. loadgroup keeps each
# xdist_group (the packaging venvs, the shared docs page) on one worker.
# --output-sync keeps each step's output in one piece.
PYTEST_WORKERS ?= 3
# Our modules are compiled once, up front: on a fresh clone the workers and the checks
# would otherwise each compile them, all at the same moment (a no-op once __pycache__ is
# current).
PACKAGES := ai302_runtime ai302_spec mockserver contract_tests packaging_tests bench examples generated openapi
test: install node-tools
	@$(PY) -m compileall -q $(PACKAGES)
	@$(MAKE) --no-print-directory -j2 --output-sync=target pytest $(CHECKS)

pytest: install
	$(BIN)/pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) --dist loadgroup

# The kit as users get it, on the other supported Pythons (found on PATH or in pyenv).
USER_PYTHONS ?= 3.12 3.13
test-pythons: install
	@for version in $(USER_PYTHONS); do \
	  echo "packaging_tests on Python $$version"; \
	  AI302_USER_PYTHON=$$version $(BIN)/pytest -q -p no:cacheprovider packaging_tests || exit 1; \
	done

# BASE_URL=https://api.302.ai API_KEY=sk-... make contract   runs it against the real API, through
# ai302-mock proxy: report in build/, paid calls capped at MAX_PAID_CALLS (default 0).
contract: install
	$(PY) -m contract_tests.contract_run --max-examples $(or $(MAX_EXAMPLES),1000)

mock: install
	$(BIN)/ai302-mock --port $(PORT)

# ~100k mixed requests at 256 connections; reports statuses, RSS and bounds. Not in `make test`.
soak: install
	$(PY) -m contract_tests.soak --requests $(or $(REQUESTS),100000) --concurrency 256

# wrk, the benchmark's load generator, from Debian's packages (pinned by the Debian release).
wrk:
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)

# valgrind, for the benchmark's counts on a simulated machine (bench/simulated_cycles.py).
valgrind:
	@command -v valgrind >/dev/null || (apt-get update -qq && apt-get install -y -qq valgrind >/dev/null)

# Prism, Steady, our mock and a bare-Starlette ceiling under the same load, with every
# ratio issue 17 targets; saves bench/results.md. A quick look that keeps results.md:
# make bench BENCH_ARGS='--seconds 2 --warmup 0 --rounds 1 --sampled-seconds 0 --simulated-seconds 0 --ablation-seconds 0 --save /tmp/bench.md'
bench: install node-tools bench-tools wrk valgrind
	$(PY) -m bench.run $(BENCH_ARGS)

# The harness in seconds without wrk: nothing timed, saved or asserted about speed (part of
# `make test`, so no apt-get; Steady is skipped with a reason when bench-tools is not installed).
bench-smoke: install node-tools
	$(PY) -m bench.run --smoke

clean:
	rm -rf $(VENV) $(NODE_DIR)/node_modules $(BENCH_NODE_DIR)/node_modules
