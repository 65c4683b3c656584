"""Delivering recorded messages over SMTP: claim, send, record the outcome.

At most once per event and recipient. A message is claimed (pending ->
sending, committed) *before* the SMTP exchange, and its outcome is recorded
after it. Should the process die in between, the message stays "sending":
it is never resent on its own, because it may already have left. After
`sending_timeout_seconds` it is marked "uncertain" for staff to review (they
may resend it, `POST /messages/{id}/resend`). Only failures that certainly
left nothing at the server are retried, with exponential backoff, until
`delivery_max_attempts`; then the message is "failed".

Without `smtp_host`, nothing is sent: messages stay "pending", visible in the
API, until a server is configured.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr

import structlog
from sqlalchemy import select, update

from chassis.service import Runtime
from notifications import backoff
from notifications.catalogue import SECRET_CONTEXT_KEYS
from notifications.composing import compose
from notifications.models import Message, MessageStatus
from notifications.rendering import TemplateError, render
from notifications.settings import NotificationsSettings
from notifications.smtp import Outcome, SmtpMailer
from notifications.staff import delivery_address

log = structlog.get_logger("notifications.delivery")


@dataclass
class DeliveryReport:
    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    uncertain: int = 0


def notifications_settings(runtime: Runtime) -> NotificationsSettings:
    settings = runtime.settings
    if isinstance(settings, NotificationsSettings):
        return settings
    return NotificationsSettings.model_validate(settings.model_dump())


async def send_due_messages(runtime: Runtime) -> DeliveryReport:
    """One pass: flag stuck messages uncertain, then send a batch of due ones."""
    settings = notifications_settings(runtime)
    report = DeliveryReport(uncertain=await _flag_stuck_messages(runtime, settings))
    if not settings.smtp_configured:
        return report
    claimed = await _claim_due(runtime, settings)
    report.claimed = len(claimed)
    mailer = SmtpMailer(settings)
    outcomes = await asyncio.gather(*(_deliver(runtime, settings, mailer, m) for m in claimed))
    for status in outcomes:
        if status == MessageStatus.SENT:
            report.sent += 1
        elif status == MessageStatus.PENDING:
            report.retrying += 1
        elif status == MessageStatus.FAILED:
            report.failed += 1
        elif status == MessageStatus.UNCERTAIN:
            report.uncertain += 1
    return report


async def deliver_messages(runtime: Runtime, stopping: asyncio.Event) -> None:
    """The background loop: a pass every `delivery_poll_seconds`, at once while busy."""
    settings = notifications_settings(runtime)
    if not settings.smtp_configured:
        log.warning("no SMTP server configured (smtp_host): messages stay pending")
        return
    failures = 0
    while not stopping.is_set():
        try:
            report = await send_due_messages(runtime)
            failures = 0
        except Exception as error:  # the database is away: back off, resume
            failures += 1
            delay = min(settings.delivery_poll_seconds * 2**failures, 300.0)
            log.warning("delivery pass failed", error=repr(error), retry_in=delay)
            await _sleep_or_stop(stopping, delay)
            continue
        if report.claimed < settings.delivery_batch_size:
            await _sleep_or_stop(stopping, settings.delivery_poll_seconds)


async def _flag_stuck_messages(runtime: Runtime, settings: NotificationsSettings) -> int:
    now = runtime.clock.now()
    cutoff = now - timedelta(seconds=settings.sending_timeout_seconds)
    async with runtime.db.session() as session, session.begin():
        result = await session.execute(
            update(Message)
            .where(Message.status == MessageStatus.SENDING, Message.sending_since <= cutoff)
            .values(
                status=MessageStatus.UNCERTAIN,
                last_error="still sending after the timeout: it may have left; not resent",
            )
            .execution_options(synchronize_session=False)
        )
    flagged: int = result.rowcount  # type: ignore[attr-defined]
    if flagged:
        log.warning("messages left sending by a stopped process are now uncertain", count=flagged)
    return flagged


async def _claim_due(runtime: Runtime, settings: NotificationsSettings) -> list[Message]:
    """Move a batch of due messages to "sending" and commit, before any SMTP exchange.

    SKIP LOCKED lets several replicas share the backlog on PostgreSQL; the
    status check in the UPDATE makes the claim exclusive on SQLite too.
    """
    now = runtime.clock.now()
    claimed: list[Message] = []
    async with runtime.db.session() as session, session.begin():
        due = (
            await session.scalars(
                select(Message)
                .where(Message.status == MessageStatus.PENDING, Message.next_attempt_at <= now)
                .order_by(Message.next_attempt_at, Message.created_at)
                .limit(settings.delivery_batch_size)
                .with_for_update(skip_locked=True)
            )
        ).all()
        for message in due:
            result = await session.execute(
                update(Message)
                .where(Message.id == message.id, Message.status == MessageStatus.PENDING)
                .values(
                    status=MessageStatus.SENDING,
                    sending_since=now,
                    attempts=Message.attempts + 1,
                )
                .execution_options(synchronize_session=False)
            )
            if result.rowcount == 1:  # type: ignore[attr-defined]
                session.expunge(message)  # a detached copy: nothing flushed from it
                message.attempts += 1
                claimed.append(message)
    return claimed


async def _deliver(
    runtime: Runtime, settings: NotificationsSettings, mailer: SmtpMailer, message: Message
) -> MessageStatus:
    bound = {"message_id": str(message.id), "template": message.template}
    with structlog.contextvars.bound_contextvars(**bound):
        to = delivery_address(message.recipient_email, settings.staff_alerts_email)
        try:
            email = compose(
                message,
                render(message.template, message.language, message.context),
                sender=settings.smtp_from,
                to=to,
                domain=settings.mail_domain,
                now=runtime.clock.now(),
            )
        except (TemplateError, KeyError, ValueError) as error:
            # A bug or bad data, not a passing failure: nothing was sent, give up loudly.
            log.error("message cannot be composed", error=str(error)[:500])
            return await _finish(runtime, message, MessageStatus.FAILED, error=str(error))
        result = await mailer.send(email, sender=parseaddr(settings.smtp_from)[1], recipient=to)
        if result.outcome == Outcome.SENT:
            log.info("message sent", attempts=message.attempts)
            return await _finish(runtime, message, MessageStatus.SENT)
        if result.outcome == Outcome.UNCERTAIN:
            log.error("message may or may not have left: uncertain", detail=result.detail)
            return await _finish(runtime, message, MessageStatus.UNCERTAIN, error=result.detail)
        if result.outcome == Outcome.REFUSED or backoff.given_up(
            message.attempts, settings.delivery_max_attempts
        ):
            log.error("message given up", detail=result.detail, attempts=message.attempts)
            return await _finish(runtime, message, MessageStatus.FAILED, error=result.detail)
        retry_at = backoff.next_attempt_at(
            runtime.clock.now(),
            message.attempts,
            first_delay=settings.delivery_first_retry_seconds,
            max_delay=settings.delivery_max_retry_seconds,
        )
        log.warning("message not sent, will retry", detail=result.detail, retry_at=str(retry_at))
        return await _finish(
            runtime, message, MessageStatus.PENDING, error=result.detail, retry_at=retry_at
        )


async def _finish(
    runtime: Runtime,
    message: Message,
    status: MessageStatus,
    *,
    error: str | None = None,
    retry_at: object = None,
) -> MessageStatus:
    now = runtime.clock.now()
    values: dict[str, object] = {"status": status, "sending_since": None, "last_error": error}
    if status == MessageStatus.SENT:
        values["sent_at"] = now
        # The links with tokens were needed to send; they are not kept afterwards.
        values["context"] = {
            k: v for k, v in message.context.items() if k not in SECRET_CONTEXT_KEYS
        }
    if retry_at is not None:
        values["next_attempt_at"] = retry_at
    async with runtime.db.session() as session, session.begin():
        await session.execute(
            update(Message)
            .where(Message.id == message.id, Message.status == MessageStatus.SENDING)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    return status


async def _sleep_or_stop(stopping: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stopping.wait(), timeout=seconds)
