# Every target does its own set-up, so each works as the first command on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_DIR := tools/npm
NODE_STAMP := $(NODE_DIR)/node_modules/.installed
SPEC := openapi/openapi.yaml
PORT ?= 4010

.PHONY: install node-tools generate check-generated lint lint-spec typecheck test test-pythons mock contract contract-smoke bench bench-smoke wrk soak clean

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

generate: install
	$(PY) openapi/generate.py --output generated

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

# Everything but the benchmark (it needs wrk from apt: `make bench-smoke`, run by CI).
# packaging_tests/ build the wheel and run examples/user_project's tests in a fresh venv
# outside this tree. Two workers: the suite is CPU-bound and these machines have 2 cores;
# loadgroup keeps the packaging tests, which share one wheel and venv, on one worker.
test: install lint-spec check-generated lint typecheck contract-smoke
	$(BIN)/pytest -q -p no:cacheprovider -n 2 --dist loadgroup

# The kit as users get it, on the other supported Pythons (found on PATH or in pyenv).
USER_PYTHONS ?= 3.12 3.13
test-pythons: install
	@for version in $(USER_PYTHONS); do \
	  echo "packaging_tests on Python $$version"; \
	  AI302_USER_PYTHON=$$version $(BIN)/pytest -q -p no:cacheprovider packaging_tests || exit 1; \
	done

# BASE_URL=https://api.302.ai API_KEY=sk-... make contract   runs it against the real API (paid!).
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

# Prism, our mock and a bare-Starlette ceiling under the same load; saves bench/results.md.
bench: install node-tools wrk
	$(PY) -m bench.run

# The harness in seconds, nothing saved and no ratio asserted (CI runs it after `make test`).
bench-smoke: install node-tools wrk
	$(PY) -m bench.run --smoke

clean:
	rm -rf $(VENV) $(NODE_DIR)/node_modules
