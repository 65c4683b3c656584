"""Issue 13, finding 11, accounts' side: an ended session is announced on the real broker to
every service that verifies tokens, so each can refuse its tokens within seconds.

The old access token used to be accepted by enrollment, billing and incompany
for up to 15 minutes after a password reset. Accounts now publishes
`accounts.sessions.ended.v1` whenever a session ends; each of the four other
services has its queue for it (their chassis keeps the sessions until
`tokens_valid_until` and refuses their tokens).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import aio_pika
import aiormq
import pytest

from accounts.service import DEFINITION as ACCOUNTS
from chassis.clock import ManualClock
from chassis.sealing import LinkSealer
from contracts.topology import ENDED_SESSIONS
from testkit.services import reset_queues, running_service, wait_until

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

NOW = datetime(2027, 1, 4, 8, tzinfo=UTC)
PASSWORD = "correct horse battery staple"


async def announced(rabbitmq_url: str) -> dict[str, list[dict]]:
    """The ended-sessions events waiting in each service's queue (read and put back); none
    while a queue that reset_queues deleted and accounts declared again is still starting:
    RabbitMQ 3.10 then closes the connection (541, `noproc`) and the messages read so far
    go back to their queues."""
    try:
        return await _read_and_put_back(rabbitmq_url)
    except aiormq.exceptions.ConnectionInternalError:
        return {queue_of.name: [] for queue_of in ENDED_SESSIONS}


async def _read_and_put_back(rabbitmq_url: str) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    connection = await aio_pika.connect(rabbitmq_url)
    async with connection:
        for queue_of in ENDED_SESSIONS:
            channel = await connection.channel()
            try:
                queue = await channel.declare_queue(queue_of.name, passive=True)
            except aio_pika.exceptions.ChannelClosed:  # accounts has not declared it yet
                found[queue_of.name] = []
                continue
            held = []
            while (message := await queue.get(no_ack=False, fail=False)) is not None:
                held.append(message)
            found[queue_of.name] = [json.loads(m.body)["payload"] for m in held]
            for message in held:
                await message.nack(requeue=True)
    return found


async def test_a_password_reset_is_announced_to_every_service_that_verifies_tokens(
    rabbitmq_url, fresh_database, settings_for
):
    await reset_queues(rabbitmq_url)
    clock = ManualClock(NOW)
    settings = settings_for("accounts", await fresh_database())
    async with running_service(ACCOUNTS, settings, clock=clock) as accounts:
        body = {"email": "ada@example.be", "password": PASSWORD, "full_name": "Ada"}
        assert (await accounts.client.post("/register", json=body)).status_code == 201
        tokens = []
        for _ in range(2):
            answer = await accounts.client.post(
                "/token", json={"email": "ada@example.be", "password": PASSWORD}
            )
            tokens.append(answer.json()["access_token"])
        sids = sorted(accounts.runtime.tokens.verify(t).session_id for t in tokens)
        await accounts.client.post("/password/forgot", json={"email": "ada@example.be"})
        async with accounts.runtime.db.sessions() as db:
            outbox = accounts.runtime.delivery.outbox
            [row] = (
                await db.execute(
                    outbox.select().where(outbox.c.name == "accounts.password-reset.requested.v2")
                )
            ).all()
        reset = json.loads(row.body)["payload"]
        keys = accounts.runtime.settings.link_sealing_keys.get_secret_value()
        token = LinkSealer.from_setting(keys).unseal(  # as notifications would
            reset["link"]["sealed_token"], purpose="reset_password", subject=reset["user_id"]
        )
        new = {"token": token, "new_password": "another horse battery staple"}
        assert (await accounts.client.post("/password/reset", json=new)).status_code == 204

        seen: dict[str, list[dict]] = {}

        async def in_every_queue() -> bool:
            seen.update(await announced(rabbitmq_url))
            return all(len(events) == 1 for events in seen.values())

        await wait_until(in_every_queue, message="the event in the four services' queues")
        assert len(seen) == len(ENDED_SESSIONS)
        for events in seen.values():
            [event] = events
            assert event["reason"] == "password_reset"
            assert sorted(event["session_ids"]) == sids
            until = datetime.fromisoformat(event["tokens_valid_until"])
            assert until == NOW + timedelta(minutes=15)
