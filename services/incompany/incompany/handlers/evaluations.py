"""A participant's own space (R-A7, R-I10) and evaluations (R-I12): each participant
answers once; HR sees the group's results and answers.

A participation is the caller's when its email is the caller's login email and
that address is verified (issue 13): until then an account registered with
someone's address sees none of that person's trainings, only an empty page.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.exc import IntegrityError

from chassis.pages import PageRequest
from chassis.tokens import Principal
from incompany.adapters import evaluations, groups, participants
from incompany.adapters.tables import Evaluation, Group, Participant
from incompany.domain.commands import AnswerEvaluation
from incompany.domain.participants import ACTIVE
from incompany.domain.ratings import Answer, Results, aggregate, check_answer, check_may_answer
from incompany.domain.refusals import (
    EvaluationAnswered,
    EvaluationNotAnswered,
    UnknownParticipation,
)
from incompany.handlers import Uow
from incompany.handlers.groups import visible_group

ALREADY_ANSWERED = "evaluation: you have already answered"


@dataclass(frozen=True)
class OwnParticipation:
    participant: Participant
    group: Group
    evaluation_answered: bool


async def my_participations(
    by: Principal, group_state: str | None, page: PageRequest, uow: Uow
) -> tuple[list[OwnParticipation], str | None]:
    """A participant's own trainings (R-A7, R-I10), found by their verified login email;
    none (an empty page, not a refusal) for anyone else."""
    if not by.email_verified or not by.email.strip():
        return [], None
    found, next_cursor = await participants.participations_of_email(
        uow.session, by.email, page, group_state
    )
    answered = await participants.answered_among(uow.session, [p.id for p, _ in found])
    return [OwnParticipation(p, g, p.id in answered) for p, g in found], next_cursor


async def _own_participation(
    participant_id: UUID, by: Principal, uow: Uow
) -> tuple[Participant, Group]:
    """The caller's own participation (matched by a verified login email); 404 for
    anyone else's."""
    participant = await participants.get_participant(uow.session, participant_id)
    if (
        participant is None
        or participant.state != ACTIVE
        or not by.email_verified
        or participant.email != by.email.strip().lower()
    ):
        raise UnknownParticipation(f"no participation {participant_id}")
    group = await groups.get_group(uow.session, participant.group_id)
    if group is None:
        raise UnknownParticipation(f"no participation {participant_id}")
    return participant, group


async def my_participation(participant_id: UUID, by: Principal, uow: Uow) -> OwnParticipation:
    participant, group = await _own_participation(participant_id, by, uow)
    return OwnParticipation(
        participant, group, await evaluations.answered(uow.session, participant.id)
    )


async def my_evaluation(participant_id: UUID, by: Principal, uow: Uow) -> Evaluation:
    """The caller's own answer to the evaluation of one of their classes."""
    participant, _ = await _own_participation(participant_id, by, uow)
    evaluation = await evaluations.answer_of(uow.session, participant.id)
    if evaluation is None:
        raise EvaluationNotAnswered("evaluation: you have not answered it yet")
    return evaluation


async def answer_evaluation(command: AnswerEvaluation, uow: Uow) -> Evaluation:
    participant, group = await _own_participation(command.participant_id, command.by, uow)
    check_may_answer(group.state, participant.attended)
    answer = command.answer
    check_answer(answer, now=uow.clock.now(), ends_at=group.ends_at)
    if await evaluations.answered(uow.session, participant.id):
        raise EvaluationAnswered(ALREADY_ANSWERED)
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
        raise EvaluationAnswered(ALREADY_ANSWERED) from error
    return evaluation


async def group_results(group_id: UUID, by: Principal, uow: Uow) -> Results:
    """R-I12: the group's aggregated answers; the participants recorded absent are not
    counted among those invited."""
    group = await visible_group(group_id, by, uow)
    answers = [
        Answer(evaluations.ratings_of(e), e.comment)
        for e in await evaluations.evaluations_of_group(uow.session, group.id)
    ]
    active = await groups.active_participants(uow.session, group.id)
    invited = [p for p in active if p.attended is not False]
    return aggregate(answers, len(invited))


async def group_answers(
    group_id: UUID, by: Principal, commented: bool | None, page: PageRequest, uow: Uow
) -> tuple[list[Evaluation], str | None]:
    """R-I12: the group's answers one by one (without who gave them), oldest first."""
    group = await visible_group(group_id, by, uow)
    return await evaluations.page_of_answers(uow.session, group.id, page, commented=commented)
