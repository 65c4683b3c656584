# Developer and CI entry points. `make test` is the one command that must pass.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# `--locked`: use uv.lock as is and fail if it no longer matches the pyproject
# files (a stale lock is a real error; it is never silently re-resolved here).
UV_RUN := uv run --locked
PYTEST_ARGS ?=

.PHONY: help install lint fmt test run asyncapi openapi reliability bench

help:
	@echo "make install | lint | fmt | test [PYTEST_ARGS=...] | run | asyncapi | openapi | reliability | bench"
	@echo "containers: make up | down | logs | compose-backup | images [IMAGE_TAG=...] | k8s-render"

install:
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@# Bytecode compiled once at install: every service process and test imports faster.
	uv sync --all-packages --locked --compile-bytecode

# The production code the copy detector reads: services, libraries and contracts, without
# tests, migrations or test support (libs/testkit).
COPY_CHECKED := $(shell find services libs contracts -name '*.py' -not -path '*/tests/*' \
  -not -path '*/migrations/*' -not -path '*/delivery_migrations/*' -not -path 'libs/testkit/*' \
  -not -path '*/.venv/*' | sort)

lint:
	$(UV_RUN) ruff check .
	$(UV_RUN) lint-imports
	@echo "copy detector: pylint duplicate-code over $(words $(COPY_CHECKED)) modules"
	@$(UV_RUN) pylint $(COPY_CHECKED)

fmt:
	$(UV_RUN) ruff check --fix .

test: install
	@$(MAKE) lint
	$(UV_RUN) pytest $(PYTEST_ARGS) || { rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests: failing" >&2; fi; \
	  exit $$rc; }

# Quiet until devstack speaks: its first line says which bus is used (README, `make run`).
run:
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@uv sync --all-packages --locked --compile-bytecode --quiet
	@$(UV_RUN) --quiet python -m devstack

asyncapi:
	$(UV_RUN) python -m contracts.asyncapi --write

# The services' OpenAPI documents, docs/openapi/<service>.json (after any route change).
openapi:
	$(UV_RUN) python -m devstack.openapi --write

# The long fault and security suites (docs/RELIABILITY.md): prints both ledgers, rewrites the page.
RELIABILITY_DIR := build/reliability
FAULT_OPERATIONS ?= 2000
SECURITY_FUZZ_EXAMPLES ?= 60
# The fault suite runs on the test cluster (three RabbitMQ nodes, a PostgreSQL primary and
# its standby): started here if it is not up (as root), and left running for the next run.
CLUSTER := PYTHONPATH=libs/testkit python3 -m testkit.cluster
reliability: install
	@mkdir -p $(RELIABILITY_DIR)
	@rm -f $(RELIABILITY_DIR)/*.json
	@$(CLUSTER) up
	@started=$$(date +%s); \
	export $$($(CLUSTER) env); \
	FAULT_OPERATIONS=$(FAULT_OPERATIONS) SECURITY_FUZZ_EXAMPLES=$(SECURITY_FUZZ_EXAMPLES) \
	RELIABILITY_REPORT=$(RELIABILITY_DIR)/faults.json SECURITY_REPORT=$(RELIABILITY_DIR)/security.json \
	  $(UV_RUN) pytest tests/faults tests/security $(PYTEST_ARGS) && status=0 || status=$$?; \
	$(UV_RUN) python tests/faults/render_reliability.py $(RELIABILITY_DIR)/faults.json \
	  $(RELIABILITY_DIR)/security.json $$(( $$(date +%s) - started )) docs/RELIABILITY.md; \
	exit $$status

# The benchmark (docs/PERFORMANCE.md): prints the table, rewrites the page and its plot.
BENCH_ARGS ?=
bench: install
	$(UV_RUN) python -m bench $(BENCH_ARGS)

# --- Containers (deploy/; see README "Containers" and docs/OPERATIONS.md) -------------------
COMPOSE := docker compose -f deploy/compose.yaml
BACKUP_DIR ?= deploy/backups
SERVICES := accounts enrollment incompany billing notifications
IMAGES := $(SERVICES) portal
IMAGE_TAG ?= dev
.PHONY: up down logs compose-backup k8s-render images

images: $(addprefix image-,$(IMAGES)) ## the six images (five services, the portal), tagged training-platform/<name>:$(IMAGE_TAG)

image-%: ## one service's image: the one Dockerfile, with the service as its build argument
	docker build -f deploy/docker/service.Dockerfile --build-arg SERVICE=$* \
	  -t training-platform/$*:$(IMAGE_TAG) .

up: ## the whole platform in containers: secrets once (deploy/.env), build, start
	$(UV_RUN) python deploy/compose_env.py
	$(COMPOSE) up --build --detach
	@echo "gateway http://localhost:$${GATEWAY_PORT:-8080}/  RabbitMQ http://localhost:15672  Mailpit http://localhost:8025"

down: ## stop the containers (the volumes, so the data, are kept)
	$(COMPOSE) down

logs:
	$(COMPOSE) logs --follow --tail=100

compose-backup: ## pg_dump of each service's database into $(BACKUP_DIR)
	@mkdir -p $(BACKUP_DIR)
	@for db in $(SERVICES); do \
	  file="$(BACKUP_DIR)/$$db-$$(date -u +%Y%m%dT%H%M%SZ).dump"; \
	  $(COMPOSE) exec -T postgres pg_dump -U postgres --format=custom "$$db" > "$$file"; \
	  echo "$$file"; \
	done

k8s-render: ## what `kubectl apply -k` would send, for the base (overlays need their secrets/)
	$(UV_RUN) kubectl kustomize deploy/k8s/base
