"""The delivery core on the real broker, counting messages (issue: foundation, Done when).

(a) broker away at registration: the request succeeds, the welcome follows later;
(b) the same event delivered twice: one welcome;
(c) a handler that always fails: dead-lettered with its reason, the rest flows;
(d) the relay dies after publishing, before marking: one welcome, not two;
(e) a handler that returns without committing: its work rolls back, dead-lettered at once.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import uuid
from datetime import UTC, datetime

import aio_pika
import aiormq
import pytest
import structlog
from sqlalchemy import func, select
from yarl import URL

from accounts.service import DEFINITION as ACCOUNTS
from chassis import consumers
from chassis.consumers import Consumer
from chassis.messaging import RETRIES
from chassis.service import ServiceDefinition
from chassis.unit_of_work import UnitOfWork
from contracts import EXCHANGE, ConsumerQueue, Envelope
from contracts.accounts import UserRegisteredV1
from notifications.adapters.tables import Message, delivery, metadata
from notifications.domain import addressing
from notifications.handlers.recording import record, welcome_new_user
from notifications.service import DEFINITION as NOTIFICATIONS
from testkit.proxy import TcpProxy
from testkit.services import reset_queues, running_service, wait_until

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


def person(n: int) -> dict[str, str]:
    return {
        "email": f"person{n}@example.be",
        "password": "correct horse battery",
        "full_name": f"Person {n}",
    }


async def welcome_count(runtime) -> int:
    async with runtime.db.session() as session:
        return await session.scalar(
            select(func.count()).select_from(Message).where(Message.template == "welcome")
        )


async def pending_outbox(runtime) -> int:
    return (await runtime.relay.backlog()).pending


def registered(n: int, event_id: uuid.UUID | None = None, full_name: str | None = None) -> bytes:
    event = UserRegisteredV1(
        user_id=uuid.uuid4(),
        email=f"direct{n}@example.be",
        full_name=full_name or f"Direct {n}",
        account_kind="individual",
    )
    envelope = Envelope.wrap(
        event,
        producer="tests",
        occurred_at=datetime.now(UTC),
        correlation_id=f"test-{n}",
        event_id=event_id,
    )
    return envelope.model_dump_json().encode()


async def publish_raw(url: str, bodies: list[bytes], routing_key: str) -> None:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(EXCHANGE)
        for body in bodies:
            await exchange.publish(
                aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                routing_key=routing_key,
                mandatory=True,
            )


async def test_a_registration_while_the_broker_is_down_is_welcomed_once_it_is_back(
    rabbitmq_url, fresh_database, settings_for
):
    await reset_queues(rabbitmq_url)
    target = URL(rabbitmq_url)
    proxy = TcpProxy(target.host or "127.0.0.1", target.port or 5672)
    await proxy.start()
    proxy.cut()
    try:
        async with (
            running_service(
                NOTIFICATIONS, settings_for("notifications", await fresh_database())
            ) as notifications,
            running_service(
                ACCOUNTS,
                settings_for(
                    "accounts", await fresh_database(), rabbitmq_url=proxy.url(rabbitmq_url)
                ),
            ) as accounts,
        ):
            answer = await accounts.client.post("/register", json=person(1))
            assert answer.status_code == 201, answer.text
            ready = await accounts.client.get("/health/ready")
            assert ready.status_code == 503
            assert ready.json()["checks"]["broker"] == "unavailable"
            assert await pending_outbox(accounts.runtime) == 1
            assert await welcome_count(notifications.runtime) == 0

            proxy.restore()

            async def first_welcomed() -> bool:
                return await welcome_count(notifications.runtime) == 1

            await wait_until(first_welcomed, message="the welcome after the broker came back")
            assert await pending_outbox(accounts.runtime) == 0

            # An outage after the connection was up: the robust connection recovers.
            proxy.cut()
            answer = await accounts.client.post("/register", json=person(2))
            assert answer.status_code == 201, answer.text
            proxy.restore()

            async def both_welcomed() -> bool:
                return await welcome_count(notifications.runtime) == 2

            await wait_until(both_welcomed, timeout=30, message="the second welcome")
            assert await pending_outbox(accounts.runtime) == 0
    finally:
        await proxy.close()


async def test_the_same_event_delivered_twice_yields_one_welcome(
    rabbitmq_url, fresh_database, settings_for
):
    await reset_queues(rabbitmq_url)
    async with running_service(
        NOTIFICATIONS, settings_for("notifications", await fresh_database())
    ) as notifications:
        await wait_until(notifications.runtime.supervisor.is_ready, message="the consumer")
        twice = registered(1, event_id=uuid.uuid4())
        fence = registered(2)
        with structlog.testing.capture_logs() as logs:
            await publish_raw(rabbitmq_url, [twice, twice, fence], UserRegisteredV1.name)

            async def all_seen() -> bool:
                duplicates = [e for e in logs if e["event"] == "duplicate event skipped"]
                return await welcome_count(notifications.runtime) == 2 and len(duplicates) == 1

            await wait_until(all_seen, message="two welcomes and one skipped duplicate")
        assert await welcome_count(notifications.runtime) == 2


FAILING = ConsumerQueue(
    name="tests.always-fails-on-poison", event=UserRegisteredV1, delivery_limit=4
)


async def test_a_handler_that_always_fails_dead_letters_with_its_reason_while_others_flow(
    rabbitmq_url, fresh_database, settings_for
):
    await reset_queues(rabbitmq_url, (FAILING,))
    attempts: list[str] = []

    async def fail_on_poison(event: UserRegisteredV1, uow) -> None:
        if event.full_name == "poison":
            attempts.append(event.email)
            raise RuntimeError("cannot welcome a poison pill")
        await welcome_new_user(event, uow)

    definition = ServiceDefinition(
        name="notifications",
        title="failing consumer",
        metadata=metadata,
        delivery=delivery,
        migrations="notifications:migrations",
        consumers=[Consumer(FAILING, fail_on_poison)],
    )
    async with running_service(
        definition, settings_for("notifications", await fresh_database())
    ) as service:
        await wait_until(service.runtime.supervisor.is_ready, message="the consumer")
        bodies = [registered(1), registered(2), registered(3, full_name="poison")]
        bodies += [registered(n) for n in range(4, 9)]
        await publish_raw(rabbitmq_url, bodies, UserRegisteredV1.name)

        async def others_handled() -> bool:
            return await welcome_count(service.runtime) == 7

        await wait_until(others_handled, message="the seven good messages")

        connection = await aio_pika.connect(rabbitmq_url)
        async with connection:
            channel = await connection.channel()
            dead_letters = await channel.declare_queue(FAILING.dead_letter_queue, passive=True)

            async def dead_lettered() -> bool:
                return (
                    await channel.declare_queue(FAILING.dead_letter_queue, passive=True)
                ).declaration_result.message_count == 1

            await wait_until(dead_lettered, message="the poison message in the dead-letter queue")
            message = await dead_letters.get(no_ack=True, timeout=5)
            source = await channel.declare_queue(FAILING.name, passive=True)
            assert source.declaration_result.message_count == 0
    assert attempts == ["direct3@example.be"] * FAILING.delivery_limit
    assert message.headers["x-dead-letter-reason"] == "RuntimeError: cannot welcome a poison pill"
    assert message.headers["x-dead-letter-queue"] == FAILING.name
    assert message.headers["x-attempts"] == FAILING.delivery_limit
    assert Envelope.model_validate_json(message.body).payload["full_name"] == "poison"


FORGETFUL = ConsumerQueue(name="tests.forgets-to-commit", event=UserRegisteredV1, delivery_limit=4)


async def test_a_handler_that_forgets_to_commit_is_dead_lettered_at_once_and_keeps_nothing(
    rabbitmq_url, fresh_database, settings_for
):
    await reset_queues(rabbitmq_url, (FORGETFUL,))
    calls: list[str] = []

    async def record_without_commit(event: UserRegisteredV1, uow) -> None:
        calls.append(event.email)
        if event.full_name != "forgetful":
            await welcome_new_user(event, uow)  # records and commits
            return
        await record(addressing.welcome(event), uow)  # records the welcome, and no commit

    definition = ServiceDefinition(
        name="notifications",
        title="forgetful consumer",
        metadata=metadata,
        delivery=delivery,
        migrations="notifications:migrations",
        consumers=[Consumer(FORGETFUL, record_without_commit)],
    )
    async with running_service(
        definition, settings_for("notifications", await fresh_database())
    ) as service:
        await wait_until(service.runtime.supervisor.is_ready, message="the consumer")
        await publish_raw(
            rabbitmq_url,
            [registered(1), registered(2, full_name="forgetful"), registered(3)],
            UserRegisteredV1.name,
        )
        connection = await aio_pika.connect(rabbitmq_url)
        async with connection:
            channel = await connection.channel()

            async def dead_lettered() -> bool:
                queue = await channel.declare_queue(FORGETFUL.dead_letter_queue, passive=True)
                return queue.declaration_result.message_count == 1

            await wait_until(dead_lettered, message="the forgetful delivery dead-lettered")
            dead_letters = await channel.declare_queue(FORGETFUL.dead_letter_queue, passive=True)
            message = await dead_letters.get(no_ack=True, timeout=5)

        async def others_handled() -> bool:
            return await welcome_count(service.runtime) == 2

        await wait_until(others_handled, message="the two other welcomes")
        recorded = await welcome_count(service.runtime)
    assert recorded == 2, "the forgetful handler's work was rolled back"
    assert calls.count("direct2@example.be") == 1, "not retried: no retry mends a missing commit"
    reason = message.headers["x-dead-letter-reason"]
    assert reason.startswith("undeliverable: ")
    assert "returned without committing its unit of work" in reason


async def test_a_relay_dying_between_publish_and_mark_yields_one_welcome(
    rabbitmq_url, fresh_database, settings_for, monkeypatch
):
    await reset_queues(rabbitmq_url)
    async with (
        running_service(
            NOTIFICATIONS, settings_for("notifications", await fresh_database())
        ) as notifications,
        running_service(ACCOUNTS, settings_for("accounts", await fresh_database())) as accounts,
    ):
        relay = accounts.runtime.relay
        real_mark = relay._mark_published
        crashes: list[int] = []

        async def crash_once(session, row_ids):
            if not crashes:
                crashes.append(len(row_ids))
                raise ConnectionResetError("the relay died before marking its rows sent")
            await real_mark(session, row_ids)

        monkeypatch.setattr(relay, "_mark_published", crash_once)
        with structlog.testing.capture_logs() as logs:
            answer = await accounts.client.post("/register", json=person(1))
            assert answer.status_code == 201, answer.text

            async def settled() -> bool:
                duplicates = [e for e in logs if e["event"] == "duplicate event skipped"]
                return (
                    await pending_outbox(accounts.runtime) == 0
                    and len(duplicates) == 1
                    and await welcome_count(notifications.runtime) == 1
                )

            await wait_until(settled, message="the re-published event to be skipped")
        assert crashes == [1]
        assert await welcome_count(notifications.runtime) == 1


async def test_the_request_correlation_id_reaches_the_consumer_log_line(
    rabbitmq_url, fresh_database, settings_for
):
    await reset_queues(rabbitmq_url)
    async with (
        running_service(
            NOTIFICATIONS, settings_for("notifications", await fresh_database())
        ) as notifications,
        running_service(ACCOUNTS, settings_for("accounts", await fresh_database())) as accounts,
    ):
        with structlog.testing.capture_logs(
            processors=[structlog.contextvars.merge_contextvars]
        ) as logs:
            answer = await accounts.client.post(
                "/register", json=person(1), headers={"X-Correlation-ID": "req-42.abc"}
            )
            assert answer.status_code == 201
            assert answer.headers["X-Correlation-ID"] == "req-42.abc"

            async def recorded() -> bool:
                return await welcome_count(notifications.runtime) == 1

            await wait_until(recorded, message="the welcome message")
        [line] = [
            e for e in logs if e["event"] == "message recorded" and e["template"] == "welcome"
        ]
        assert line["correlation_id"] == "req-42.abc"
        assert line["consumer"] == "notifications.welcome.on-user-registered-v2"


async def test_a_consumer_cancel_that_times_out_at_shutdown_still_stops_the_service(
    rabbitmq_url, fresh_database, settings_for
):
    """Seen in CI: basic.cancel timed out while stopping, FastStream raised before closing its
    connection, and the service never closed its database. Stopping tries the broker twice."""
    await reset_queues(rabbitmq_url)
    with structlog.testing.capture_logs() as logs:
        async with running_service(
            NOTIFICATIONS, settings_for("notifications", await fresh_database())
        ) as notifications:
            broker = notifications.runtime.broker
            real_stop = broker.stop
            calls = []

            async def slow_broker_stop(*args, **kwargs):
                calls.append(1)
                if len(calls) == 1:
                    raise ExceptionGroup(
                        "Failed to stop subscribers",
                        [
                            aiormq.exceptions.ChannelInvalidStateError(
                                "Channel closed by RPC timeout"
                            )
                        ],
                    )
                await real_stop(*args, **kwargs)

            broker.stop = slow_broker_stop
    assert len(calls) == 2
    assert broker._connection is None  # closed by the second try
    events = [e["event"] for e in logs]
    assert "the broker did not stop cleanly" in events
    assert events[-1] == "service stopped"


async def test_publishing_and_consuming_use_two_connections(
    rabbitmq_url, fresh_database, settings_for
):
    """A memory or disk alarm blocks the connections that publish: the relay's own
    connection, never the one the consumers ack on (issue 18)."""
    vhost = URL(rabbitmq_url).path.lstrip("/") or "/"
    async with running_service(
        NOTIFICATIONS, settings_for("notifications", await fresh_database())
    ) as service:
        await wait_until(service.runtime.supervisor.is_ready, message="both connections")

        def names() -> list[str]:
            listed = subprocess.run(
                [
                    shutil.which("rabbitmqctl") or "/usr/sbin/rabbitmqctl",
                    "-q",
                    "list_connections",
                    "vhost",
                    "client_properties",
                    "--formatter",
                    "json",
                ],
                capture_output=True,
                text=True,
                timeout=60,
                check=True,
            ).stdout
            return [
                value
                for connection in json.loads(listed)
                if connection["vhost"] == vhost
                for key, _, value in connection["client_properties"]
                if key == "connection_name"
            ]

        connections = await asyncio.to_thread(names)
    assert connections.count("notifications") == 1, connections
    assert connections.count("notifications publisher") == 1, connections


# Retries counted by the consumer (x-attempts), waiting in delay queues (issue 18)


class RetrySpy:
    """A copy of every message published to the retry exchange, to read its headers.

    A headers-exchange binding with no header to match takes everything.
    """

    def __init__(self, url: str) -> None:
        self._url = url
        self._connection: aio_pika.abc.AbstractConnection | None = None
        self._queue: aio_pika.abc.AbstractQueue | None = None

    async def __aenter__(self) -> RetrySpy:
        self._connection = await aio_pika.connect(self._url)
        channel = await self._connection.channel()
        self._queue = await channel.declare_queue(exclusive=True)
        await self._queue.bind(RETRIES.name, arguments={"x-match": "all"})
        return self

    async def __aexit__(self, *exc_info) -> None:
        assert self._connection is not None
        await self._connection.close()

    async def headers(self) -> list[dict]:
        assert self._queue is not None
        seen = []
        while (message := await self._queue.get(no_ack=True, fail=False)) is not None:
            seen.append(dict(message.headers))
        return seen


def consuming(queue: ConsumerQueue, handler) -> ServiceDefinition:
    return ServiceDefinition(
        name="notifications",
        title="retried consumer",
        metadata=metadata,
        delivery=delivery,
        migrations="notifications:migrations",
        consumers=[Consumer(queue, handler)],
    )


async def queue_depths(url: str, queue: ConsumerQueue) -> tuple[int, int]:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        source = await channel.declare_queue(queue.name, passive=True)
        dead = await channel.declare_queue(queue.dead_letter_queue, passive=True)
        return source.declaration_result.message_count, dead.declaration_result.message_count


FLAKY = ConsumerQueue(name="tests.fails-twice", event=UserRegisteredV1, delivery_limit=4)


async def test_a_message_failing_twice_is_handled_once_on_its_third_attempt(
    rabbitmq_url, fresh_database, settings_for
):
    await reset_queues(rabbitmq_url, (FLAKY,))
    attempts: list[int] = []

    async def fails_twice(event: UserRegisteredV1, uow) -> None:
        attempts.append(structlog.contextvars.get_contextvars()["attempt"])
        if len(attempts) < 3:
            raise RuntimeError("not yet")
        await welcome_new_user(event, uow)

    async with running_service(
        consuming(FLAKY, fails_twice), settings_for("notifications", await fresh_database())
    ) as service:
        await wait_until(service.runtime.supervisor.is_ready, message="the consumer")
        async with RetrySpy(rabbitmq_url) as spy:
            with structlog.testing.capture_logs(
                processors=[structlog.contextvars.merge_contextvars]
            ) as logs:
                await publish_raw(rabbitmq_url, [registered(1)], UserRegisteredV1.name)

                async def welcomed() -> bool:
                    return await welcome_count(service.runtime) == 1

                await wait_until(welcomed, message="the welcome on the third attempt")
            copies = await spy.headers()
        assert await queue_depths(rabbitmq_url, FLAKY) == (0, 0)
        assert await welcome_count(service.runtime) == 1
    assert attempts == [1, 2, 3]
    retried = [e for e in logs if e["event"] == "handler failed, will retry"]
    assert [(e["attempt"], e["retry_in_ms"]) for e in retried] == [(1, 10), (2, 20)]
    [recorded] = [e for e in logs if e["event"] == "message recorded"]
    assert recorded["attempt"] == 3
    assert [(c["x-attempts"], c["retry-delay"]) for c in copies] == [(1, "10ms"), (2, "20ms")]
    assert not any("x-delivery-count" in c or "x-death" in c for c in copies)


async def test_a_message_always_failing_waits_in_retry_queues_then_is_dead_lettered_counted(
    rabbitmq_url, fresh_database, settings_for
):
    await reset_queues(rabbitmq_url, (FAILING,))

    async def always_fails(event: UserRegisteredV1, uow) -> None:
        raise RuntimeError("never")

    async with running_service(
        consuming(FAILING, always_fails), settings_for("notifications", await fresh_database())
    ) as service:
        await wait_until(service.runtime.supervisor.is_ready, message="the consumer")
        async with RetrySpy(rabbitmq_url) as spy:
            await publish_raw(rabbitmq_url, [registered(1)], UserRegisteredV1.name)

            async def dead_lettered() -> bool:
                return await queue_depths(rabbitmq_url, FAILING) == (0, 1)

            await wait_until(dead_lettered, message="the message dead-lettered")
            copies = await spy.headers()
    assert [c["x-attempts"] for c in copies] == [1, 2, 3]
    connection = await aio_pika.connect(rabbitmq_url)
    async with connection:
        channel = await connection.channel()
        dead = await channel.declare_queue(FAILING.dead_letter_queue, passive=True)
        message = await dead.get(no_ack=True, timeout=5)
    assert message.headers["x-attempts"] == FAILING.delivery_limit == 4
    assert message.headers["x-dead-letter-reason"] == "RuntimeError: never"
    # It came back from the last retry queue; what the broker wrote on the way is not kept.
    assert "x-death" not in message.headers
    assert "retry-delay" not in message.headers


CUT = ConsumerQueue(name="tests.cut-between-republish-and-ack", event=UserRegisteredV1)


async def test_a_consumer_cut_between_republish_and_ack_loses_nothing_and_handles_once(
    rabbitmq_url, fresh_database, settings_for, monkeypatch
):
    """The retry copy is confirmed, the ack never reaches the broker: both come back."""
    await reset_queues(rabbitmq_url, (CUT,))
    target = URL(rabbitmq_url)
    proxy = TcpProxy(target.host or "127.0.0.1", target.port or 5672)
    await proxy.start()
    calls: list[int] = []

    async def fails_once(event: UserRegisteredV1, uow) -> None:
        calls.append(structlog.contextvars.get_contextvars()["attempt"])
        if len(calls) == 1:
            raise RuntimeError("the first try fails")
        await welcome_new_user(event, uow)

    real_republish = consumers._republish
    cuts: list[int] = []

    async def republish_then_die(broker, message, **kwargs):
        routed = await real_republish(broker, message, **kwargs)
        if not cuts:
            cuts.append(kwargs["headers"]["x-attempts"])
            proxy.cut()  # the connection dies before the original is acked
            asyncio.get_running_loop().call_later(0.5, proxy.restore)
        return routed

    monkeypatch.setattr(consumers, "_republish", republish_then_die)
    settings = settings_for(
        "notifications", await fresh_database(), rabbitmq_url=proxy.url(rabbitmq_url)
    )
    try:
        async with running_service(consuming(CUT, fails_once), settings) as service:
            await wait_until(service.runtime.supervisor.is_ready, message="the consumer")
            with structlog.testing.capture_logs() as logs:
                await publish_raw(rabbitmq_url, [registered(1)], UserRegisteredV1.name)

                async def settled() -> bool:
                    skipped = [e for e in logs if e["event"] == "duplicate event skipped"]
                    return (
                        len(skipped) == 1
                        and await welcome_count(service.runtime) == 1
                        and await queue_depths(rabbitmq_url, CUT) == (0, 0)
                    )

                await wait_until(settled, timeout=30, message="the copy and the original")
            assert await welcome_count(service.runtime) == 1
    finally:
        await proxy.close()
    assert cuts == [1]
    assert len(calls) == 2, "one failure, one success; the second arrival is skipped"


HELD = ConsumerQueue(name="tests.held-while-database-away", event=UserRegisteredV1)


async def test_a_delivery_held_while_the_database_is_away_is_released_without_an_attempt(
    rabbitmq_url, fresh_database, settings_for
):
    await reset_queues(rabbitmq_url, (HELD,))
    calls: list[int] = []

    async def database_away_for_a_while(event: UserRegisteredV1, uow) -> None:
        calls.append(structlog.contextvars.get_contextvars()["attempt"])
        if len(calls) <= 4:
            raise ConnectionRefusedError("the database is away")
        await welcome_new_user(event, uow)

    settings = settings_for(
        "notifications",
        await fresh_database(),
        delivery_hold_max_seconds=0.3,
        database_retry_max_seconds=0.1,
    )
    async with running_service(consuming(HELD, database_away_for_a_while), settings) as service:
        await wait_until(service.runtime.supervisor.is_ready, message="the consumer")
        async with RetrySpy(rabbitmq_url) as spy:
            with structlog.testing.capture_logs() as logs:
                await publish_raw(rabbitmq_url, [registered(1)], UserRegisteredV1.name)

                async def welcomed() -> bool:
                    return await welcome_count(service.runtime) == 1

                await wait_until(welcomed, message="the welcome once the database is back")
            copies = await spy.headers()
        assert await queue_depths(rabbitmq_url, HELD) == (0, 0)
    released = [e for e in logs if e["event"].startswith("database still unavailable")]
    assert len(released) == 1
    assert [c["x-attempts"] for c in copies] == [0], "released, its attempt not spent"
    assert set(calls) == {1}, "every try was the first attempt"


BATCHED = ConsumerQueue(
    name="tests.batched-with-a-poison", event=UserRegisteredV1, delivery_limit=3
)


async def test_a_batch_commits_its_good_messages_once_and_its_poison_is_dead_lettered_alone(
    rabbitmq_url, fresh_database, settings_for
):
    """CONSUMER_BATCH_SIZE (issue 17): one transaction for the deliveries that arrive
    together; the one that fails is rolled back alone and goes its own way."""
    await reset_queues(rabbitmq_url, (BATCHED,))
    calls: list[tuple[str, uuid.UUID]] = []

    async def fail_on_poison(event: UserRegisteredV1, uow) -> None:
        if not hasattr(uow, "test_transaction"):
            uow.test_transaction = uuid.uuid4()  # names this unit of work, unlike id()
        calls.append((event.email, uow.test_transaction))
        if event.full_name == "poison":
            await record(addressing.welcome(event), uow)  # written, then rolled back
            raise RuntimeError("cannot welcome a poison pill")
        await welcome_new_user(event, uow)

    settings = settings_for(
        "notifications",
        await fresh_database(),
        consumer_batch_size=10,
        consumer_batch_wait_ms=100,
    )
    async with running_service(consuming(BATCHED, fail_on_poison), settings) as service:
        await wait_until(service.runtime.supervisor.is_ready, message="the consumer")
        bodies = [registered(n) for n in range(1, 4)]
        bodies += [registered(4, full_name="poison")]
        bodies += [registered(n) for n in range(5, 9)]
        await publish_raw(rabbitmq_url, bodies, UserRegisteredV1.name)

        async def settled() -> bool:
            return await welcome_count(service.runtime) == 7 and await queue_depths(
                rabbitmq_url, BATCHED
            ) == (0, 1)

        await wait_until(settled, message="seven welcomes and the poison dead-lettered")
        assert await welcome_count(service.runtime) == 7
    good = [(email, uow) for email, uow in calls if email != "direct4@example.be"]
    assert sorted(email for email, _ in good) == sorted(
        f"direct{n}@example.be" for n in (1, 2, 3, 5, 6, 7, 8)
    ), "each good message handled exactly once, none held back or run again"
    assert len({uow for _, uow in good}) < len(good), "good messages shared a transaction"
    poison = [email for email, _ in calls if email == "direct4@example.be"]
    # its first attempt in the batch counts, as alone: then its two retries, alone
    assert len(poison) == BATCHED.delivery_limit


BATCH_LOST = ConsumerQueue(name="tests.batch-commit-fails", event=UserRegisteredV1)


async def test_a_batch_whose_commit_fails_is_handled_message_by_message(
    rabbitmq_url, fresh_database, settings_for, monkeypatch
):
    await reset_queues(rabbitmq_url, (BATCH_LOST,))
    real_commit = UnitOfWork.commit_batch
    failures: list[int] = []

    async def commit_fails_once(uow) -> None:
        if not failures:
            failures.append(1)
            raise ConnectionResetError("the database went away at commit")
        await real_commit(uow)

    monkeypatch.setattr(UnitOfWork, "commit_batch", commit_fails_once)
    settings = settings_for(
        "notifications", await fresh_database(), consumer_batch_size=10, consumer_batch_wait_ms=100
    )
    async with running_service(consuming(BATCH_LOST, welcome_new_user), settings) as service:
        await wait_until(service.runtime.supervisor.is_ready, message="the consumer")
        with structlog.testing.capture_logs() as logs:
            bodies = [registered(n) for n in range(1, 6)]
            await publish_raw(rabbitmq_url, bodies, UserRegisteredV1.name)

            async def settled() -> bool:
                return await welcome_count(service.runtime) == 5 and await queue_depths(
                    rabbitmq_url, BATCH_LOST
                ) == (0, 0)

            await wait_until(settled, message="five welcomes")
        assert await welcome_count(service.runtime) == 5
    assert failures == [1]
    assert any(e["event"] == "batch failed, its messages handled one by one" for e in logs)
