"""A participant's own in-company trainings (R-A7, R-I10, R-I12), by their login email.

The participant's account (made by accounts on `incompany.participant.added.v1`)
carries the participant role; with it they see each group they are in, its
class link, their signed learning-platform link once issued, and answer the
evaluation once. What is matched on the login email shows only once that
address is verified (issue 13); before, and for anyone who is in no group, the
list is an empty page, not a refusal.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel, Field

from chassis.api import PageRequestDep, PrincipalDep, page_answer
from chassis.pages import Page
from contracts.identity import Role
from incompany.adapters.evaluations import ratings_of
from incompany.adapters.tables import Evaluation
from incompany.domain.commands import AnswerEvaluation
from incompany.domain.ratings import Answer
from incompany.entrypoints.http.dependencies import (
    NOT_FOUND,
    Instant,
    UowDep,
    caller,
    created,
    set_location,
)
from incompany.handlers import evaluations
from incompany.handlers.evaluations import OwnParticipation

router = APIRouter(tags=["participant space"])

ParticipantCaller = caller(Role.PARTICIPANT)


class ParticipationOut(BaseModel):
    participant_id: UUID
    full_name: str
    group_id: UUID
    group_reference: str
    course_code: str
    course_title: str
    company_name: str
    starts_at: Instant
    ends_at: Instant
    group_state: str
    class_link: str | None
    platform_url: str | None = Field(description="R-I10: issued the day after the confirmation")
    platform_link_expires_at: Instant | None
    evaluation_answered: bool

    @classmethod
    def of(cls, own: OwnParticipation) -> ParticipationOut:
        p, g = own.participant, own.group
        return cls(
            participant_id=p.id,
            full_name=p.full_name,
            group_id=g.id,
            group_reference=g.reference,
            course_code=g.course_code,
            course_title=g.course_title,
            company_name=g.company_name,
            starts_at=g.starts_at,
            ends_at=g.ends_at,
            group_state=g.state,
            class_link=g.class_link,
            platform_url=p.platform_url,
            platform_link_expires_at=p.platform_link_expires_at,
            evaluation_answered=own.evaluation_answered,
        )


@router.get(
    "/me/participations",
    summary="My in-company trainings and their links, by start of class (an empty page for "
    "anyone in no group, or whose email is not verified yet)",
)
async def my_participations(
    principal: PrincipalDep,
    uow: UowDep,
    page: PageRequestDep,
    request: Request,
    response: Response,
    group_state: Literal["planned", "confirmed", "cancelled", "completed"] | None = None,
) -> Page[ParticipationOut]:
    found, next_cursor = await evaluations.my_participations(principal, group_state, page, uow)
    return page_answer(request, response, [ParticipationOut.of(o) for o in found], next_cursor)


@router.get(
    "/me/participations/{participant_id}",
    summary="One of my in-company trainings",
    responses=NOT_FOUND,
)
async def my_participation(
    participant_id: UUID, principal: PrincipalDep, uow: UowDep
) -> ParticipationOut:
    return ParticipationOut.of(await evaluations.my_participation(participant_id, principal, uow))


class RatingsIn(BaseModel):
    content: int = Field(ge=1, le=5)
    trainer: int = Field(ge=1, le=5)
    organisation: int = Field(ge=1, le=5)
    platform: int = Field(ge=1, le=5)


class EvaluationIn(BaseModel):
    ratings: RatingsIn
    comment: str = Field(default="", max_length=2000)


class EvaluationOut(BaseModel):
    participant_id: UUID
    ratings: RatingsIn
    comment: str
    submitted_at: Instant

    @classmethod
    def of(cls, evaluation: Evaluation) -> EvaluationOut:
        return cls(
            participant_id=evaluation.participant_id,
            ratings=RatingsIn(**ratings_of(evaluation)),
            comment=evaluation.comment,
            submitted_at=evaluation.submitted_at,
        )


@router.post(
    "/me/participations/{participant_id}/evaluation",
    status_code=status.HTTP_201_CREATED,
    summary="Answer the evaluation of a class, once (R-I12)",
    responses={**NOT_FOUND, **created(409), 409: {"description": "Already answered"}},
)
async def answer_evaluation(
    participant_id: UUID,
    body: EvaluationIn,
    principal: ParticipantCaller,
    uow: UowDep,
    request: Request,
    response: Response,
) -> EvaluationOut:
    answer = Answer(body.ratings.model_dump(), body.comment)
    command = AnswerEvaluation(by=principal, participant_id=participant_id, answer=answer)
    evaluation = await evaluations.answer_evaluation(command, uow)
    set_location(request, response, "my_evaluation", participant_id=participant_id)
    return EvaluationOut.of(evaluation)


@router.get(
    "/me/participations/{participant_id}/evaluation",
    summary="My answer to the evaluation of a class",
    responses=NOT_FOUND,
)
async def my_evaluation(
    participant_id: UUID, principal: PrincipalDep, uow: UowDep
) -> EvaluationOut:
    return EvaluationOut.of(await evaluations.my_evaluation(participant_id, principal, uow))
