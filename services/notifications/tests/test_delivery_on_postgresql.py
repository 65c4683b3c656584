"""On PostgreSQL, delivery passes running side by side never send a message twice."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from notifications.entrypoints.scans import delivery_pass


@pytest.mark.postgres
async def test_concurrent_delivery_passes_send_each_message_exactly_once(
    start_notifications, smtp_server, fresh_database, events, deliver_event
):
    service = await start_notifications(
        database_url=await fresh_database(),
        smtp_host="127.0.0.1",
        smtp_port=smtp_server.port,
        delivery_batch_size=3,
    )
    for index in range(24):
        await deliver_event(service, events.registered(email=f"person{index}@example.be"))
    envelope = await deliver_event(service, events.reset())
    await deliver_event(service, events.reset(), envelope)  # redelivered: no second message

    async def drain() -> None:
        while (await delivery_pass(service.runtime)).claimed:
            pass

    await asyncio.gather(*(drain() for _ in range(4)))

    sent = Counter(m["Message-ID"] for m in smtp_server.sink.data_seen)
    assert (len(sent), max(sent.values())) == (25, 1)
