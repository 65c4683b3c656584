"""A TCP proxy a test can cut: a database or broker that goes away and comes back."""

from __future__ import annotations

import asyncio

from yarl import URL


class TcpProxy:
    """A TCP proxy in front of the broker that a test can cut and restore.

    Cut: every open connection is closed and new ones are dropped on accept,
    which is what a client sees when RabbitMQ goes away. Blackhole: nothing is
    forwarded any more and nothing is closed, as when packets are dropped on the
    way (a peer gone without a FIN, a firewall): the client hears nothing at all.
    """

    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self.open = True
        self.forwarding = True
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

    def blackhole(self) -> None:
        self.forwarding = False

    def restore(self) -> None:
        self.open = True
        self.forwarding = True

    async def stop(self) -> None:
        await self.close()

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
                if not self.forwarding:
                    continue  # dropped on the way
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            self._writers.discard(writer)
            writer.close()
