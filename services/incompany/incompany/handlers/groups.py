"""Groups after confirmation: found by HR (R-I5, R-I8), their class link (R-I11),
moved by staff, cancelled by the customer (R-I13, R-I14), completed with their
attendance (R-I16).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta
from uuid import UUID

from sqlalchemy import ColumnElement, Select, select

from chassis.tokens import Principal
from chassis.unit_of_work import UnitOfWork
from contracts.identity import Role
from contracts.incompany import GroupCancelledV1, GroupCompletedV1, GroupRescheduledV1
from incompany.adapters import schedule
from incompany.adapters.facts import company_of, group_facts, hr_contact_of, participants_facts
from incompany.adapters.tables import Group, Participant
from incompany.domain import access, class_links
from incompany.domain.brussels_time import local, start_of_local_day
from incompany.domain.deadlines import Delays, participants_open
from incompany.domain.refusals import Conflict, Forbidden, NotFound, Refused
from incompany.settings import IncompanySettings

PLANNED, CONFIRMED, CANCELLED, COMPLETED = "planned", "confirmed", "cancelled", "completed"
ACTIVE_STATES = (PLANNED, CONFIRMED)
ACTIVE_PARTICIPANT = "active"


def visible_groups(principal: Principal) -> Select[tuple[Group]]:
    """The groups the caller may see: all for office staff, else their company's or
    (for a trainer) those they teach."""
    query = select(Group)
    if access.is_office_staff(principal):
        return query
    if principal.has_any(*access.COMPANY_USERS) and principal.company_id is not None:
        return query.where(Group.company_id == principal.company_id)
    if principal.has_any(Role.TRAINER):
        return query.where(Group.trainer_user_id == principal.user_id)
    return query.where(Group.id.is_(None))


async def find_groups(
    uow: UnitOfWork,
    principal: Principal,
    *,
    starts_on: date | None = None,
    reference: str | None = None,
    state: str | None = None,
    company_id: UUID | None = None,
) -> list[Group]:
    """R-I5, R-I8: HR finds a group by its start date (Brussels) or its reference."""
    query = visible_groups(principal).order_by(Group.starts_at, Group.reference)
    if starts_on is not None:
        day_start = start_of_local_day(starts_on)
        day_end = start_of_local_day(starts_on + timedelta(days=1))
        query = query.where(Group.starts_at >= day_start, Group.starts_at < day_end)
    if reference is not None:
        query = query.where(Group.reference == reference.strip().upper())
    if state is not None:
        query = query.where(Group.state == state)
    if company_id is not None:
        query = query.where(Group.company_id == company_id)
    return list(await uow.session.scalars(query))


async def visible_group(
    uow: UnitOfWork, principal: Principal, group_id: UUID, *, for_update: bool = False
) -> Group:
    """The group, if the caller may see it; 404 otherwise, whoever's it is."""
    group = await uow.session.get(Group, group_id, with_for_update=for_update)
    if group is None or not access.sees_group(principal, group.company_id, group.trainer_user_id):
        raise NotFound(f"no group {group_id}")
    return group


def active_participants_where(*criteria: ColumnElement[bool]) -> Select[tuple[Participant]]:
    """Active participants matching `criteria`, in the order they were entered."""
    return (
        select(Participant)
        .where(*criteria, Participant.state == ACTIVE_PARTICIPANT)
        .order_by(Participant.added_at, Participant.full_name)
    )


async def active_participants(uow: UnitOfWork, group_id: UUID) -> list[Participant]:
    return list(
        await uow.session.scalars(active_participants_where(Participant.group_id == group_id))
    )


def _must_be_active(group: Group) -> None:
    if group.state not in ACTIVE_STATES:
        raise Conflict(f"group: the group is {group.state}")


async def set_class_link(
    uow: UnitOfWork, group: Group, link: str | None, settings: IncompanySettings
) -> Group:
    """R-I11: the link staff give, or (with None) the one the configured template makes."""
    _must_be_active(group)
    if link is None:
        made = class_links.from_template(
            settings.class_link_template,
            group_reference=group.reference,
            group_id=group.id,
            project_number=group.project_number,
        )
        if made is None:
            raise Refused("class_link: no template is configured; give the link")
        group.class_link = made
    else:
        group.class_link = class_links.checked(link)
    await uow.commit()
    return group


async def reschedule(
    uow: UnitOfWork,
    group: Group,
    starts_at: datetime,
    ends_at: datetime,
    settings: IncompanySettings,
) -> Group:
    """Staff move the class; every deadline still to come moves with it."""
    _must_be_active(group)
    now = uow.clock.now()
    delays = Delays.of(settings)
    if group.starts_at <= now:
        raise Conflict("group: the class has started; it can no longer be moved")
    if ends_at <= starts_at:
        raise Refused("ends_at: the class must end after it starts")
    if not participants_open(now, starts_at, delays):
        raise Refused(
            f"starts_at: too soon; participants must be entered at least "
            f"{delays.cutoff_days} days before the start (R-I7)"
        )
    previous = (group.starts_at, group.ends_at)
    group.starts_at, group.ends_at = starts_at, ends_at
    await schedule.move_group(uow, group, delays)
    uow.publish(
        GroupRescheduledV1(
            company=company_of(group),
            hr_contact=hr_contact_of(group),
            group=group_facts(group),
            previous_starts_at=previous[0],
            previous_ends_at=previous[1],
            participants=participants_facts(await active_participants(uow, group.id)),
        )
    )
    await uow.commit()
    return group


async def cancel(uow: UnitOfWork, group: Group, by: Principal, reason: str) -> Group:
    """R-I13, R-I14: the customer cancels before the start; the facts go to billing."""
    _must_be_active(group)
    now = uow.clock.now()
    if now >= group.starts_at:
        raise Conflict("group: the class has started; it can no longer be cancelled")
    group.state = CANCELLED
    group.cancelled_at = now
    group.cancelled_by_email = by.email.lower()
    group.cancellation_reason = reason.strip()[:1000]
    await schedule.cancel_group(uow, group.id)
    uow.publish(
        GroupCancelledV1(
            company=company_of(group),
            hr_contact=hr_contact_of(group),
            group=group_facts(group),
            participants=participants_facts(await active_participants(uow, group.id)),
            cancelled_at=now,
            cancelled_by_email=by.email.lower(),
            reason=group.cancellation_reason,
            definitively_confirmed=group.definitively_confirmed_at is not None,
            participant_list_missing=group.list_missing_reported_at is not None,
        )
    )
    await uow.commit()
    return group


async def record_attendance(
    uow: UnitOfWork,
    group: Group,
    attended: Collection[UUID],
    by: Principal,
    settings: IncompanySettings,
) -> Group:
    """R-I16: after the class, who attended; the group is completed with its count."""
    own_trainer = group.trainer_user_id == by.user_id
    if by.has_any(Role.TRAINER) and not access.is_office_staff(by) and not own_trainer:
        raise Forbidden("attendance: only the group's own trainer or staff record it")
    if group.state == COMPLETED:
        raise Conflict("attendance: already recorded; the group is completed")
    _must_be_active(group)
    now = uow.clock.now()
    if now < group.ends_at:
        raise Conflict(
            f"attendance: the class ends at {local(group.ends_at):%d/%m/%Y %H:%M}; "
            "record attendance after it"
        )
    participants = await active_participants(uow, group.id)
    known = {p.id for p in participants}
    strangers = set(attended) - known
    if strangers:
        raise Refused(
            f"attended: {sorted(map(str, strangers))[0]} is not a participant of the group"
        )
    for participant in participants:
        participant.attended = participant.id in attended
    group.state = COMPLETED
    group.completed_at = now
    group.attended_count = len(set(attended))
    uow.publish(
        GroupCompletedV1(
            company=company_of(group),
            hr_contact=hr_contact_of(group),
            group=group_facts(group),
            registered_count=len(participants),
            attended_count=group.attended_count,
            minimum_participants=settings.minimum_participants,
            completed_at=now,
        )
    )
    await uow.commit()
    return group
