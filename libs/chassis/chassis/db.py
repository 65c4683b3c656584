"""The service's own database: engine, sessions, and the column types all services share.

SQLite (aiosqlite) for development, PostgreSQL (asyncpg) in production; the
code is the same, and the delivery tests run on PostgreSQL.
"""

from __future__ import annotations

import errno
import socket
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Integer, event, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.types import TypeDecorator

BigIntId = BigInteger().with_variant(Integer(), "sqlite")
"""A 64-bit key that SQLite also auto-increments (it only does so for INTEGER)."""


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware instant, stored in UTC, returned aware on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are refused: store instants in UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 10)
    kwargs.setdefault("pool_recycle", RECYCLE_SECONDS)
    kwargs.setdefault("connect_args", postgres_session_limits())
    engine = create_async_engine(url, **kwargs)
    ping_when_idle(engine, IDLE_PING_SECONDS)
    return engine


def postgres_session_limits(
    *, statement_timeout: float = 30.0, lock_timeout: float = 10.0
) -> dict[str, Any]:
    """asyncpg's connect arguments that keep a stuck statement, a held lock or a dead peer
    from holding a connection (and the relay's row locks) forever.

    Server side, per session: `statement_timeout` and `lock_timeout` (the statement fails
    with an error, the transaction rolls back, the request answers 503 or the delivery is
    retried); `idle_in_transaction_session_timeout` (a client that stopped mid-transaction
    loses its locks); TCP keepalives from the server (a client gone without a FIN is
    noticed in about 30 s). Client side, `command_timeout`: a statement with no answer at
    all, as on a blackholed connection, fails a few seconds after the server would have
    cancelled it.
    """
    idle_in_transaction = max(60.0, statement_timeout * 2)
    return {
        "command_timeout": statement_timeout + 5,
        "server_settings": {
            "statement_timeout": str(int(statement_timeout * 1000)),
            "lock_timeout": str(int(lock_timeout * 1000)),
            "idle_in_transaction_session_timeout": str(int(idle_in_transaction * 1000)),
            "tcp_keepalives_idle": "15",
            "tcp_keepalives_interval": "5",
            "tcp_keepalives_count": "3",
        },
    }


RECYCLE_SECONDS = 1800
"""A pooled connection is replaced after half an hour, whatever happened to it."""
IDLE_PING_SECONDS = 10.0
"""A connection that sat in the pool longer than this is pinged before it is handed out."""


def ping_when_idle(engine: AsyncEngine, idle_seconds: float) -> None:
    """Ping a pooled connection on checkout only if it sat idle more than `idle_seconds`.

    SQLAlchemy's `pool_pre_ping` pings on every checkout: BEGIN, a statement and
    ROLLBACK with asyncpg, three round trips before each request's or delivery's
    own work, a tenth of a consumer's CPU. A connection in steady use needs no
    ping: should the database go away, the first statement on it fails with an
    error `database_unavailable` recognises (the request is answered 503, the
    delivery is held and retried), and SQLAlchemy then invalidates every
    connection of the pool, so the next checkout connects afresh. A connection
    that sat idle, across a quiet night's database restart, is pinged as before,
    so the first request after the quiet does not fail; a failed ping makes the
    pool replace it and every connection as old as it (`InvalidatePoolError`).
    """

    @event.listens_for(engine.sync_engine, "checkin")
    def _checked_in(_: Any, record: Any) -> None:
        record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, __: Any) -> None:
        idle_since = record.info.get("checked_in_at")
        if idle_since is None or time.monotonic() - idle_since <= idle_seconds:
            return  # brand new, or in steady use
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise sa_exc.InvalidatePoolError(f"idle connection lost: {error!r}") from error


class Database:
    def __init__(self, url: str, **engine_options: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_options)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> AsyncSession:
        return self.sessions()

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


# SQLSTATEs that say the database cannot be reached or cannot take us now: class 08
# (connection exception), 53300 (too many connections), 57P01-57P03 (shutdown, crash
# shutdown, cannot connect now).
_UNAVAILABLE_STATES = ("08", "53300", "57P01", "57P02", "57P03")
_UNREACHABLE_ERRNOS = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EHOSTDOWN, errno.ENETDOWN}


# SQLSTATEs of a wait the session's own limits ended (`postgres_session_limits`): 55P03
# (lock_not_available: lock_timeout), 57014 (query_canceled: statement_timeout), and
# 40P01 (deadlock_detected). The database is there, but another session held what this one
# needed, a frozen or slow one: the same work tried again a little later succeeds.
_BUSY_STATES = ("55P03", "57014", "40P01")


def database_busy(error: BaseException) -> bool:
    """Whether `error` is a lock, statement or deadlock wait ended by the database: transient,
    as `database_unavailable` (503 with Retry-After; a delivery held and tried again)."""
    return any(state in _BUSY_STATES for state in _sqlstates(error))


def _sqlstates(error: BaseException) -> list[str]:
    """The SQLSTATEs along `error`'s wrapping and chained causes."""
    seen: set[int] = set()
    states: list[str] = []
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        state = str(getattr(current, "sqlstate", "") or getattr(current, "pgcode", "") or "")
        if state:
            states.append(state)
        pending += [current.__cause__, current.__context__, getattr(current, "orig", None)]
    return states


def database_unavailable(error: BaseException) -> bool:
    """Whether `error` means the database is out of reach, not that the request is wrong.

    Such errors are transient: an HTTP request is answered 503 (retry later) and a
    consumer holds its message and tries again, without spending its delivery
    limit. Looks through SQLAlchemy's wrapping and the chained causes.
    """
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, sa_exc.DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(
            current, (ConnectionError, TimeoutError, socket.gaierror, sa_exc.TimeoutError)
        ):
            return True  # refused, reset, broken; a connect or pool timeout; no such host
        if isinstance(current, OSError) and current.errno in _UNREACHABLE_ERRNOS:
            return True
        state = str(getattr(current, "sqlstate", "") or getattr(current, "pgcode", "") or "")
        if state.startswith(_UNAVAILABLE_STATES):
            return True
        name = type(current).__name__
        if name in {"ConnectionDoesNotExistError", "InterfaceError"} and "closed" in str(current):
            return True  # asyncpg: "connection is closed", "connection was closed in the middle"
        if name == "TargetServerAttributeNotMatched":
            return True  # asyncpg, several hosts: none takes writes now (a promotion under way)
        pending += [current.__cause__, current.__context__, getattr(current, "orig", None)]
    return False
