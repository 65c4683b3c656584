"""Participants of a group, entered and cancelled by HR until the cut-off (R-I5, R-I7, R-I8).

A participant needs a name, an email and a valid Belgian national register
number. The number is encrypted before it is stored and looked up only
through its blind index (`adapters/nrn_protection.py`); it is never logged,
never put in an event, and shown masked. Additions to one group are
serialised by a lock on the group's row, so two HR users cannot enter the
same person twice.

HR manages the participants of their company's groups once their attestation
is approved (R-A6): before, 403, before anything about the group shows. Until
the keys are configured, every handler here answers 503 (`keys_not_configured`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from uuid import UUID

import structlog

from chassis.pages import PageRequest
from chassis.tokens import Principal
from contracts.incompany import ParticipantAddedV1
from incompany.adapters import participants, schedule
from incompany.adapters.facts import company_of, group_facts, participant_facts
from incompany.adapters.nrn_protection import NrnProtector, protector_of
from incompany.adapters.tables import Group, Participant
from incompany.domain import access, national_register
from incompany.domain.commands import AddParticipant, CancelParticipant
from incompany.domain.deadlines import Delays
from incompany.domain.participants import (
    ACTIVE,
    CANCELLED,
    check_list_open,
    checked_name_and_email,
)
from incompany.domain.refusals import (
    AlreadyParticipant,
    ParticipantCancelled,
    ParticipantEmailTaken,
    UnknownParticipant,
)
from incompany.handlers import Uow
from incompany.handlers.attestations import require_approved_hr, require_approved_if_company_user
from incompany.handlers.groups import visible_group

log = structlog.get_logger("incompany.participants")


@dataclass(frozen=True)
class ShownParticipant:
    """A participant as answers show them: the number masked (only its check digits)."""

    participant: Participant
    national_register_number: str


@dataclass(frozen=True)
class Participation:
    participant: ShownParticipant
    group: Group


def _shown(participant: Participant, protector: NrnProtector) -> ShownParticipant:
    """Masked; a cancelled or erased participant's number is no longer kept at all."""
    if participant.nrn_ciphertext is None:
        return ShownParticipant(participant, national_register.FORGOTTEN)
    masked = national_register.masked(protector.decrypt(participant.nrn_ciphertext))
    return ShownParticipant(participant, masked)


async def _managed_group(
    group_id: UUID, by: Principal, uow: Uow, *, for_update: bool = False
) -> Group:
    """A group whose participants the caller may see or manage (R-A6 first)."""
    await require_approved_if_company_user(by, uow)
    return await visible_group(group_id, by, uow, for_update=for_update)


async def list_participants(
    group_id: UUID, by: Principal, include_cancelled: bool, page: PageRequest, uow: Uow
) -> tuple[list[ShownParticipant], str | None]:
    protector = protector_of(uow.settings)
    group = await _managed_group(group_id, by, uow)
    found, next_cursor = await participants.participants_of(
        uow.session, group.id, page, all_states=include_cancelled
    )
    return [_shown(p, protector) for p in found], next_cursor


async def get_participant(
    group_id: UUID, participant_id: UUID, by: Principal, uow: Uow
) -> ShownParticipant:
    protector = protector_of(uow.settings)
    group = await _managed_group(group_id, by, uow)
    participant = await participants.get_participant(uow.session, participant_id)
    if participant is None or participant.group_id != group.id:
        raise UnknownParticipant(f"no participant {participant_id} in this group")
    return _shown(participant, protector)


async def add_participant(command: AddParticipant, uow: Uow) -> ShownParticipant:
    """Enter a person in the group (R-I8), the group's row locked until the commit."""
    protector = protector_of(uow.settings)
    by, new = command.by, command.participant
    group = await _managed_group(command.group_id, by, uow, for_update=True)
    now = uow.clock.now()
    delays = Delays.of(uow.settings)
    check_list_open(group.state, now=now, starts_at=group.starts_at, delays=delays)
    full_name, email = checked_name_and_email(new)
    compact = national_register.checked(new.national_register_number)
    index = protector.blind_index(compact)
    same_person = await participants.by_blind_index(
        uow.session, group.id, protector.blind_indexes(compact)
    )
    if same_person is not None and same_person.state == ACTIVE:
        raise AlreadyParticipant(
            "national_register_number: this person is already a participant of the group"
        )
    if await participants.email_taken(uow.session, group.id, email):
        raise ParticipantEmailTaken(
            "email: another participant of the group has this email address"
        )
    if same_person is None:
        participant = Participant(id=uuid.uuid4(), group_id=group.id, nrn_index=index, added_at=now)
        uow.session.add(participant)
    else:
        participant = same_person  # entered again after being cancelled
        participant.cancelled_at = None
        participant.nrn_index = index  # under the current key, should it have rotated
    participant.full_name = full_name
    participant.email = email
    participant.language = new.language
    participant.nrn_ciphertext = protector.encrypt(compact)
    participant.state = ACTIVE
    participant.added_at = now
    participant.added_by_email = by.email.lower()
    await uow.session.flush()
    await schedule.schedule_participant(uow.session, now, group, participant, delays)
    uow.publish(
        ParticipantAddedV1(
            company=company_of(group),
            group=group_facts(group),
            participant=participant_facts(participant),
            added_by_email=by.email.lower(),
        )
    )
    await uow.commit()
    log.info("participant added", group_id=str(group.id), participant_id=str(participant.id))
    return ShownParticipant(participant, national_register.masked(compact))


async def cancel_participant(command: CancelParticipant, uow: Uow) -> ShownParticipant:
    """HR takes a person off the group until the cut-off (R-I5, R-I7)."""
    protector = protector_of(uow.settings)
    group = await _managed_group(command.group_id, command.by, uow, for_update=True)
    participant = await participants.get_participant(uow.session, command.participant_id)
    if participant is None or participant.group_id != group.id:
        raise UnknownParticipant(f"no participant {command.participant_id} in this group")
    if participant.state != ACTIVE:
        raise ParticipantCancelled("participant: already cancelled")
    now = uow.clock.now()
    check_list_open(group.state, now=now, starts_at=group.starts_at, delays=Delays.of(uow.settings))
    shown = _shown(participant, protector)
    participant.state = CANCELLED
    participant.cancelled_at = now
    # A cancelled participant's number is no longer needed (GDPR minimisation): only its
    # blind index stays, so entering the same person again finds their row.
    participant.nrn_ciphertext = None
    await schedule.cancel_participant(uow.session, now, participant.id)
    await uow.commit()
    log.info("participant cancelled", group_id=str(group.id), participant_id=str(participant.id))
    return shown


async def search_participations(
    number: str, by: Principal, page: PageRequest, uow: Uow
) -> tuple[list[Participation], str | None]:
    """Every participation of the person with this number, through the blind index only;
    a company user (approved, R-A6) finds those in their company's groups."""
    protector = protector_of(uow.settings)
    company: UUID | None = None
    if access.acts_for_company(by):
        await require_approved_hr(by, uow)
        company = by.company_id
    indexes = protector.blind_indexes(national_register.checked(number))
    found, next_cursor = await participants.participations_by_index(
        uow.session, indexes, company, page
    )
    return [Participation(_shown(p, protector), g) for p, g in found], next_cursor
