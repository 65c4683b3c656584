"""Planning a request (R-I3, R-I4): the trainer's availability, the options of dates
sent to the customer, and the option the customer confirms, which creates the groups.

Proposing and confirming lock the request's row first, so two planners, or a
planner and the customer, cannot change its planning at once.
"""

from __future__ import annotations

import uuid
from uuid import UUID

from chassis.pages import PageRequest
from chassis.tokens import Principal
from contracts.incompany import (
    DatesProposedV1,
    ProposedOption,
    ProposedSession,
    RequestConfirmedV1,
)
from incompany.adapters import requests, schedule
from incompany.adapters.facts import company_of, group_facts, hr_contact_of
from incompany.adapters.tables import AvailabilitySlot, Group, Proposal, ProposalSession
from incompany.domain import access, class_links, recap
from incompany.domain.brussels_time import local_date
from incompany.domain.commands import ConfirmDates, ProposeDates, RecordAvailability
from incompany.domain.deadlines import Delays
from incompany.domain.groups import PLANNED
from incompany.domain.planning import Session, Slot, check_option, check_slot
from incompany.domain.refusals import Invalid, UnknownProposal, UnknownSlot
from incompany.domain.requests import (
    CHOSEN,
    CONFIRMED,
    DECLINED,
    OPEN,
    PROPOSED,
    check_options,
    check_proposal_open,
    still_planning,
)
from incompany.handlers import Uow
from incompany.handlers.requests import RequestView, view_of, visible_request


async def record_availability(command: RecordAvailability, uow: Uow) -> AvailabilitySlot:
    training_request = await visible_request(command.request_id, command.by, uow)
    still_planning(training_request.state)
    given = command.slot
    slot = Slot(
        given.starts_at,
        given.ends_at,
        given.trainer_name,
        access.availability_trainer(command.by, given.trainer_user_id),
    )
    now = uow.clock.now()
    check_slot(
        slot,
        now=now,
        desired_from=training_request.desired_from,
        desired_until=training_request.desired_until,
    )
    row = AvailabilitySlot(
        id=uuid.uuid4(),
        request_id=training_request.id,
        trainer_name=slot.trainer_name.strip(),
        trainer_user_id=slot.trainer_user_id,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        recorded_by_email=command.by.email.lower(),
        recorded_at=now,
    )
    uow.session.add(row)
    await uow.commit()
    return row


async def list_availability(
    request_id: UUID, by: Principal, page: PageRequest, uow: Uow
) -> tuple[list[AvailabilitySlot], str | None]:
    await visible_request(request_id, by, uow)
    return await requests.page_of_availability(uow.session, request_id, page)


async def get_availability(
    request_id: UUID, slot_id: UUID, by: Principal, uow: Uow
) -> AvailabilitySlot:
    await visible_request(request_id, by, uow)
    slot = await requests.get_slot(uow.session, slot_id)
    if slot is None or slot.request_id != request_id:
        raise UnknownSlot(f"no availability {slot_id} for this request")
    return slot


async def propose_dates(command: ProposeDates, uow: Uow) -> RequestView:
    """Record options of dates and send them to the customer (R-I3)."""
    training_request = await visible_request(command.request_id, command.by, uow, for_update=True)
    still_planning(training_request.state)
    check_options(command.options)
    slots = [
        Slot(s.starts_at, s.ends_at, s.trainer_name, s.trainer_user_id)
        for s in await requests.availability_of(uow.session, training_request.id)
    ]
    now = uow.clock.now()
    delays = Delays.of(uow.settings)
    published: list[ProposedOption] = []
    for number, sessions in enumerate(command.options):
        try:
            chosen_slots = check_option(
                sessions,
                slots,
                now=now,
                desired_from=training_request.desired_from,
                desired_until=training_request.desired_until,
                delays=delays,
            )
        except Invalid as error:
            raise type(error)(f"options[{number}].{error}") from error
        proposal = Proposal(
            id=uuid.uuid4(),
            request_id=training_request.id,
            state=OPEN,
            proposed_by_email=command.by.email.lower(),
            proposed_at=now,
        )
        uow.session.add(proposal)
        await uow.session.flush()
        for position, (session, slot) in enumerate(zip(sessions, chosen_slots, strict=True)):
            uow.session.add(
                ProposalSession(
                    proposal_id=proposal.id,
                    position=position,
                    starts_at=session.starts_at,
                    ends_at=session.ends_at,
                    trainer_name=slot.trainer_name,
                    trainer_user_id=slot.trainer_user_id,
                )
            )
        published.append(
            ProposedOption(
                proposal_id=proposal.id,
                sessions=[
                    ProposedSession(starts_at=s.starts_at, ends_at=s.ends_at) for s in sessions
                ],
            )
        )
    training_request.state = PROPOSED
    uow.publish(
        DatesProposedV1(
            request_id=training_request.id,
            company=company_of(training_request),
            hr_contact=hr_contact_of(training_request),
            course_code=training_request.course_code,
            course_title=training_request.course_title,
            expected_participants=training_request.expected_participants,
            options=published,
        )
    )
    view = await view_of(training_request, uow)
    await uow.commit()
    return view


async def confirm_dates(command: ConfirmDates, uow: Uow) -> list[Group]:
    """The customer confirms an option: the groups are created and the recap sent (R-I3, R-I4)."""
    training_request = await visible_request(command.request_id, command.by, uow, for_update=True)
    still_planning(training_request.state)
    proposal = await requests.get_proposal(uow.session, command.proposal_id)
    if proposal is None or proposal.request_id != training_request.id:
        raise UnknownProposal(f"proposal_id: no proposal {command.proposal_id} for this request")
    check_proposal_open(proposal.state)
    sessions = await requests.sessions_of(uow.session, proposal.id)
    now = uow.clock.now()
    settings = uow.settings
    delays = Delays.of(settings)
    # The dates were checked when proposed; time has passed since, so check the cut-off again.
    check_option(
        [Session(s.starts_at, s.ends_at) for s in sessions],
        [Slot(s.starts_at, s.ends_at, s.trainer_name, s.trainer_user_id) for s in sessions],
        now=now,
        desired_from=training_request.desired_from,
        desired_until=training_request.desired_until,
        delays=delays,
    )
    year = local_date(now).year
    project = recap.project_number(year, await requests.next_project_sequence(uow.session, year))
    groups: list[Group] = []
    for number, session in enumerate(sessions, start=1):
        group_id = uuid.uuid4()
        reference = recap.group_reference(project, number)
        group = Group(
            id=group_id,
            request_id=training_request.id,
            company_id=training_request.company_id,
            company_name=training_request.company_name,
            course_code=training_request.course_code,
            course_title=training_request.course_title,
            project_number=project,
            group_number=number,
            reference=reference,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            class_link=class_links.from_template(
                settings.class_link_template,
                group_reference=reference,
                group_id=group_id,
                project_number=project,
            ),
            trainer_name=session.trainer_name,
            trainer_user_id=session.trainer_user_id,
            hr_email=training_request.hr_email,
            hr_name=training_request.hr_name,
            hr_language=training_request.hr_language,
            state=PLANNED,
            created_at=now,
        )
        uow.session.add(group)
        await uow.session.flush()
        await schedule.schedule_group(uow.session, now, group, delays)
        groups.append(group)
    for other in await requests.proposals_of(uow.session, training_request.id):
        if other.state == OPEN:
            other.state = CHOSEN if other.id == proposal.id else DECLINED
            other.decided_at = now
    training_request.state = CONFIRMED
    training_request.project_number = project
    training_request.confirmed_at = now
    uow.publish(
        RequestConfirmedV1(
            request_id=training_request.id,
            project_number=project,
            company=company_of(training_request),
            hr_contact=hr_contact_of(training_request),
            course_code=training_request.course_code,
            course_title=training_request.course_title,
            groups=[group_facts(g) for g in groups],
            recap_lines=[
                recap.recap_line(project, g.group_number, g.course_title, g.starts_at, g.ends_at)
                for g in groups
            ],
            confirmed_by_email=command.by.email.lower(),
        )
    )
    await uow.commit()
    return groups
