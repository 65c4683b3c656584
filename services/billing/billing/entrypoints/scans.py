"""Billing's background loop: invoices numbered but not announced yet (`handlers/invoicing.py`).

An invoice is announced (its PDF rendered, `InvoiceIssuedV2` staged) right after
the transaction that numbered it; if that failed or the process stopped in
between, this loop announces it, every `announce_retry_seconds`.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import structlog

from billing.handlers.invoicing import announce_pending
from billing.settings import BillingSettings

if TYPE_CHECKING:
    from chassis.service import Runtime

log = structlog.get_logger("billing.announcer")


async def announce_invoices(runtime: Runtime[BillingSettings], stopping: asyncio.Event) -> None:
    while not stopping.is_set():
        try:
            count = await announce_pending(runtime.unit_of_work)
            if count:
                log.warning("unannounced invoices announced", count=count)
        except Exception:  # the database may be briefly unavailable: try again next round
            log.exception("announcing pending invoices failed")
        await runtime.pause(stopping, runtime.settings.announce_retry_seconds)
