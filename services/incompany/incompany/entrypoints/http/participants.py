"""Participants over HTTP (R-I5, R-I7, R-I8, R-A6).

HR manages the participants of their company's groups once their attestation
is approved (R-A6): before, 403. The national register number is accepted as
plain text in a request body (never in a URL, which proxies log), checked here
rather than by the request model (whose error would echo it back), and shown
masked in every answer.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, status
from pydantic import BaseModel, EmailStr, Field

from chassis.api import UnitOfWorkDep
from chassis.tokens import Principal
from chassis.unit_of_work import UnitOfWork
from contracts.accounts import Language
from contracts.identity import Role
from incompany.adapters.nrn_protection import NrnProtector
from incompany.adapters.tables import Group, Participant
from incompany.domain import access, national_register
from incompany.domain.deadlines import Delays
from incompany.entrypoints.http.dependencies import (
    NOT_FOUND,
    DomainRoute,
    ProtectorDep,
    SettingsDep,
    caller,
)
from incompany.handlers import attestations, groups, participants
from incompany.handlers.participants import NewParticipant

router = APIRouter(tags=["participants"], route_class=DomainRoute)

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
    def of(cls, participant: Participant, protector: NrnProtector) -> ParticipantOut:
        fields = {name: getattr(participant, name, None) for name in cls.model_fields}
        masked = national_register.masked(protector.decrypt(participant.nrn_ciphertext))
        return cls.model_validate({**fields, "national_register_number": masked})


async def _managed_group(
    uow: UnitOfWork, principal: Principal, group_id: UUID, *, for_update: bool = False
) -> Group:
    """A group whose participants the caller may see or manage.

    HR must be approved (R-A6) first: 403, before anything about the group shows.
    """
    if access.acts_for_company(principal):
        await attestations.require_approved_hr(uow, principal)
    return await groups.visible_group(uow, principal, group_id, for_update=for_update)


@router.get(
    "/groups/{group_id}/participants",
    summary="The group's participants, numbers masked",
    responses=NOT_FOUND,
)
async def list_participants(
    group_id: UUID,
    principal: Reader,
    uow: UnitOfWorkDep,
    protector: ProtectorDep,
    include_cancelled: bool = False,
) -> list[ParticipantOut]:
    group = await _managed_group(uow, principal, group_id)
    found = await participants.participants_of(uow, group.id, all_states=include_cancelled)
    return [ParticipantOut.of(p, protector) for p in found]


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
    group_id: UUID,
    body: ParticipantIn,
    principal: Hr,
    uow: UnitOfWorkDep,
    protector: ProtectorDep,
    settings: SettingsDep,
) -> ParticipantOut:
    group = await _managed_group(uow, principal, group_id, for_update=True)
    command = NewParticipant(
        full_name=body.full_name,
        email=str(body.email),
        national_register_number=body.national_register_number,
        language=body.language,
    )
    participant = await participants.add_participant(
        uow, group, command, principal, protector, Delays.of(settings)
    )
    return ParticipantOut.of(participant, protector)


@router.delete(
    "/groups/{group_id}/participants/{participant_id}",
    summary="Cancel a participant until 3 days before the start (R-I5, R-I7)",
    responses=NOT_FOUND,
)
async def cancel_participant(
    group_id: UUID,
    participant_id: UUID,
    principal: Hr,
    uow: UnitOfWorkDep,
    protector: ProtectorDep,
    settings: SettingsDep,
) -> ParticipantOut:
    group = await _managed_group(uow, principal, group_id, for_update=True)
    participant = await participants.cancel_participant(
        uow, group, participant_id, Delays.of(settings)
    )
    return ParticipantOut.of(participant, protector)


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
async def search(
    body: SearchIn, principal: Searcher, uow: UnitOfWorkDep, protector: ProtectorDep
) -> list[Participation]:
    company: UUID | None = None
    if access.acts_for_company(principal):
        await attestations.require_approved_hr(uow, principal)
        company = principal.company_id
    found = await participants.find_by_number(
        uow, body.national_register_number, protector, company
    )
    return [
        Participation(
            participant=ParticipantOut.of(p, protector),
            group_reference=g.reference,
            group_starts_at=g.starts_at,
            group_state=g.state,
        )
        for p, g in found
    ]
