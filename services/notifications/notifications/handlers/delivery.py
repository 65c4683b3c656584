"""Delivering recorded messages over SMTP, one pass at a time: claim, send, record the outcome.

At most once per event and recipient. A message is claimed (pending ->
sending, committed) *before* the SMTP exchange, and its outcome is recorded
after it. Should the process die in between, the message stays "sending":
it is never resent on its own, because it may already have left. After
`sending_timeout_seconds` it is marked "uncertain" for staff to review (they
may resend it, `POST /messages/{id}/resend`). Only failures that certainly
left nothing at the server are retried, with exponential backoff, until
`delivery_max_attempts`; then the message is "failed". An outcome the process
knows but could not record (the database went away during the exchange, or a
failover) is kept in memory (`Unrecorded`) and recorded first at the next pass,
so a message that left is "sent" as soon as the database is back, not
"uncertain" a quarter of an hour later.

Without `smtp_host`, nothing is sent: messages stay "pending", visible in the
API, until a server is configured; unless `mail_folder` is set (development),
where each email is written as a `.eml` file instead. The loop that runs a pass again and again
is `entrypoints/scans.py`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parseaddr

import structlog

from notifications.adapters import mail_queue
from notifications.adapters.composing import compose
from notifications.adapters.links import LinkUnavailable, context_for_sending
from notifications.adapters.mail_folder import FolderMailer
from notifications.adapters.mail_queue import Claimed
from notifications.adapters.smtp import Outcome, SmtpMailer
from notifications.domain import backoff
from notifications.domain.catalogue import kept_once_sent
from notifications.domain.lifecycle import MessageStatus
from notifications.domain.rendering import TemplateError, render
from notifications.domain.staff import delivery_address
from notifications.handlers import Uow
from notifications.settings import NotificationsSettings

log = structlog.get_logger("notifications.delivery")


@dataclass
class DeliveryReport:
    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    uncertain: int = 0

    def count(self, status: MessageStatus) -> None:
        if status == MessageStatus.SENT:
            self.sent += 1
        elif status == MessageStatus.PENDING:
            self.retrying += 1
        elif status == MessageStatus.FAILED:
            self.failed += 1
        elif status == MessageStatus.UNCERTAIN:
            self.uncertain += 1


@dataclass(frozen=True)
class Fate:
    """What became of one claimed message, to be recorded."""

    status: MessageStatus
    error: str | None = None
    retry_at: datetime | None = None


@dataclass
class Unrecorded:
    """Outcomes of exchanges this process finished but could not record: the delivery
    loop keeps them across passes, and each pass records them before anything else."""

    outcomes: list[tuple[Claimed, Fate]] = field(default_factory=list)


async def send_due_messages(uow: Uow, unrecorded: Unrecorded | None = None) -> DeliveryReport:
    """One pass: record what an earlier pass could not, flag stuck messages uncertain,
    then send a batch of due ones.

    Each step commits on its own: the flags, the claim (before any SMTP
    exchange), and each message's outcome as soon as its exchange is over. The
    exchanges of a batch run side by side; their outcomes are recorded in this
    unit of work in the order they finish, those that finished together (while
    the previous ones were being recorded) in one transaction. An outcome that
    cannot be recorded goes to `unrecorded`, and the pass fails after the others
    are tried.
    """
    unrecorded = unrecorded if unrecorded is not None else Unrecorded()
    while unrecorded.outcomes:  # the database is back: what left, and what did not
        message, fate = unrecorded.outcomes[0]
        await _record(uow, [(message, fate)])
        unrecorded.outcomes.pop(0)
        log.info("outcome recorded late", message_id=str(message.id), status=fate.status)
    settings = uow.settings
    cutoff = uow.clock.now() - timedelta(seconds=settings.sending_timeout_seconds)
    flagged = await mail_queue.flag_stuck(await uow.session.connection(), cutoff)
    await uow.commit()
    if flagged:
        log.warning("messages left sending by a stopped process are now uncertain", count=flagged)
    report = DeliveryReport(uncertain=flagged)
    if not settings.delivery_configured:
        return report
    claimed = await mail_queue.claim_due(
        await uow.session.connection(), uow.clock.now(), settings.delivery_batch_size
    )
    await uow.commit()
    report.claimed = len(claimed)
    mailer = mailer_for(settings)
    failure: BaseException | None = None
    exchanges = {asyncio.ensure_future(_send(uow, mailer, m)) for m in claimed}
    while exchanges:
        done, exchanges = await asyncio.wait(exchanges, return_when=asyncio.FIRST_COMPLETED)
        outcomes: list[tuple[Claimed, Fate]] = []
        for exchange in done:
            try:
                outcomes.append(exchange.result())
            except Exception as error:  # an unexpected failure: the others are still recorded
                failure = failure or error
        if not outcomes:
            continue
        try:
            await _record(uow, outcomes)
        except Exception as error:  # the database went away: kept, recorded at a next pass
            await _rolled_back(uow)
            unrecorded.outcomes.extend(outcomes)
            failure = failure or error
            continue
        for _message, fate in outcomes:
            report.count(fate.status)
    if failure is not None:
        raise failure
    return report


Mailer = SmtpMailer | FolderMailer


def mailer_for(settings: NotificationsSettings) -> Mailer:
    """SMTP when a server is set; else the development folder (`delivery_configured`)."""
    if settings.smtp_configured or settings.mail_folder is None:
        return SmtpMailer(settings)
    return FolderMailer(settings.mail_folder)


async def _send(uow: Uow, mailer: Mailer, message: Claimed) -> tuple[Claimed, Fate]:
    """Compose and hand over one message; what its outcome means (no database)."""
    settings = uow.settings
    bound = {"message_id": str(message.id), "template": message.template}
    with structlog.contextvars.bound_contextvars(**bound):
        to = delivery_address(message.recipient_email, settings.staff_alerts_email)
        try:
            # A sealed link is opened here, in memory, for this email only.
            context = context_for_sending(message.context, settings)
            email = compose(
                message,
                render(message.template, message.language, context),
                sender=settings.smtp_from,
                to=to,
                domain=settings.mail_domain,
                now=uow.clock.now(),
            )
        except (TemplateError, KeyError, ValueError, LinkUnavailable) as error:
            # A bug or bad data, not a passing failure: nothing was sent, give up loudly.
            log.error("message cannot be composed", error=str(error)[:500])
            return message, Fate(MessageStatus.FAILED, str(error))
        result = await mailer.send(email, sender=parseaddr(settings.smtp_from)[1], recipient=to)
        if result.outcome == Outcome.SENT:
            log.info("message sent", attempts=message.attempts)
            return message, Fate(MessageStatus.SENT)
        if result.outcome == Outcome.UNCERTAIN:
            log.error("message may or may not have left: uncertain", detail=result.detail)
            return message, Fate(MessageStatus.UNCERTAIN, result.detail)
        if result.outcome == Outcome.REFUSED or backoff.given_up(
            message.attempts, settings.delivery_max_attempts
        ):
            log.error("message given up", detail=result.detail, attempts=message.attempts)
            return message, Fate(MessageStatus.FAILED, result.detail)
        retry_at = backoff.next_attempt_at(
            uow.clock.now(),
            message.attempts,
            first_delay=settings.delivery_first_retry_seconds,
            max_delay=settings.delivery_max_retry_seconds,
        )
        log.warning("message not sent, will retry", detail=result.detail, retry_at=str(retry_at))
        return message, Fate(MessageStatus.PENDING, result.detail, retry_at)


async def _rolled_back(uow: Uow) -> None:
    try:
        await uow.rollback()
    except Exception as error:  # the connection is gone: nothing to roll back
        log.warning("rollback after a failed record", error=repr(error)[:300])


async def _record(uow: Uow, outcomes: list[tuple[Claimed, Fate]]) -> None:
    """Record the outcomes of exchanges that are over, in one transaction."""
    connection = await uow.session.connection()
    for message, fate in outcomes:
        sent = fate.status == MessageStatus.SENT
        await mail_queue.finish(
            connection,
            message.id,
            fate.status,
            error=fate.error,
            sent_at=uow.clock.now() if sent else None,
            context=kept_once_sent(message.context) if sent else None,
            retry_at=fate.retry_at,
        )
    await uow.commit()
