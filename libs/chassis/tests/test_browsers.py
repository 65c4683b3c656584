"""What a browser gets from every service: security headers, and CORS from an allow-list only."""

from __future__ import annotations

import httpx
import pytest
from fastapi import APIRouter
from sqlalchemy import MetaData

from chassis.inprocess import InProcessBus
from chassis.service import ServiceDefinition, create_app, delivery_tables
from chassis.settings import ServiceSettings, load_settings

router = APIRouter()


@router.get("/things")
async def things() -> list[str]:
    return []


metadata = MetaData()
DEFINITION = ServiceDefinition(
    name="tests",
    title="Tests",
    metadata=metadata,
    delivery=delivery_tables(metadata),
    migrations="tests:migrations",
    routers=[router],
)
ALLOWED = "https://app.example.be"


def client_of(settings: ServiceSettings) -> httpx.AsyncClient:
    app = create_app(DEFINITION, settings, bus=InProcessBus())
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


@pytest.fixture
async def client(tmp_path):
    settings = ServiceSettings(
        service_name="tests", data_dir=tmp_path, cors_allowed_origins=(ALLOWED,)
    )
    async with client_of(settings) as client:
        yield client


async def test_every_answer_carries_the_security_headers(client):
    for answer in (await client.get("/things"), await client.get("/nowhere")):
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert answer.headers["strict-transport-security"].startswith("max-age=")
        assert "default-src 'none'" in answer.headers["content-security-policy"]
        assert answer.headers["cache-control"] == "no-store"


async def test_the_docs_page_may_load_its_scripts_and_nothing_else(client):
    answer = await client.get("/docs")
    assert answer.status_code == 200
    assert "script-src 'self' 'unsafe-inline'" in answer.headers["content-security-policy"]


PREFLIGHT = {
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization, idempotency-key, content-type",
}


async def test_a_preflight_from_an_allowed_origin_is_answered(client):
    answer = await client.options("/things", headers={"Origin": ALLOWED, **PREFLIGHT})
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == ALLOWED
    assert answer.headers["access-control-allow-credentials"] == "true"
    assert "idempotency-key" in answer.headers["access-control-allow-headers"].lower()
    simple = await client.get("/things", headers={"Origin": ALLOWED})
    assert "etag" in simple.headers["access-control-expose-headers"].lower()


async def test_any_other_origin_is_refused_and_none_is_allowed_by_default(client, tmp_path):
    evil = {"Origin": "https://evil.example", **PREFLIGHT}
    stranger = await client.options("/things", headers=evil)
    assert stranger.status_code == 400
    assert "access-control-allow-origin" not in stranger.headers
    async with client_of(ServiceSettings(service_name="tests", data_dir=tmp_path)) as default:
        refused = await default.options("/things", headers={"Origin": ALLOWED, **PREFLIGHT})
        assert refused.status_code == 400


def test_origins_are_read_from_a_comma_separated_setting():
    env = {"TESTS_CORS_ALLOWED_ORIGINS": "https://a.example, https://b.example/"}
    settings = load_settings(ServiceSettings, "tests", env)
    assert settings.cors_allowed_origins == ("https://a.example", "https://b.example")
