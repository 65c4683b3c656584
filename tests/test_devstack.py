"""`make run`: every service's health and docs answer under the one gateway address, and the
portal's pages at `/`."""

from __future__ import annotations

import httpx
import pytest

from devstack.__main__ import SERVICES, build_gateway
from testkit.services import reset_queues, wait_until


async def walk_the_gateway(gateway) -> None:
    async with gateway.router.lifespan_context(gateway):
        transport = httpx.ASGITransport(app=gateway)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            for definition in SERVICES:
                prefix = f"/{definition.name}"

                async def ready(prefix: str = prefix) -> bool:
                    return (await client.get(f"{prefix}/health/ready")).status_code == 200

                await wait_until(ready, message=f"{prefix}/health/ready")
                docs = await client.get(f"{prefix}/docs")
                assert docs.status_code == 200
                assert f"{prefix}/openapi.json" in docs.text
                assert (await client.get(f"{prefix}/openapi.json")).status_code == 200
            index = (await client.get("/api")).json()
            assert sorted(index["services"]) == sorted(d.name for d in SERVICES)
            login = await client.get("/login", headers={"Accept-Language": "fr"})
            assert login.status_code == 200
            assert "<h1>Connexion</h1>" in login.text
            assert login.headers["content-security-policy"].startswith("default-src 'self'")

            person = {
                "email": "dev@example.be",
                "password": "correct horse battery",
                "full_name": "Dev",
            }
            assert (await client.post("/accounts/register", json=person)).status_code == 201
            login = await client.post("/accounts/token", json=person)
            headers = {"Authorization": f"Bearer {login.json()['access_token']}"}

            async def welcomed() -> bool:
                listed = await client.get("/notifications/messages", headers=headers)
                return [m["template"] for m in listed.json()["items"]] == ["welcome"]

            await wait_until(welcomed, message="the welcome through the gateway")


async def test_without_rabbitmq_the_platform_runs_on_the_in_process_bus(tmp_path):
    gateway = build_gateway("amqp://guest:guest@127.0.0.1:1/", use_broker=False, data_dir=tmp_path)
    await walk_the_gateway(gateway)


@pytest.mark.broker
async def test_with_rabbitmq_the_platform_runs_on_the_broker(tmp_path, rabbitmq_url):
    await reset_queues(rabbitmq_url)
    gateway = build_gateway(rabbitmq_url, use_broker=True, data_dir=tmp_path)
    await walk_the_gateway(gateway)
