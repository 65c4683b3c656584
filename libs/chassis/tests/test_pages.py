"""Lists in pages: every item once, in order, however the client walks; bad cursors refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import FastAPI, Request, Response
from sqlalchemy import Column, DateTime, MetaData, Table, Uuid, insert, select

from chassis import problems
from chassis.api import PageRequestDep, page_answer
from chassis.db import Database
from chassis.pages import Page, PageRequest, cut, decode_cursor, encode_cursor, keyset
from chassis.refusals import Invalid

metadata = MetaData()
things = Table(
    "things",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
START = datetime(2027, 1, 4, 9, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path):
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'pages.sqlite3'}")
    async with database.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
        # 25 things, some created at the same instant: the id breaks the tie.
        await connection.execute(
            insert(things),
            [{"id": uuid4(), "created_at": START + timedelta(minutes=n // 3)} for n in range(25)],
        )
    yield database
    await database.dispose()


async def read_page(db: Database, page: PageRequest, descending: bool = False):
    order = [things.c.created_at, things.c.id]
    async with db.sessions() as session:
        statement = keyset(select(things), order, page, descending=descending)
        rows = (await session.execute(statement)).all()
    return cut(rows, page, key=lambda row: (row.created_at, row.id))


@pytest.mark.parametrize("descending", [False, True])
async def test_walking_the_pages_gives_every_item_once_in_order(db, descending):
    seen: list[tuple[datetime, UUID]] = []
    cursor = None
    pages = 0
    while True:
        items, cursor = await read_page(db, PageRequest(limit=7, cursor=cursor), descending)
        seen.extend((row.created_at, row.id) for row in items)
        pages += 1
        if cursor is None:
            break
    assert pages == 4
    assert len(seen) == len(set(seen)) == 25
    assert seen == sorted(seen, reverse=descending)


async def test_a_page_that_ends_the_list_has_no_next_cursor(db):
    items, cursor = await read_page(db, PageRequest(limit=25))
    assert (len(items), cursor) == (25, None)


@pytest.mark.parametrize("bad", ["nonsense", "W10", encode_cursor(["x"])[:-2] + "!!", "e30"])
def test_a_cursor_not_made_here_is_refused(bad):
    with pytest.raises(Invalid) as refused:
        decode_cursor(bad)
    assert refused.value.code == "invalid_cursor"


def test_a_cursor_holds_its_values_with_their_types():
    values = (START, uuid4(), 7, "x")
    assert decode_cursor(encode_cursor(values)) == values


async def test_the_answer_links_the_next_page_keeping_the_filters():
    app = FastAPI()
    problems.install(app, "tests")

    @app.get("/things")
    async def listing(request: Request, response: Response, page: PageRequestDep) -> Page[int]:
        return page_answer(request, response, [1, 2], encode_cursor([2]))

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        answer = await client.get("/things", params={"status": "pending", "limit": 2})
        body = answer.json()
        assert body["items"] == [1, 2]
        assert body["next"] == f"/things?status=pending&limit=2&cursor={body['next_cursor']}"
        assert answer.headers["link"] == f'<{body["next"]}>; rel="next"'
        too_many = await client.get("/things", params={"limit": 201})
        assert (too_many.status_code, too_many.json()["errors"][0]["field"]) == (
            422,
            "query.limit",
        )
