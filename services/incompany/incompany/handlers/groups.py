"""Groups after confirmation: found by HR (R-I5, R-I8), their class link (R-I11),
moved by staff, cancelled by the customer (R-I13, R-I14), completed with their
attendance (R-I16).

A group of another company is not found (404), whoever asks. A handler that
changes a group locks its row first (the deadline scan skips a locked group).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from chassis.pages import PageRequest
from chassis.tokens import Principal
from contracts.incompany import GroupCancelledV1, GroupCompletedV1, GroupRescheduledV1
from incompany.adapters import groups, schedule
from incompany.adapters.facts import company_of, group_facts, hr_contact_of, participants_facts
from incompany.adapters.groups import GroupFilters
from incompany.adapters.tables import Deadline, Group, stored_values
from incompany.domain import access, class_links, recap
from incompany.domain.commands import CancelGroup, MoveGroup, RecordAttendance, SetClassLink
from incompany.domain.deadlines import Delays, participant_cutoff
from incompany.domain.groups import (
    CANCELLED,
    COMPLETED,
    check_attendance,
    check_cancellable,
    check_move,
    must_be_active,
)
from incompany.domain.refusals import NotTheTrainer, UnknownGroup
from incompany.domain.versions import check_if_match, entity_tag
from incompany.handlers import Uow
from incompany.handlers.attestations import require_approved_if_company_user


@dataclass(frozen=True)
class GroupView:
    """A group as its readers see it."""

    group: Group
    participant_count: int
    participants_until: datetime
    """R-I7: participants may change until this instant (excluded)."""
    recap_line: str
    etag: str
    """What its readers see, hashed (`domain/versions.py`): its ETag."""


async def visible_group(
    group_id: UUID, by: Principal, uow: Uow, *, for_update: bool = False
) -> Group:
    """The group, if the caller may see it; 404 otherwise, whoever's it is."""
    group = await groups.get_group(uow.session, group_id, for_update=for_update)
    if group is None or not access.sees_group(by, group.company_id, group.trainer_user_id):
        raise UnknownGroup(f"no group {group_id}")
    return group


async def _view(group: Group, uow: Uow, participant_count: int | None = None) -> GroupView:
    if participant_count is None:
        participant_count = len(await groups.active_participants(uow.session, group.id))
    until = participant_cutoff(group.starts_at, Delays.of(uow.settings))
    return GroupView(
        group=group,
        participant_count=participant_count,
        participants_until=until,
        recap_line=recap.recap_line(
            group.project_number,
            group.group_number,
            group.course_title,
            group.starts_at,
            group.ends_at,
        ),
        etag=entity_tag([*stored_values(group), participant_count, until]),
    )


async def find_groups(
    by: Principal, filters: GroupFilters, page: PageRequest, uow: Uow
) -> tuple[list[GroupView], str | None]:
    """R-I5, R-I8: HR finds a group by its start date (Brussels) or its reference; one
    page of the groups the caller sees, by start."""
    found, next_cursor = await groups.find_groups(
        uow.session, access.group_scope(by), filters, page
    )
    counts = await groups.active_counts(uow.session, [g.id for g in found])
    return [await _view(group, uow, counts[group.id]) for group in found], next_cursor


async def get_group(group_id: UUID, by: Principal, uow: Uow) -> GroupView:
    return await _view(await visible_group(group_id, by, uow), uow)


async def set_class_link(command: SetClassLink, uow: Uow) -> GroupView:
    """R-I11: the link staff give, or (with None) the one the configured template makes."""
    group = await visible_group(command.group_id, command.by, uow, for_update=True)
    check_if_match(command.if_match, (await _view(group, uow)).etag)
    must_be_active(group.state)
    group.class_link = class_links.link_for(
        command.class_link,
        uow.settings.class_link_template,
        group_reference=group.reference,
        group_id=group.id,
        project_number=group.project_number,
    )
    view = await _view(group, uow)
    await uow.commit()
    return view


async def move_group(command: MoveGroup, uow: Uow) -> GroupView:
    """Staff move the class; every deadline still to come moves with it."""
    group = await visible_group(command.group_id, command.by, uow, for_update=True)
    check_if_match(command.if_match, (await _view(group, uow)).etag)
    now = uow.clock.now()
    delays = Delays.of(uow.settings)
    check_move(
        group.state,
        now=now,
        current_start=group.starts_at,
        starts_at=command.starts_at,
        ends_at=command.ends_at,
        delays=delays,
    )
    previous = (group.starts_at, group.ends_at)
    group.starts_at, group.ends_at = command.starts_at, command.ends_at
    await schedule.move_group(uow.session, now, group, delays)
    participants = await groups.active_participants(uow.session, group.id)
    uow.publish(
        GroupRescheduledV1(
            company=company_of(group),
            hr_contact=hr_contact_of(group),
            group=group_facts(group),
            previous_starts_at=previous[0],
            previous_ends_at=previous[1],
            participants=participants_facts(participants),
        )
    )
    await uow.commit()
    return await _view(group, uow, len(participants))


async def cancel_group(command: CancelGroup, uow: Uow) -> GroupView:
    """R-I13, R-I14: the customer cancels before the start; the facts go to billing."""
    by = command.by
    await require_approved_if_company_user(by, uow)
    group = await visible_group(command.group_id, by, uow, for_update=True)
    now = uow.clock.now()
    check_cancellable(group.state, now=now, starts_at=group.starts_at)
    group.state = CANCELLED
    group.cancelled_at = now
    group.cancelled_by_email = by.email.lower()
    group.cancellation_reason = command.reason.strip()[:1000]
    await schedule.cancel_group(uow.session, now, group.id)
    participants = await groups.active_participants(uow.session, group.id)
    uow.publish(
        GroupCancelledV1(
            company=company_of(group),
            hr_contact=hr_contact_of(group),
            group=group_facts(group),
            participants=participants_facts(participants),
            cancelled_at=now,
            cancelled_by_email=by.email.lower(),
            reason=group.cancellation_reason,
            definitively_confirmed=group.definitively_confirmed_at is not None,
            participant_list_missing=group.list_missing_reported_at is not None,
        )
    )
    await uow.commit()
    return await _view(group, uow, len(participants))


async def record_attendance(command: RecordAttendance, uow: Uow) -> GroupView:
    """R-I16: after the class, who attended; the group is completed with its count."""
    by, attended = command.by, command.attended
    group = await visible_group(command.group_id, by, uow, for_update=True)
    if not access.records_attendance_of(by, group.trainer_user_id):
        raise NotTheTrainer("attendance: only the group's own trainer or staff record it")
    participants = await groups.active_participants(uow.session, group.id)
    check_if_match(command.if_match, (await _view(group, uow, len(participants))).etag)
    now = uow.clock.now()
    check_attendance(
        group.state,
        now=now,
        ends_at=group.ends_at,
        attended=attended,
        participants=[p.id for p in participants],
    )
    for participant in participants:
        participant.attended = participant.id in attended
    group.state = COMPLETED
    group.completed_at = now
    group.attended_count = len(attended)
    uow.publish(
        GroupCompletedV1(
            company=company_of(group),
            hr_contact=hr_contact_of(group),
            group=group_facts(group),
            registered_count=len(participants),
            attended_count=group.attended_count,
            minimum_participants=uow.settings.minimum_participants,
            completed_at=now,
        )
    )
    await uow.commit()
    return await _view(group, uow, len(participants))


async def group_deadlines(
    group_id: UUID,
    by: Principal,
    page: PageRequest,
    uow: Uow,
    *,
    state: str | None = None,
    kind: str | None = None,
) -> tuple[list[Deadline], str | None]:
    """The group's deadlines and their states, for staff following the chain."""
    await visible_group(group_id, by, uow)
    return await schedule.deadlines_of(uow.session, group_id, page, state=state, kind=kind)
