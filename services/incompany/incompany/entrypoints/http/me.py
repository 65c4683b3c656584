"""A participant's own in-company trainings (R-A7, R-I10, R-I12), by their login email.

The participant's account (made by accounts on `incompany.participant.added.v1`)
carries the participant role; with it they see each group they are in, its
class link, their signed learning-platform link once issued, and answer the
evaluation once.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from contracts.identity import Role
from incompany.domain.commands import AnswerEvaluation
from incompany.domain.ratings import Answer
from incompany.entrypoints.http.dependencies import NOT_FOUND, UowDep, caller
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
    starts_at: datetime
    ends_at: datetime
    group_state: str
    class_link: str | None
    platform_url: str | None = Field(description="R-I10: issued the day after the confirmation")
    platform_link_expires_at: datetime | None
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


@router.get("/me/participations", summary="My in-company trainings and their links")
async def my_participations(principal: ParticipantCaller, uow: UowDep) -> list[ParticipationOut]:
    return [ParticipationOut.of(o) for o in await evaluations.my_participations(principal, uow)]


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
    submitted_at: datetime


@router.post(
    "/me/participations/{participant_id}/evaluation",
    status_code=status.HTTP_201_CREATED,
    summary="Answer the evaluation of a class, once (R-I12)",
    responses={**NOT_FOUND, 409: {"description": "Already answered"}},
)
async def answer_evaluation(
    participant_id: UUID, body: EvaluationIn, principal: ParticipantCaller, uow: UowDep
) -> EvaluationOut:
    answer = Answer(body.ratings.model_dump(), body.comment)
    command = AnswerEvaluation(by=principal, participant_id=participant_id, answer=answer)
    evaluation = await evaluations.answer_evaluation(command, uow)
    return EvaluationOut(participant_id=participant_id, submitted_at=evaluation.submitted_at)
