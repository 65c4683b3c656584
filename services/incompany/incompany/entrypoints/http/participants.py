"""Participants over HTTP (R-I5, R-I7, R-I8, R-A6).

HR manages the participants of their company's groups once their attestation
is approved (R-A6): before, 403. The national register number is accepted as
plain text in a request body (never in a URL, which proxies log), checked by
the handler rather than by the request model (whose error would echo it
back), and shown masked in every answer. Until the keys that protect the
numbers are configured, these routes answer 503 saying which setting is missing.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, status
from pydantic import BaseModel, EmailStr, Field

from contracts.accounts import Language
from contracts.identity import Role
from incompany.domain import access
from incompany.domain.commands import AddParticipant, CancelParticipant, NewParticipant
from incompany.entrypoints.http.dependencies import NOT_FOUND, UowDep, caller
from incompany.handlers import participants
from incompany.handlers.participants import ShownParticipant

router = APIRouter(tags=["participants"])

Hr = caller(Role.HR)
Reader = caller(Role.HR, *access.OFFICE_STAFF, Role.TRAINER)
Searcher = caller(Role.HR, *access.OFFICE_STAFF)


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
    added_at: datetime
    added_by_email: str
    cancelled_at: datetime | None
    platform_link_issued_at: datetime | None
    attended: bool | None

    @classmethod
    def of(cls, shown: ShownParticipant) -> ParticipantOut:
        fields = {name: getattr(shown.participant, name, None) for name in cls.model_fields}
        return cls.model_validate(
            {**fields, "national_register_number": shown.national_register_number}
        )


@router.get(
    "/groups/{group_id}/participants",
    summary="The group's participants, numbers masked",
    responses=NOT_FOUND,
)
async def list_participants(
    group_id: UUID, principal: Reader, uow: UowDep, include_cancelled: bool = False
) -> list[ParticipantOut]:
    found = await participants.list_participants(group_id, principal, include_cancelled, uow)
    return [ParticipantOut.of(p) for p in found]


@router.post(
    "/groups/{group_id}/participants",
    status_code=status.HTTP_201_CREATED,
    summary="Enter a participant until 3 days before the start (R-I7, R-I8)",
    responses={
        **NOT_FOUND,
        403: {"description": "Not HR, or the HR attestation is not approved (R-A6)"},
        409: {"description": "Already in the group, or the list is closed (R-I7)"},
        422: {"description": "A wrong national register number or email"},
    },
)
async def add_participant(
    group_id: UUID, body: ParticipantIn, principal: Hr, uow: UowDep
) -> ParticipantOut:
    person = NewParticipant(
        full_name=body.full_name,
        email=str(body.email),
        national_register_number=body.national_register_number,
        language=body.language,
    )
    command = AddParticipant(by=principal, group_id=group_id, participant=person)
    return ParticipantOut.of(await participants.add_participant(command, uow))


@router.delete(
    "/groups/{group_id}/participants/{participant_id}",
    summary="Cancel a participant until 3 days before the start (R-I5, R-I7)",
    responses=NOT_FOUND,
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
    group_starts_at: datetime
    group_state: str


@router.post(
    "/participants/search",
    summary="Find a person's participations by national register number (blind index)",
)
async def search(body: SearchIn, principal: Searcher, uow: UowDep) -> list[Participation]:
    found = await participants.search_participations(body.national_register_number, principal, uow)
    return [
        Participation(
            participant=ParticipantOut.of(p.participant),
            group_reference=p.group.reference,
            group_starts_at=p.group.starts_at,
            group_state=p.group.state,
        )
        for p in found
    ]
