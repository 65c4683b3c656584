"""Evaluations (R-I12): each participant answers once; HR sees the group's results."""

from __future__ import annotations

import uuid
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from chassis.tokens import Principal
from chassis.unit_of_work import UnitOfWork
from incompany.adapters.tables import Evaluation, Group, Participant
from incompany.domain.ratings import Answer, Results, aggregate, check_answer
from incompany.domain.refusals import Conflict, NotFound
from incompany.handlers.groups import ACTIVE_PARTICIPANT, CANCELLED, active_participants

ALREADY_ANSWERED = "evaluation: you have already answered"


async def own_participation(
    uow: UnitOfWork, principal: Principal, participant_id: UUID
) -> tuple[Participant, Group]:
    """The caller's own participation (matched by login email); 404 for anyone else's."""
    participant = await uow.session.get(Participant, participant_id)
    if (
        participant is None
        or participant.state != ACTIVE_PARTICIPANT
        or participant.email != principal.email.strip().lower()
    ):
        raise NotFound(f"no participation {participant_id}")
    group = await uow.session.get(Group, participant.group_id)
    if group is None:
        raise NotFound(f"no participation {participant_id}")
    return participant, group


async def answer_evaluation(
    uow: UnitOfWork, principal: Principal, participant_id: UUID, answer: Answer
) -> Evaluation:
    participant, group = await own_participation(uow, principal, participant_id)
    if group.state == CANCELLED:
        raise Conflict("evaluation: the class was cancelled")
    if participant.attended is False:
        raise Conflict("evaluation: you were recorded absent from the class")
    check_answer(answer, now=uow.clock.now(), ends_at=group.ends_at)
    existing = await uow.session.scalar(
        select(Evaluation.id).where(Evaluation.participant_id == participant.id)
    )
    if existing is not None:
        raise Conflict(ALREADY_ANSWERED)
    evaluation = Evaluation(
        id=uuid.uuid4(),
        participant_id=participant.id,
        group_id=group.id,
        content_rating=answer.ratings["content"],
        trainer_rating=answer.ratings["trainer"],
        organisation_rating=answer.ratings["organisation"],
        platform_rating=answer.ratings["platform"],
        comment=answer.comment.strip()[:2000],
        submitted_at=uow.clock.now(),
    )
    uow.session.add(evaluation)
    try:
        await uow.commit()
    except IntegrityError as error:  # a concurrent answer of the same participant won
        raise Conflict(ALREADY_ANSWERED) from error
    return evaluation


async def answered(uow: UnitOfWork, participant_id: UUID) -> bool:
    found = await uow.session.scalar(
        select(Evaluation.id).where(Evaluation.participant_id == participant_id)
    )
    return found is not None


async def group_results(uow: UnitOfWork, group: Group) -> Results:
    rows = await uow.session.scalars(select(Evaluation).where(Evaluation.group_id == group.id))
    answers = [
        Answer(
            {
                "content": e.content_rating,
                "trainer": e.trainer_rating,
                "organisation": e.organisation_rating,
                "platform": e.platform_rating,
            },
            e.comment,
        )
        for e in rows
    ]
    invited = [p for p in await active_participants(uow, group.id) if p.attended is not False]
    return aggregate(answers, len(invited))
