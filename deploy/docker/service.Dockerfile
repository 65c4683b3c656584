# syntax=docker/dockerfile:1.7
# The image of one service, named by a build argument. Build from the repository root:
#   docker build -f deploy/docker/service.Dockerfile --build-arg SERVICE=accounts \
#     -t training-platform/accounts .
# Installs that service, contracts and the chassis from uv.lock, and nothing else.
# Run: `serve` (the default), `migrate` (once per release, as a Job or a compose
# one-shot), or an operator command: `dead-letters list`, `outbox`, ... The portal
# (SERVICE=portal: the web pages, no database) has `serve` and `session-key`.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG UV_IMAGE=ghcr.io/astral-sh/uv:0.13

FROM ${UV_IMAGE} AS uv

FROM ${PYTHON_IMAGE} AS build
COPY --from=uv /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11
WORKDIR /app
# The workspace's manifests and its lock: uv checks the lock against every
# member's manifest, then installs one package's locked dependencies only.
# (libs/testkit is a development-only member: its manifest, never its code.)
COPY pyproject.toml uv.lock ./
COPY contracts/pyproject.toml contracts/
COPY libs/chassis/pyproject.toml libs/chassis/
COPY libs/testkit/pyproject.toml libs/testkit/
COPY services/accounts/pyproject.toml services/accounts/
COPY services/enrollment/pyproject.toml services/enrollment/
COPY services/incompany/pyproject.toml services/incompany/
COPY services/billing/pyproject.toml services/billing/
COPY services/notifications/pyproject.toml services/notifications/
COPY services/portal/pyproject.toml services/portal/
COPY deploy/devstack/pyproject.toml deploy/devstack/
# Declared here, after the layers every service shares: a RUN after it is per service.
ARG SERVICE
# Third-party dependencies first: this layer is reused until uv.lock changes.
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-dev --package "$SERVICE" --no-install-workspace
# Then the code: the contracts, the chassis and this one service, installed as
# wheels (not editable), so the runtime image needs only the virtual environment.
COPY contracts/ contracts/
COPY libs/chassis/ libs/chassis/
COPY services/${SERVICE}/ services/${SERVICE}/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-dev --package "$SERVICE" --no-editable

FROM ${PYTHON_IMAGE} AS runtime
ARG SERVICE
# A fixed numeric user: Kubernetes' runAsNonRoot can check it.
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin app
COPY --from=build /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8000 \
    DATA_DIR=/tmp/data \
    LOG_FORMAT=json \
    SERVICE=${SERVICE}
WORKDIR /app
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-m", "chassis.healthcheck"]
# `python -m $SERVICE <command>`: an exec-form ENTRYPOINT expands no variable, so a
# shell does it and `exec`s python, which stays PID 1 and receives the stop signal.
ENTRYPOINT ["/bin/sh", "-c", "exec python -m \"$SERVICE\" \"$@\"", "entrypoint"]
CMD ["serve"]
