"""The portal's calls when the gateway drops a kept-alive connection as a request goes out.

A server closes an idle keep-alive connection after its own timeout (uvicorn 5 s,
nginx 75 s); a request sent on it at that moment is never answered. The portal keeps
idle connections for less than that, and a request safe to repeat (a read, or a POST
carrying its Idempotency-Key, which the API answers once) is sent once more on a new
connection instead of showing the reader "try again". A POST without a key is not
repeated: it may have been done.

The gateway here is a real TCP server that answers the first request of every
connection and closes the connection on the second without answering.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio

from portal.adapters.api import Api, Tokens, Unavailable


class DroppingGateway:
    """Answers 200 with `{}` to the first request of each connection; drops the second."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.server: asyncio.Server | None = None

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        served = 0
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                sizes = [line.split(":", 1)[1] for line in lines if ":" in line]
                named = [line.split(":", 1)[0].lower() for line in lines if ":" in line]
                length = int(dict(zip(named, sizes, strict=True)).get("content-length", 0))
                if length:
                    await reader.readexactly(length)
                self.requests.append(lines[0])
                if served:
                    break  # the keep-alive timeout fired as this request arrived
                served += 1
                body = json.dumps({}).encode()
                writer.write(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                    + f"content-length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"


@pytest_asyncio.fixture
async def gateway() -> AsyncIterator[DroppingGateway]:
    found = DroppingGateway()
    found.server = await asyncio.start_server(found._connection, "127.0.0.1", 0)
    async with found.server:
        yield found


async def test_a_read_on_a_dropped_connection_is_sent_again_on_a_new_one(gateway) -> None:
    async with httpx.AsyncClient(base_url=gateway.url) as client:
        api = Api(client, Tokens(access="token"), "fr")
        assert await api.my_participation("p-1") == {}
        assert await api.my_participation("p-1") == {}  # dropped, then answered anew
    paths = [line.split()[1] for line in gateway.requests]
    assert paths == ["/incompany/me/participations/p-1"] * 3


async def test_a_post_with_its_idempotency_key_is_sent_again(gateway) -> None:
    async with httpx.AsyncClient(base_url=gateway.url) as client:
        api = Api(client, Tokens(access="token"), "fr")
        await api.my_participation("p-1")
        await api.validate_booking("b-1", "key-1")
    assert [line.split()[0] for line in gateway.requests] == ["GET", "POST", "POST"]


async def test_a_post_without_a_key_is_not_repeated(gateway) -> None:
    async with httpx.AsyncClient(base_url=gateway.url) as client:
        api = Api(client, Tokens(), "fr")
        await api.my_participation("p-1")
        with pytest.raises(Unavailable):
            await api.log_in("someone@example.com", "secret")
    assert [line.split()[0] for line in gateway.requests] == ["GET", "POST"]
