"""`make run`: every service's health and docs answer under the one gateway address, and the
portal's pages at `/`."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from accounts.handlers.staff import create_first_admin
from devstack.__main__ import SERVICES, build_gateway, wants_test_clocks
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


def test_make_run_enables_test_clocks_unless_told_not_to():
    assert wants_test_clocks({})
    assert wants_test_clocks({"TEST_CLOCKS_ENABLED": "true"})
    assert not wants_test_clocks({"TEST_CLOCKS_ENABLED": "false"})


async def test_on_the_in_process_bus_a_test_clock_move_reaches_all_five_services(tmp_path):
    gateway = build_gateway("amqp://guest:guest@127.0.0.1:1/", use_broker=False, data_dir=tmp_path)
    runtimes = {
        route.path.strip("/"): route.app.state.runtime
        for route in gateway.routes
        if hasattr(getattr(route, "app", None), "state") and route.path != ""
    }
    assert sorted(runtimes) == sorted(d.name for d in SERVICES)
    async with gateway.router.lifespan_context(gateway):
        transport = httpx.ASGITransport(app=gateway)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            accounts = runtimes["accounts"]
            async with accounts.unit_of_work() as uow:
                _, _, url = await create_first_admin(
                    uow, accounts.settings, email="admin@example.be", full_name="Admin"
                )
            token = url.split("token=")[1]
            password = {"token": token, "password": "correct horse battery"}
            assert (await client.post("/accounts/password/set", json=password)).status_code == 204
            login = await client.post(
                "/accounts/token",
                json={"email": "admin@example.be", "password": "correct horse battery"},
            )
            admin = {"Authorization": f"Bearer {login.json()['access_token']}"}
            moved = await client.put("/accounts/test-clock", json={"by": "P30D"}, headers=admin)
            assert moved.status_code == 200, moved.text

            async def all_moved() -> bool:
                return all(r.test_clock.in_force for r in runtimes.values())

            await wait_until(all_moved, message="the move on every service", timeout=1.0)
            times = [r.clock.now() for r in runtimes.values()]
            assert max(times) - min(times) < timedelta(seconds=1)
            for name in runtimes:
                answer = await client.get(f"/{name}/health/live")
                assert "X-Test-Clock" in answer.headers, name
