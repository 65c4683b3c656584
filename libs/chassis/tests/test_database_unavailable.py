"""Which errors mean "the database is out of reach" (503, message held) and which do not."""

from __future__ import annotations

import errno

import pytest
from asyncpg.exceptions import TargetServerAttributeNotMatched
from sqlalchemy import exc

from chassis.db import database_unavailable


class PgError(Exception):
    """Stands for a driver error carrying a SQLSTATE, as asyncpg's do."""

    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"SQLSTATE {sqlstate}")
        self.sqlstate = sqlstate


def wrapped(original: BaseException, *, invalidated: bool = False) -> exc.DBAPIError:
    return exc.DBAPIError("SELECT 1", None, original, connection_invalidated=invalidated)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(errno.ECONNREFUSED, "Connect call failed"),
        ConnectionResetError(errno.ECONNRESET, "Connection reset by peer"),
        ConnectionError("unexpected connection_lost() call"),
        TimeoutError(),
        OSError(errno.EHOSTUNREACH, "No route to host"),
        exc.TimeoutError("QueuePool limit of size 4 overflow 4 reached"),
        wrapped(PgError("08006")),  # connection failure
        wrapped(PgError("57P01")),  # terminating connection due to administrator command
        wrapped(PgError("57P03")),  # the database system is starting up
        wrapped(PgError("53300")),  # too many connections
        wrapped(ValueError("anything"), invalidated=True),
        # several hosts, none of them the primary yet: a standby being promoted
        TargetServerAttributeNotMatched("None of the hosts match 'read-write'"),
    ],
    ids=repr,
)
def test_an_unreachable_database_is_recognised(error):
    assert database_unavailable(error)


def test_a_cause_deep_in_the_chain_is_found():
    outer = RuntimeError("while handling the request")
    outer.__cause__ = wrapped(ConnectionResetError(errno.ECONNRESET, "reset"))
    assert database_unavailable(outer)


@pytest.mark.parametrize(
    "error",
    [
        wrapped(PgError("23505")),  # unique violation: the request's fault or a race
        wrapped(PgError("22021")),  # bad character: 422
        wrapped(PgError("40001")),  # serialization failure: retried as a handler failure
        ValueError("a bug"),
        OSError(errno.ENOSPC, "No space left on device"),
        KeyError("x"),
    ],
    ids=repr,
)
def test_other_errors_are_not_an_outage(error):
    assert not database_unavailable(error)
