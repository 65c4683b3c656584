"""Running a service inside a test: migrated database, real broker, HTTP client.

Shipped with the chassis (like FastStream's own testing module) so that every
service's tests and the cross-service tests start services the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import aio_pika
import httpx
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from yarl import URL

from chassis.clock import Clock
from chassis.inprocess import InProcessBus
from chassis.migrations import upgrade
from chassis.service import Runtime, ServiceDefinition, create_app
from chassis.settings import ServiceSettings
from chassis.tokens import ALGORITHM
from contracts import QUEUES, ConsumerQueue
from contracts.identity import Role


@dataclass
class RunningService:
    app: FastAPI
    runtime: Runtime
    client: httpx.AsyncClient


@contextlib.asynccontextmanager
async def running_service(
    definition: ServiceDefinition,
    settings: ServiceSettings,
    *,
    clock: Clock | None = None,
    bus: InProcessBus | None = None,
) -> AsyncIterator[RunningService]:
    """Migrate the service's database, start its lifespan, and give an HTTP client.

    With `bus`, events go through the in-process bus: for tests of a service's
    own rules, which need no broker.
    """
    await asyncio.to_thread(upgrade, definition.migrations, settings.sqlalchemy_url())
    app = create_app(definition, settings, clock=clock, bus=bus)
    runtime: Runtime = app.state.runtime
    await runtime.start()
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield RunningService(app, runtime, client)
    finally:
        await runtime.stop()


async def wait_until(
    condition: Callable[[], Awaitable[bool]],
    *,
    timeout: float = 15.0,
    interval: float = 0.05,
    message: str = "condition",
) -> None:
    """Poll an asynchronous outcome (a delivery) until it holds; fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        if await condition():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        await asyncio.sleep(interval)


async def reset_queues(url: str, queues: tuple[ConsumerQueue, ...] = QUEUES) -> None:
    """Delete consumer queues and their dead-letter queues, so a test starts from empty."""
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        for queue in queues:
            await channel.queue_delete(queue.name)
            await channel.queue_delete(queue.dead_letter_queue)


class TcpProxy:
    """A TCP proxy in front of the broker that a test can cut and restore.

    Cut: every open connection is closed and new ones are dropped on accept,
    which is what a client sees when RabbitMQ goes away.
    """

    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self.open = True
        self.port = 0

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    def url(self, broker_url: str) -> str:
        """`broker_url` with its host and port replaced by the proxy's."""
        return str(URL(broker_url).with_host("127.0.0.1").with_port(self.port))

    def cut(self) -> None:
        self.open = False
        for writer in list(self._writers):
            writer.close()
        self._writers.clear()

    def restore(self) -> None:
        self.open = True

    async def close(self) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.open:
            writer.close()
            return
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self._target)
        except OSError:
            writer.close()
            return
        self._writers.update((writer, upstream_writer))
        await asyncio.gather(
            self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer)
        )

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            self._writers.discard(writer)
            writer.close()


class TokenMinter:
    """Stands in for accounts in a service's own tests: a key pair and signed tokens."""

    def __init__(
        self,
        clock: Clock,
        *,
        audience: str = "training-platform",
        issuer: str = "accounts",
        private_key_pem: str | None = None,
    ) -> None:
        """A new key pair, or the one of `private_key_pem` (services started with its
        public key then accept the tokens)."""
        if private_key_pem is None:
            self._key = Ed25519PrivateKey.generate()
        else:
            key = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
            if not isinstance(key, Ed25519PrivateKey):
                raise TypeError("tokens are signed with Ed25519: give an Ed25519 private key")
            self._key = key
        self.public_key_pem = (
            self._key.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode()
        )
        self._clock = clock
        self._audience = audience
        self._issuer = issuer

    def token(
        self,
        *roles: Role,
        user_id: UUID | None = None,
        company_id: UUID | None = None,
        email: str = "someone@example.be",
        lifetime: timedelta = timedelta(minutes=15),
    ) -> str:
        now = self._clock.now()
        claims = {
            "iss": self._issuer,
            "aud": self._audience,
            "sub": str(user_id or uuid4()),
            "sid": str(uuid4()),
            "email": email,
            "roles": [r.value for r in roles],
            "company_id": str(company_id) if company_id else None,
            "iat": int(now.timestamp()),
            "exp": int((now + lifetime).timestamp()),
        }
        return jwt.encode(claims, self._key, algorithm=ALGORITHM)

    def headers(self, *roles: Role, **kwargs: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(*roles, **kwargs)}"}
