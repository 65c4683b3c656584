"""Participants over HTTP (R-I5, R-I7, R-I8, R-A6).

HR manages the participants of their company's groups once their attestation
is approved (R-A6): before, 403. The national register number is accepted as
plain text in a request body (never in a URL, which proxies log), checked by
the handler rather than by the request model (whose error would echo it
back), and shown masked in every answer. Until the keys that protect the
numbers are configured, these routes answer 503 saying which setting is missing.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import BaseModel, ConfigDict, EmailStr, Field

from chassis.api import PageRequestDep, page_answer
from chassis.pages import Page
from contracts.accounts import Language
from contracts.identity import Role
from incompany.domain import access
from incompany.domain.commands import (
    AddParticipant,
    CancelParticipant,
    EraseParticipant,
    NewParticipant,
)
from incompany.entrypoints.http.dependencies import (
    NOT_FOUND,
    Instant,
    UowDep,
    caller,
    created,
    set_location,
)
from incompany.handlers import erasure, participants
from incompany.handlers.participants import ShownParticipant

router = APIRouter(tags=["participants"])

Hr = caller(Role.HR)
Reader = caller(Role.HR, *access.OFFICE_STAFF, Role.TRAINER)
Searcher = caller(Role.HR, *access.OFFICE_STAFF)
Eraser = caller(*access.ERASERS)


class ParticipantIn(BaseModel):
    full_name: str = Field(min_length=1, max_length=200)
    email: EmailStr
    national_register_number: str = Field(
        description="Belgian national register number, e.g. 85.07.30-033.28"
    )
    language: Language = "fr"


class ParticipantOut(BaseModel):
    id: UUID
    group_id: UUID
    full_name: str
    email: str
    language: str
    national_register_number: str = Field(description="Masked: only the check digits show")
    state: str
    added_at: Instant
    added_by_email: str
    cancelled_at: Instant | None
    platform_link_issued_at: Instant | None
    attended: bool | None

    @classmethod
    def of(cls, shown: ShownParticipant) -> ParticipantOut:
        fields = {name: getattr(shown.participant, name, None) for name in cls.model_fields}
        return cls.model_validate(
            {**fields, "national_register_number": shown.national_register_number}
        )


@router.get(
    "/groups/{group_id}/participants",
    summary="The group's participants in the order they were entered, numbers masked",
    responses=NOT_FOUND,
)
async def list_participants(
    group_id: UUID,
    principal: Reader,
    uow: UowDep,
    page: PageRequestDep,
    request: Request,
    response: Response,
    include_cancelled: Annotated[bool, Query(description="The cancelled ones too")] = False,
) -> Page[ParticipantOut]:
    found, next_cursor = await participants.list_participants(
        group_id, principal, include_cancelled, page, uow
    )
    return page_answer(request, response, [ParticipantOut.of(p) for p in found], next_cursor)


@router.get(
    "/groups/{group_id}/participants/{participant_id}",
    summary="One participant of the group, number masked",
    responses=NOT_FOUND,
)
async def get_participant(
    group_id: UUID, participant_id: UUID, principal: Reader, uow: UowDep
) -> ParticipantOut:
    shown = await participants.get_participant(group_id, participant_id, principal, uow)
    return ParticipantOut.of(shown)


@router.post(
    "/groups/{group_id}/participants",
    status_code=status.HTTP_201_CREATED,
    summary="Enter a participant until 3 days before the start (R-I7, R-I8)",
    responses={
        **created(),
        **NOT_FOUND,
        403: {"description": "Not HR, or the HR attestation is not approved (R-A6)"},
        409: {"description": "Already in the group, or the list is closed (R-I7)"},
        422: {"description": "A wrong national register number or email"},
    },
)
async def add_participant(
    group_id: UUID,
    body: ParticipantIn,
    principal: Hr,
    uow: UowDep,
    request: Request,
    response: Response,
) -> ParticipantOut:
    person = NewParticipant(
        full_name=body.full_name,
        email=str(body.email),
        national_register_number=body.national_register_number,
        language=body.language,
    )
    command = AddParticipant(by=principal, group_id=group_id, participant=person)
    shown = await participants.add_participant(command, uow)
    set_location(
        request,
        response,
        "get_participant",
        group_id=group_id,
        participant_id=shown.participant.id,
    )
    return ParticipantOut.of(shown)


@router.delete(
    "/groups/{group_id}/participants/{participant_id}",
    summary="Cancel a participant until 3 days before the start (R-I5, R-I7)",
    responses={**NOT_FOUND, 409: {"description": "Already cancelled, or the list is closed"}},
)
async def cancel_participant(
    group_id: UUID, participant_id: UUID, principal: Hr, uow: UowDep
) -> ParticipantOut:
    command = CancelParticipant(by=principal, group_id=group_id, participant_id=participant_id)
    return ParticipantOut.of(await participants.cancel_participant(command, uow))


class SearchIn(BaseModel):
    national_register_number: str


class Participation(BaseModel):
    participant: ParticipantOut
    group_reference: str
    group_starts_at: Instant
    group_state: str


@router.post(
    "/participants/search",
    summary="Find a person's participations by national register number (blind index), by "
    "start of class; the next page: POST the same body to `next`",
    responses={403: {"description": "Not staff, or HR whose attestation is not approved"}},
)
async def search(
    body: SearchIn,
    principal: Searcher,
    uow: UowDep,
    page: PageRequestDep,
    request: Request,
    response: Response,
) -> Page[Participation]:
    found, next_cursor = await participants.search_participations(
        body.national_register_number, principal, page, uow
    )
    items = [
        Participation(
            participant=ParticipantOut.of(p.participant),
            group_reference=p.group.reference,
            group_starts_at=p.group.starts_at,
            group_state=p.group.state,
        )
        for p in found
    ]
    return page_answer(request, response, items, next_cursor)


class ErasureIn(BaseModel):
    """Exactly one of the two: the person's number, or their email."""

    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [{"required": ["national_register_number"]}, {"required": ["email"]}]
        }
    )

    # Absent, not null: the published schema says "a string when given" and means it.
    national_register_number: str = Field(  # type: ignore[assignment]
        default=None, description="The person's number (found through the blind index)"
    )
    email: str = Field(  # type: ignore[assignment]
        default=None, max_length=320, description="Or their email"
    )


class ErasureOut(BaseModel):
    erased: list[UUID] = Field(description="The participations whose personal data is erased")
    published_events_deleted: int
    pending_events: int = Field(
        description="Events about the person still waiting to be published; deleted once "
        "published, by the outbox's retention"
    )


@router.post(
    "/participants/erasures",
    summary="Erase a person's participant data on their request (GDPR art. 17): name, email "
    "and national register number of every participation; counts, attendance and fees stay",
    responses={
        403: {"description": "Not customer service or admin"},
        404: {"description": "No participant with this number or email"},
        422: {"description": "Neither or both of number and email, or a wrong number"},
    },
)
async def erase(body: ErasureIn, principal: Eraser, uow: UowDep) -> ErasureOut:
    command = EraseParticipant(
        national_register_number=body.national_register_number, email=body.email
    )
    erased = await erasure.erase_participant(command, uow)
    return ErasureOut(
        erased=erased.participant_ids,
        published_events_deleted=erased.forgotten.published_events,
        pending_events=erased.forgotten.pending_events,
    )
