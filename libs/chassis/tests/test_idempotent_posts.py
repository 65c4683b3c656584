"""Retrying a POST with its Idempotency-Key: the first answer again, one thing created."""

from __future__ import annotations

import asyncio
from uuid import uuid4

import asyncpg
import httpx
import pytest
from fastapi import APIRouter, Response
from pydantic import BaseModel
from sqlalchemy import Column, MetaData, String, Table, Uuid, func, insert, select
from yarl import URL

from chassis.api import UnitOfWorkDep
from chassis.inprocess import InProcessBus
from chassis.refusals import Invalid
from chassis.service import ServiceDefinition, create_app, delivery_tables
from chassis.settings import ServiceSettings

metadata = MetaData()
things = Table("things", metadata, Column("id", Uuid, primary_key=True), Column("name", String))
router = APIRouter()
pause = {"seconds": 0.0}


class ThingIn(BaseModel):
    name: str


@router.post("/things", status_code=201)
async def create_thing(body: ThingIn, uow: UnitOfWorkDep, response: Response) -> dict[str, str]:
    if body.name == "bad":
        raise Invalid("name: not that one", field="name")
    if body.name == "crash":
        raise RuntimeError("the handler failed")
    thing_id = uuid4()
    if body.name == "credential":  # an answer holding a secret: never kept (accounts' tokens)
        response.headers["Cache-Control"] = "no-store"
    await uow.session.execute(insert(things).values(id=thing_id, name=body.name))
    await asyncio.sleep(pause["seconds"])  # a slow request, for the concurrent retries
    await uow.commit()
    response.headers["Location"] = f"/things/{thing_id}"
    return {"id": str(thing_id), "name": body.name}


DEFINITION = ServiceDefinition(
    name="tests",
    title="Tests",
    metadata=metadata,
    delivery=delivery_tables(metadata),
    migrations="tests:migrations",
    routers=[router],
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def service(request, tmp_path):
    url = ""
    if request.param == "postgresql":
        admin = request.getfixturevalue("postgres_url")
        name = f"test_{uuid4().hex}"
        connection = await asyncpg.connect(admin)
        await connection.execute(f'CREATE DATABASE "{name}"')
        await connection.close()
        url = str(URL(admin).with_path(f"/{name}"))
    settings = ServiceSettings(service_name="tests", data_dir=tmp_path, database_url=url)
    app = create_app(DEFINITION, settings, bus=InProcessBus())
    runtime = app.state.runtime
    async with runtime.db.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        client.runtime = runtime
        yield client
    await runtime.db.dispose()
    pause["seconds"] = 0.0
    if url:
        connection = await asyncpg.connect(request.getfixturevalue("postgres_url"))
        await connection.execute(f'DROP DATABASE "{URL(url).path[1:]}" WITH (FORCE)')
        await connection.close()


async def count(client) -> int:
    async with client.runtime.db.sessions() as session:
        return await session.scalar(select(func.count()).select_from(things))


async def test_a_retry_with_the_same_key_gives_the_first_answer_and_creates_nothing(service):
    key = {"Idempotency-Key": "order-7f3a"}
    first = await service.post("/things", json={"name": "chair"}, headers=key)
    again = await service.post("/things", json={"name": "chair"}, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert await count(service) == 1


async def test_without_a_key_every_post_creates(service):
    for _ in range(2):
        assert (await service.post("/things", json={"name": "chair"})).status_code == 201
    assert await count(service) == 2


async def test_the_same_key_with_another_body_is_refused(service):
    key = {"Idempotency-Key": "order-1"}
    await service.post("/things", json={"name": "chair"}, headers=key)
    other = await service.post("/things", json={"name": "table"}, headers=key)
    assert (other.status_code, other.json()["code"]) == (422, "idempotency_key_reused")
    assert await count(service) == 1


async def test_concurrent_retries_create_one_thing(service):
    pause["seconds"] = 0.3
    key = {"Idempotency-Key": "order-concurrent"}
    answers = await asyncio.gather(
        *(service.post("/things", json={"name": "chair"}, headers=key) for _ in range(5))
    )
    ran = [a for a in answers if a.status_code == 201 and "idempotent-replayed" not in a.headers]
    assert len(ran) == 1
    for other in answers:
        if other.status_code == 201:  # came after the first was done: its answer again
            assert other.json() == ran[0].json()
        else:  # came while the first was running
            assert other.status_code == 409
            assert other.json()["code"] == "idempotency_key_in_use"
            assert other.headers["retry-after"] == "1"
    assert await count(service) == 1
    later = await service.post("/things", json={"name": "chair"}, headers=key)
    assert (later.status_code, later.headers["idempotent-replayed"]) == (201, "true")


async def test_a_refusal_is_replayed_too_but_a_server_error_frees_the_key(service):
    key = {"Idempotency-Key": "order-bad"}
    refused = await service.post("/things", json={"name": "bad"}, headers=key)
    replayed = await service.post("/things", json={"name": "bad"}, headers=key)
    assert refused.status_code == replayed.status_code == 422
    assert replayed.headers["idempotent-replayed"] == "true"
    crash = {"Idempotency-Key": "order-crash"}
    assert (await service.post("/things", json={"name": "crash"}, headers=crash)).status_code == 500
    retried = await service.post("/things", json={"name": "crash"}, headers=crash)
    assert "idempotent-replayed" not in retried.headers  # ran again: nothing had committed


async def test_a_malformed_key_is_refused(service):
    answer = await service.post(
        "/things", json={"name": "chair"}, headers={"Idempotency-Key": "x" * 256}
    )
    assert (answer.status_code, answer.json()["code"]) == (400, "invalid_idempotency_key")
    assert await count(service) == 0


async def test_an_answer_marked_no_store_is_never_kept_and_a_retry_runs_again(service):
    key = {"Idempotency-Key": "login-1"}
    first = await service.post("/things", json={"name": "credential"}, headers=key)
    again = await service.post("/things", json={"name": "credential"}, headers=key)
    assert first.status_code == again.status_code == 201
    assert "idempotent-replayed" not in again.headers
    assert first.json()["id"] != again.json()["id"]
    table = service.runtime.delivery.idempotency
    async with service.runtime.db.sessions() as session:
        assert (await session.execute(select(table))).all() == []
