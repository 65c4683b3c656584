"""/metrics of every service through a broker outage: the outbox backlog shows, then drains.

Each service commits an event while RabbitMQ is cut off (a TCP proxy in front of
it): its /metrics says one row pending, an age for it and the broker down; once
the broker is back the relay publishes it and /metrics says zero.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from yarl import URL

from chassis.settings import ServiceSettings
from contracts.accounts import UserRegisteredV1
from devstack.__main__ import SERVICES
from testkit.proxy import TcpProxy
from testkit.services import reset_queues, running_service, wait_until

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


def sample_values(text: str) -> dict[str, float]:
    """Unlabelled samples by name (the outbox and broker gauges are unlabelled)."""
    return {
        s.name: s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if not s.labels
    }


async def scrape(client: httpx.AsyncClient) -> dict[str, float]:
    answer = await client.get("/metrics")
    assert answer.status_code == 200
    return sample_values(answer.text)


def own_settings(definition, base: ServiceSettings) -> ServiceSettings:
    """The test settings, as the service's own settings class."""
    values: dict[str, Any] = dict(base)
    values["service_name"] = definition.name
    return definition.settings_class.model_validate(values)


@pytest.mark.parametrize("definition", SERVICES, ids=[d.name for d in SERVICES])
async def test_metrics_show_the_outbox_backlog_while_the_broker_is_away_then_zero(
    definition, rabbitmq_url, fresh_database, settings_for
):
    await reset_queues(rabbitmq_url)
    target = URL(rabbitmq_url)
    proxy = TcpProxy(target.host or "127.0.0.1", target.port or 5672)
    await proxy.start()
    proxy.cut()
    base = settings_for(
        definition.name, await fresh_database(), rabbitmq_url=proxy.url(rabbitmq_url)
    )
    try:
        async with running_service(definition, own_settings(definition, base)) as service:
            async with service.runtime.unit_of_work() as uow:
                uow.publish(
                    UserRegisteredV1(
                        user_id=uuid.uuid4(),
                        email=f"outage-{definition.name}@example.be",
                        full_name="Outage",
                        account_kind="individual",
                    )
                )
                await uow.commit()

            during = await scrape(service.client)
            assert during["outbox_pending_messages"] == 1
            assert during["outbox_oldest_pending_age_seconds"] >= 0
            assert during["broker_connected"] == 0
            assert during.get("outbox_published_messages_total", 0) == 0

            proxy.restore()

            async def drained() -> bool:
                now = await scrape(service.client)
                return now["outbox_pending_messages"] == 0 and now["broker_connected"] == 1

            await wait_until(drained, timeout=30, message="the backlog to drain on /metrics")
            after = await scrape(service.client)
            assert after["outbox_oldest_pending_age_seconds"] == 0
            assert after["outbox_published_messages_total"] == 1
    finally:
        await proxy.close()
        await reset_queues(rabbitmq_url)
