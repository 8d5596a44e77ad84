# One task runner for the project. Every target installs what it needs first.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP_PY := $(VENV)/.installed
STAMP_NPM := node_modules/.installed
ARTIFACTS := zhangdian_sdk/_data/contracts/ApplicationLedger.json
SOLIDITY := $(shell find contracts -name '*.sol' -not -path 'contracts/.cache/*')
ANVIL := $(BIN)/anvil
FORGE := $(BIN)/forge
# ape-foundry and the tests find anvil (from the npm package) and the venv's tools on PATH.
export PATH := $(CURDIR)/$(BIN):$(PATH)

PORTAL_PORT ?= 8000

.PHONY: setup build demo demo-data test test-contracts fuzz gas lint bench bench-scale clean chain-down

SYSTEM_STAMP := $(VENV)/.system-packages

setup: $(STAMP_PY) $(STAMP_NPM) $(ANVIL) $(FORGE) compiler $(ARTIFACTS) $(SYSTEM_STAMP)

# Debian packages the tests and the portal's screenshots need: Chromium, a CJK font, PostgreSQL.
$(SYSTEM_STAMP): $(STAMP_PY)
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || missing="$$missing fonts-wqy-microhei"; \
	{ command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	touch $@

$(STAMP_PY): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(STAMP_NPM): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(ANVIL): $(STAMP_PY) $(STAMP_NPM)
	ln -sf "$$(ls -d $(CURDIR)/node_modules/@foundry-rs/anvil-*/bin/anvil | head -n 1)" $@
	$@ --version | head -n 1

$(FORGE): $(STAMP_PY) $(STAMP_NPM)
	ln -sf "$$(ls -d $(CURDIR)/node_modules/@foundry-rs/forge-*/bin/forge | head -n 1)" $@
	$@ --version | head -n 1

.PHONY: compiler
compiler: $(STAMP_PY) $(STAMP_NPM)
	$(BIN)/python -m zhangdian_sdk.ops.compiler

# --force: ape recompiles only the files whose own text changed, so a contract importing a changed
# interface kept code whose metadata hash names the old import: verify-source could never reproduce it.
$(ARTIFACTS): $(SOLIDITY) ape-config.yaml $(STAMP_PY) $(STAMP_NPM)
	$(BIN)/ape compile --force
	$(BIN)/python -m zhangdian_sdk.ops.build .build/__local__.json

build: setup

# The main job: local chain, deployed suite, demo data, then the citizen portal (Ctrl-C stops the portal).
demo: demo-data
	@echo "下一步 Next: the citizen portal starts at http://127.0.0.1:$(PORTAL_PORT)/ (Ctrl-C stops it); in a second terminal, in this folder:"
	@echo "  .venv/bin/zhangdian application status ZD-2026-110002"
	$(BIN)/zhangdian portal --host 127.0.0.1 --port $(PORTAL_PORT)

demo-data: setup
	$(BIN)/python -m zhangdian_sdk.ops.demo

test: setup
	$(BIN)/ape test tests -p no:cacheprovider

test-contracts: setup
	$(BIN)/ape test tests/ape

# The forge invariant tests with 50 times the runs of `make test` (foundry.toml's fuzz profile), and
# the hypothesis property tests with 10 times their examples (tests/depth.py).
fuzz: setup
	FOUNDRY_PROFILE=fuzz ZHANGDIAN_TEST_DEPTH=10 $(BIN)/ape test tests/forge tests/ape/test_ledger_properties.py \
		tests/ape/test_registry_properties.py tests/ape/test_workflow_model.py tests/sdk/test_adversarial_suite.py \
		-p no:cacheprovider

gas: setup
	$(BIN)/ape test tests/ape --gas --network ethereum:local:foundry

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: setup
	$(BIN)/python benchmarks/run.py

# The scaling table of benchmarks/RESULTS.md: one anvil grown to each size. 10,000 and 100,000 took 20 min
# on the shared 2-core machine; the run prints its estimate for 1,000,000 (anvil 1.7.1's time per block grows
# with its state: the 30M-gas blocks of the timed slice at 1,000,000 are most of it). E.g.
# `make bench-scale SCALE_SIZES=10000,100000` for the first two rows.
SCALE_SIZES ?= 10000,100000,1000000
bench-scale: setup
	$(BIN)/python -m benchmarks.scaling --sizes $(SCALE_SIZES)

chain-down:
	-$(BIN)/zhangdian chain down

clean:
	rm -rf .build contracts/.cache zhangdian_sdk/_data/contracts .pytest_cache .mypy_cache .ruff_cache
