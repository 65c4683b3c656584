"""Participants of a group, entered and cancelled by HR until the cut-off (R-I5, R-I7, R-I8).

A participant needs a name, an email and a valid Belgian national register
number. The number is encrypted before it is stored and looked up only
through its blind index (`nrn_protection.py`); it is never logged, never put
in an event, and shown masked. Additions to one group are serialised by a
lock on the group's row, so two HR users cannot enter the same person twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from uuid import UUID

import structlog
from sqlalchemy import select

from chassis.tokens import Principal
from chassis.unit_of_work import UnitOfWork
from contracts.accounts import Language
from contracts.incompany import ParticipantAddedV1
from incompany.adapters import schedule
from incompany.adapters.facts import company_of, group_facts, participant_facts
from incompany.adapters.nrn_protection import NrnProtector
from incompany.adapters.tables import Group, Participant
from incompany.domain import national_register
from incompany.domain.brussels_time import local
from incompany.domain.deadlines import Delays, participant_cutoff, participants_open
from incompany.domain.refusals import Conflict, NotFound, Refused
from incompany.handlers.groups import ACTIVE_PARTICIPANT, ACTIVE_STATES

log = structlog.get_logger("incompany.participants")

CANCELLED = "cancelled"


@dataclass(frozen=True)
class NewParticipant:
    full_name: str
    email: str
    national_register_number: str
    language: Language = "fr"

    def __repr__(self) -> str:  # never show the number, even in a traceback
        return f"NewParticipant(full_name={self.full_name!r}, email={self.email!r})"


def _list_open(uow: UnitOfWork, group: Group, delays: Delays) -> None:
    if group.state not in ACTIVE_STATES:
        raise Conflict(f"group: the group is {group.state}; its participants cannot change")
    if not participants_open(uow.clock.now(), group.starts_at, delays):
        cutoff = local(participant_cutoff(group.starts_at, delays))
        raise Conflict(
            f"participants: the list closed on {cutoff:%d/%m/%Y} at {cutoff:%H:%M} "
            f"(Brussels), {delays.cutoff_days} days before the start (R-I7)"
        )


def _checked_name_and_email(command: NewParticipant) -> tuple[str, str]:
    full_name = command.full_name.strip()
    email = command.email.strip().lower()
    if not full_name:
        raise Refused("full_name: is required")
    if len(full_name) > 200:
        raise Refused("full_name: at most 200 characters")
    return full_name, email


async def add_participant(
    uow: UnitOfWork,
    group: Group,
    command: NewParticipant,
    by: Principal,
    protector: NrnProtector,
    delays: Delays,
) -> Participant:
    """Enter a person in the group (R-I8); `group` is locked by the caller (FOR UPDATE)."""
    _list_open(uow, group, delays)
    full_name, email = _checked_name_and_email(command)
    compact = national_register.checked(command.national_register_number)
    index = protector.blind_index(compact)
    same_person = await uow.session.scalar(
        select(Participant).where(Participant.group_id == group.id, Participant.nrn_index == index)
    )
    if same_person is not None and same_person.state == ACTIVE_PARTICIPANT:
        raise Conflict(
            "national_register_number: this person is already a participant of the group"
        )
    same_email = await uow.session.scalar(
        select(Participant.id).where(
            Participant.group_id == group.id,
            Participant.email == email,
            Participant.state == ACTIVE_PARTICIPANT,
        )
    )
    if same_email is not None:
        raise Conflict("email: another participant of the group has this email address")
    now = uow.clock.now()
    if same_person is None:
        participant = Participant(
            id=uuid.uuid4(),
            group_id=group.id,
            nrn_index=index,
            added_at=now,
        )
        uow.session.add(participant)
    else:
        participant = same_person  # entered again after being cancelled
        participant.cancelled_at = None
    participant.full_name = full_name
    participant.email = email
    participant.language = command.language
    participant.nrn_ciphertext = protector.encrypt(compact)
    participant.state = ACTIVE_PARTICIPANT
    participant.added_at = now
    participant.added_by_email = by.email.lower()
    await uow.session.flush()
    await schedule.schedule_participant(uow, group, participant, delays)
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
    return participant


async def cancel_participant(
    uow: UnitOfWork, group: Group, participant_id: UUID, delays: Delays
) -> Participant:
    """HR takes a person off the group until the cut-off (R-I5, R-I7)."""
    participant = await uow.session.get(Participant, participant_id)
    if participant is None or participant.group_id != group.id:
        raise NotFound(f"no participant {participant_id} in this group")
    if participant.state != ACTIVE_PARTICIPANT:
        raise Conflict("participant: already cancelled")
    _list_open(uow, group, delays)
    participant.state = CANCELLED
    participant.cancelled_at = uow.clock.now()
    await schedule.cancel_participant(uow, participant.id)
    await uow.commit()
    log.info("participant cancelled", group_id=str(group.id), participant_id=str(participant.id))
    return participant


async def participants_of(
    uow: UnitOfWork, group_id: UUID, *, all_states: bool
) -> list[Participant]:
    query = (
        select(Participant)
        .where(Participant.group_id == group_id)
        .order_by(Participant.added_at, Participant.full_name)
    )
    if not all_states:
        query = query.where(Participant.state == ACTIVE_PARTICIPANT)
    return list(await uow.session.scalars(query))


async def find_by_number(
    uow: UnitOfWork, number: str, protector: NrnProtector, company_id: UUID | None
) -> list[tuple[Participant, Group]]:
    """Every participation of the person with this number, through the blind index only."""
    index = protector.blind_index(national_register.checked(number))
    query = (
        select(Participant, Group)
        .join(Group, Group.id == Participant.group_id)
        .where(Participant.nrn_index == index)
        .order_by(Group.starts_at)
    )
    if company_id is not None:
        query = query.where(Group.company_id == company_id)
    return [(p, g) for p, g in (await uow.session.execute(query)).all()]


async def participations_of_email(uow: UnitOfWork, email: str) -> list[tuple[Participant, Group]]:
    """A participant's own trainings (R-A7, R-I10), found by their login email."""
    query = (
        select(Participant, Group)
        .join(Group, Group.id == Participant.group_id)
        .where(Participant.email == email.strip().lower(), Participant.state == ACTIVE_PARTICIPANT)
        .order_by(Group.starts_at)
    )
    return [(p, g) for p, g in (await uow.session.execute(query)).all()]
