"""Requests for in-company training and their planning (R-I1..R-I4).

A company user requests a catalogue course (R-I1) once the company has a
training plan and with at least 6 participants (R-I2). Staff, or the trainer,
record the trainer's availability; staff propose options of dates within it,
and the customer confirms one (R-I3). Confirming numbers the project, creates
one group per session with its deadlines, and publishes the recap (R-I4).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from chassis.tokens import Principal
from chassis.unit_of_work import UnitOfWork
from contracts.accounts import Language
from contracts.incompany import (
    DatesProposedV1,
    ProposedOption,
    ProposedSession,
    RequestConfirmedV1,
)
from incompany.adapters import schedule
from incompany.adapters.facts import company_of, group_facts, hr_contact_of
from incompany.adapters.tables import (
    AvailabilitySlot,
    Group,
    ProjectCounter,
    Proposal,
    ProposalSession,
    TrainingRequest,
)
from incompany.domain import class_links, recap
from incompany.domain.brussels_time import local_date
from incompany.domain.deadlines import Delays
from incompany.domain.eligibility import check_request
from incompany.domain.planning import Session, Slot, check_option, check_slot
from incompany.domain.refusals import Conflict, NotFound, Refused
from incompany.handlers import catalogue
from incompany.handlers.companies import company_name
from incompany.handlers.groups import PLANNED
from incompany.handlers.training_plans import plan_years
from incompany.settings import IncompanySettings

REQUESTED, PROPOSED, CONFIRMED = "requested", "proposed", "confirmed"
OPEN, CHOSEN, DECLINED = "open", "chosen", "declined"


@dataclass(frozen=True)
class HrContactDetails:
    email: str
    full_name: str
    language: Language = "fr"


@dataclass(frozen=True)
class RequestTraining:
    course_code: str
    desired_from: date
    desired_until: date
    expected_participants: int
    hr_contact: HrContactDetails
    comment: str = ""


async def request_training(
    uow: UnitOfWork, principal: Principal, command: RequestTraining, settings: IncompanySettings
) -> TrainingRequest:
    if principal.company_id is None:
        raise Refused("company: in-company training is requested by a company account")
    course = await catalogue.course_by_code(uow, command.course_code)
    years = await plan_years(uow, principal.company_id)
    check_request(
        expected_participants=command.expected_participants,
        minimum_participants=settings.minimum_participants,
        desired_from=command.desired_from,
        desired_until=command.desired_until,
        today=local_date(uow.clock.now()),
        plan_years=years,
        course_active=course.active,
    )
    name = await company_name(uow, principal.company_id)
    if name is None:
        raise Conflict(
            "company: your company's registration has not reached in-company training yet; "
            "try again in a minute"
        )
    training_request = TrainingRequest(
        id=uuid.uuid4(),
        company_id=principal.company_id,
        company_name=name,
        course_id=course.id,
        course_code=course.code,
        course_title=course.title,
        training_plan_id=years[command.desired_from.year],
        desired_from=command.desired_from,
        desired_until=command.desired_until,
        expected_participants=command.expected_participants,
        comment=command.comment.strip()[:2000],
        hr_email=command.hr_contact.email.strip().lower(),
        hr_name=command.hr_contact.full_name.strip(),
        hr_language=command.hr_contact.language,
        requested_by_user_id=principal.user_id,
        requested_by_email=principal.email.lower(),
        state=REQUESTED,
        created_at=uow.clock.now(),
    )
    uow.session.add(training_request)
    await uow.commit()
    return training_request


async def get_request(
    uow: UnitOfWork, request_id: UUID, *, for_update: bool = False
) -> TrainingRequest:
    found = await uow.session.get(TrainingRequest, request_id, with_for_update=for_update)
    if found is None:
        raise NotFound(f"no request {request_id}")
    return found


async def list_requests(
    uow: UnitOfWork, company_id: UUID | None, state: str | None
) -> list[TrainingRequest]:
    query = select(TrainingRequest).order_by(TrainingRequest.created_at)
    if company_id is not None:
        query = query.where(TrainingRequest.company_id == company_id)
    if state is not None:
        query = query.where(TrainingRequest.state == state)
    return list(await uow.session.scalars(query))


def _still_planning(training_request: TrainingRequest) -> None:
    if training_request.state == CONFIRMED:
        raise Conflict("request: already confirmed; its groups are planned")


async def record_availability(
    uow: UnitOfWork, training_request: TrainingRequest, slot: Slot, recorded_by: Principal
) -> AvailabilitySlot:
    _still_planning(training_request)
    check_slot(
        slot,
        now=uow.clock.now(),
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
        recorded_by_email=recorded_by.email.lower(),
        recorded_at=uow.clock.now(),
    )
    uow.session.add(row)
    await uow.commit()
    return row


async def availability_of(uow: UnitOfWork, request_id: UUID) -> list[AvailabilitySlot]:
    return list(
        await uow.session.scalars(
            select(AvailabilitySlot)
            .where(AvailabilitySlot.request_id == request_id)
            .order_by(AvailabilitySlot.starts_at)
        )
    )


async def propose_dates(
    uow: UnitOfWork,
    training_request: TrainingRequest,
    options: Sequence[Sequence[Session]],
    proposed_by: Principal,
    settings: IncompanySettings,
) -> list[Proposal]:
    """Record options of dates and send them to the customer (R-I3)."""
    _still_planning(training_request)
    if not options:
        raise Refused("options: propose at least one option of dates")
    slots = [
        Slot(s.starts_at, s.ends_at, s.trainer_name, s.trainer_user_id)
        for s in await availability_of(uow, training_request.id)
    ]
    now = uow.clock.now()
    proposals: list[Proposal] = []
    published: list[ProposedOption] = []
    for number, sessions in enumerate(options):
        try:
            chosen_slots = check_option(
                sessions,
                slots,
                now=now,
                desired_from=training_request.desired_from,
                desired_until=training_request.desired_until,
                delays=Delays.of(settings),
            )
        except Refused as error:
            raise type(error)(f"options[{number}].{error}") from error
        proposal = Proposal(
            id=uuid.uuid4(),
            request_id=training_request.id,
            state=OPEN,
            proposed_by_email=proposed_by.email.lower(),
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
        proposals.append(proposal)
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
    await uow.commit()
    return proposals


async def proposals_of(uow: UnitOfWork, request_id: UUID) -> list[Proposal]:
    return list(
        await uow.session.scalars(
            select(Proposal).where(Proposal.request_id == request_id).order_by(Proposal.proposed_at)
        )
    )


async def sessions_of(uow: UnitOfWork, proposal_id: UUID) -> list[ProposalSession]:
    return list(
        await uow.session.scalars(
            select(ProposalSession)
            .where(ProposalSession.proposal_id == proposal_id)
            .order_by(ProposalSession.position)
        )
    )


async def _next_project_sequence(uow: UnitOfWork, year: int) -> int:
    """The next project number of a Brussels year, held by the row lock until commit."""
    session = uow.session
    dialect = session.bind.dialect.name if session.bind is not None else "postgresql"
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    counters = ProjectCounter.__table__
    await session.execute(
        insert(counters).values(year=year, last=0).on_conflict_do_nothing(index_elements=["year"])
    )
    result = await session.execute(
        update(counters)
        .where(counters.c.year == year)
        .values(last=counters.c.last + 1)
        .returning(counters.c.last)
    )
    return int(result.scalar_one())


async def confirm_dates(
    uow: UnitOfWork,
    training_request: TrainingRequest,
    proposal_id: UUID,
    confirmed_by: Principal,
    settings: IncompanySettings,
) -> list[Group]:
    """The customer confirms an option: the groups are created and the recap sent (R-I3, R-I4)."""
    _still_planning(training_request)
    proposal = await uow.session.get(Proposal, proposal_id)
    if proposal is None or proposal.request_id != training_request.id:
        raise NotFound(f"proposal_id: no proposal {proposal_id} for this request")
    if proposal.state != OPEN:
        raise Conflict(f"proposal_id: this proposal is {proposal.state}")
    sessions = await sessions_of(uow, proposal.id)
    now = uow.clock.now()
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
    project = recap.project_number(year, await _next_project_sequence(uow, year))
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
        await schedule.schedule_group(uow, group, delays)
        groups.append(group)
    for other in await proposals_of(uow, training_request.id):
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
            confirmed_by_email=confirmed_by.email.lower(),
        )
    )
    await uow.commit()
    return groups
