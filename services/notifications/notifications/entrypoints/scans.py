"""Notifications' background loop: a delivery pass every `delivery_poll_seconds`, at once
while busy (`handlers/delivery.py` says what a pass does)."""

from __future__ import annotations

import asyncio
import contextlib

import structlog

from chassis.service import Runtime
from notifications.handlers.delivery import DeliveryReport, Unrecorded, send_due_messages
from notifications.settings import NotificationsSettings

log = structlog.get_logger("notifications.delivery")

BACKOFF_LIMIT_SECONDS = 300.0
"""Longest pause after failed passes (the database is away)."""


async def delivery_pass(
    runtime: Runtime[NotificationsSettings], unrecorded: Unrecorded | None = None
) -> DeliveryReport:
    """One delivery pass in its own unit of work; `unrecorded`: outcomes earlier passes
    could not record, recorded first."""
    async with runtime.unit_of_work() as uow:
        return await send_due_messages(uow, unrecorded)


async def deliver_messages(
    runtime: Runtime[NotificationsSettings], stopping: asyncio.Event
) -> None:
    """The background loop; it does not run at all without an SMTP server or a mail folder."""
    settings = runtime.settings
    if not settings.delivery_configured:
        log.warning("no SMTP server configured (smtp_host): messages stay pending")
        return
    if not settings.smtp_configured:
        folder = str(settings.mail_folder)
        log.info("no SMTP server: each email is written to a folder", folder=folder)
    failures = 0
    unrecorded = Unrecorded()
    while not stopping.is_set():
        try:
            report = await delivery_pass(runtime, unrecorded)
            failures = 0
        except Exception as error:  # the database is away: back off, resume
            failures += 1
            delay = min(settings.delivery_poll_seconds * 2**failures, BACKOFF_LIMIT_SECONDS)
            log.warning("delivery pass failed", error=repr(error), retry_in=delay)
            await _sleep_or_stop(stopping, delay)
            continue
        if report.claimed < settings.delivery_batch_size:
            # a move of the test clock ends the wait: retries due by the new time go at once
            await runtime.pause(stopping, settings.delivery_poll_seconds)


async def _sleep_or_stop(stopping: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stopping.wait(), timeout=seconds)
