"""A participant's personal data erased on request (GDPR art. 17, issue 18).

Every participation of the person (found by their national register number,
through the blind indexes, or by their email) keeps its row, so a group's
counts, attendance and the fees billed from them stay true, but loses what
identifies the person: the name and email are blanked, the encrypted number
and its index removed, an active participation is cancelled with its
deadlines (no reminder goes to nobody), the evaluation's free comment
blanked. The events incompany published about the person and answers kept
for retried POSTs are deleted too (chassis.erasure). Staff call it
(`POST /participants/erasures`), or an operator (`python -m incompany
erase-participant`); the person's account and the copies other services
hold are erased through accounts (`accounts.user.erased.v1`).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import structlog
from sqlalchemy import select, update

from chassis.erasure import Forgotten, forget_mentions
from contracts.accounts import UserErasedV1
from incompany.adapters import schedule
from incompany.adapters.nrn_protection import protector_of
from incompany.adapters.tables import Evaluation, Participant, delivery
from incompany.domain import national_register
from incompany.domain.commands import EraseParticipant
from incompany.domain.participants import ACTIVE, CANCELLED
from incompany.domain.refusals import ErasureTarget, UnknownPerson
from incompany.handlers import Uow

log = structlog.get_logger("incompany.erasure")

ERASED_NAME = ""
ERASED_EMAIL = ""


@dataclass(frozen=True)
class Erased:
    participant_ids: list[UUID]
    forgotten: Forgotten


async def erase_participant(command: EraseParticipant, uow: Uow) -> Erased:
    number, email = command.national_register_number, command.email
    if (number is None) == (email is None):
        raise ErasureTarget("give either national_register_number or email, not both")
    query = select(Participant).where(Participant.erased_at.is_(None)).with_for_update()
    if number is not None:
        protector = protector_of(uow.settings)
        indexes = protector.blind_indexes(national_register.checked(number))
        query = query.where(Participant.nrn_index.in_(indexes))
    else:
        query = query.where(Participant.email == (email or "").strip().lower())
    found = list(await uow.session.scalars(query))
    if not found:
        raise UnknownPerson("no participant with this national register number or email")
    erased = await _erase(found, uow)
    await uow.commit()
    return erased


async def on_user_erased(event: UserErasedV1, uow: Uow) -> None:
    """Accounts erased the person's account: their participations, matched on the login
    email as the customer space matches them (R-A7), are erased too."""
    query = (
        select(Participant)
        .where(Participant.erased_at.is_(None), Participant.email == event.email.lower())
        .with_for_update()
    )
    found = list(await uow.session.scalars(query))
    if found:
        await _erase(found, uow)
    await uow.commit()


async def _erase(found: list[Participant], uow: Uow) -> Erased:
    now = uow.clock.now()
    mentions = {text for p in found for text in (p.email, p.full_name) if text}
    for participant in found:
        if participant.state == ACTIVE:
            participant.state = CANCELLED
            participant.cancelled_at = now
            await schedule.cancel_participant(uow.session, now, participant.id)
        participant.full_name = ERASED_NAME
        participant.email = ERASED_EMAIL
        participant.nrn_ciphertext = None
        participant.nrn_index = None
        participant.platform_url = None
        participant.erased_at = now
    ids = [p.id for p in found]
    await uow.session.execute(
        update(Evaluation).where(Evaluation.participant_id.in_(ids)).values(comment="")
    )
    forgotten = await forget_mentions(uow.session, delivery, sorted(mentions))
    log.info(
        "participant erased",
        participants=len(ids),
        events_deleted=forgotten.published_events,
        events_pending=forgotten.pending_events,
    )
    return Erased(ids, forgotten)
