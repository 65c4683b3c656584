# Developer and CI entry points. `make test` is the one command that must pass.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# `--locked`: use uv.lock as is and fail if it no longer matches the pyproject
# files (a stale lock is a real error; it is never silently re-resolved here).
UV_RUN := uv run --locked
PYTEST_ARGS ?=

.PHONY: help install lint fmt test run asyncapi

help:
	@echo "make install | lint | fmt | test [PYTEST_ARGS=...] | run | asyncapi"

install:
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@# Bytecode compiled once at install: every service process and test imports faster.
	uv sync --all-packages --locked --compile-bytecode

lint:
	$(UV_RUN) ruff check .
	$(UV_RUN) lint-imports

fmt:
	$(UV_RUN) ruff check --fix .

test: install
	@$(MAKE) lint
	$(UV_RUN) pytest $(PYTEST_ARGS) || { rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests: failing" >&2; fi; \
	  exit $$rc; }

run: install
	$(UV_RUN) python -m devstack

asyncapi:
	$(UV_RUN) python -m contracts.asyncapi --write
