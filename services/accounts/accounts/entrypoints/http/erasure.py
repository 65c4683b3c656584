"""A person's account erased on their request, by staff (GDPR art. 17, issue 18)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from accounts.domain.commands import EraseUser
from accounts.entrypoints.http.dependencies import UowDep, signed_in_with_roles
from accounts.handlers.erasure import erase_user
from chassis import problems
from chassis.tokens import Principal
from contracts.identity import Role

router = APIRouter(tags=["erasure"])

Eraser = Annotated[Principal, Depends(signed_in_with_roles(Role.ADMIN, Role.CUSTOMER_SERVICE))]


class ErasureOut(BaseModel):
    user_id: UUID
    sessions_ended: int
    published_events_deleted: int
    pending_events: int = Field(
        description="Events about the person still waiting to be published; deleted once "
        "published, by the outbox's retention"
    )


@router.post(
    "/users/{user_id}/erasure",
    summary="Erase a person's account on their request (GDPR art. 17): name, address and "
    "password go, sessions end, every service erases its copies (invoices stay)",
    responses={
        404: {"description": "No such account, or already erased"},
        409: {"description": "Your own account (ask a colleague)"},
        **problems.responses(401, 403, 503),
    },
)
async def erase(user_id: UUID, uow: UowDep, by: Eraser) -> ErasureOut:
    erased = await erase_user(EraseUser(user_id=user_id, by=by.user_id), uow)
    return ErasureOut(
        user_id=user_id,
        sessions_ended=erased.sessions_ended,
        published_events_deleted=erased.forgotten.published_events,
        pending_events=erased.forgotten.pending_events,
    )
