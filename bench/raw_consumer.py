"""The event baseline's consumer: raw aio-pika, acking each message after one insert.

It reads the benchmark's quorum queue with the prefetch of the platform's
consumers, one message at a time as they do, stamps the effect (as the inbox
stamps `processed_at`), inserts one row and acks: the least a consumer that
loses nothing can do.
"""

from __future__ import annotations

import asyncio
import json
import os
import time

import aio_pika
import asyncpg

PREFETCH = 16


async def main() -> None:
    database = await asyncpg.connect(os.environ["RAW_DATABASE_URL"])
    await database.execute(
        "CREATE TABLE IF NOT EXISTS raw_effects ("
        " id uuid PRIMARY KEY, sent_at double precision NOT NULL,"
        " committed_at double precision NOT NULL)"
    )
    connection = await aio_pika.connect_robust(os.environ["RABBITMQ_URL"])
    channel = await connection.channel()
    await channel.set_qos(prefetch_count=PREFETCH)
    queue = await channel.get_queue(os.environ["RAW_QUEUE"])
    async with queue.iterator() as messages:
        async for message in messages:
            body = json.loads(message.body)
            await database.execute(
                "INSERT INTO raw_effects (id, sent_at, committed_at) VALUES ($1, $2, $3)"
                " ON CONFLICT (id) DO NOTHING",
                body["id"],
                body["sent_at"],
                time.time(),
            )
            await message.ack()


if __name__ == "__main__":
    asyncio.run(main())
