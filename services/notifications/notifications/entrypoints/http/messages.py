"""The notifications REST API: the messages recorded for the caller (all of them for staff).

A message is listed with its recipient, template, language, delivery status
and attempts; never with its content, which may hold a link with a token.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from chassis import problems
from chassis.api import PrincipalDep, UnitOfWorkDep, require_roles
from chassis.tokens import Principal
from notifications.adapters.tables import Message
from notifications.domain.access import RESENDERS, sees_delivery_errors
from notifications.domain.catalogue import Template
from notifications.domain.lifecycle import MessageStatus
from notifications.domain.queries import ListMessages, ResendMessage
from notifications.handlers import messages

router = APIRouter(tags=["notifications"])


class MessageOut(BaseModel):
    id: UUID
    event_id: UUID
    template: str
    recipient_user_id: UUID | None
    recipient_email: str
    language: str
    status: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str | None
    """The mail server's last answer; shown to staff only."""

    @classmethod
    def of(cls, message: Message, principal: Principal) -> MessageOut:
        out = cls.model_validate(message, from_attributes=True)
        if sees_delivery_errors(principal):
            return out
        return out.model_copy(update={"last_error": None})


@router.get(
    "/messages",
    summary="Messages recorded for the caller (by user id or login email); staff see everyone's",
)
async def list_messages(
    principal: PrincipalDep,
    uow: UnitOfWorkDep,
    template: Template | None = None,
    message_status: Annotated[MessageStatus | None, Query(alias="status")] = None,
    limit: int = Query(default=50, ge=1, le=500),
    offset: int = Query(default=0, ge=0),
) -> list[MessageOut]:
    query = ListMessages(principal, template, message_status, limit, offset)
    return [MessageOut.of(m, principal) for m in await messages.list_messages(query, uow)]


@router.post(
    "/messages/{message_id}/resend",
    summary="Staff: send an uncertain or failed message again, after checking it did not arrive",
    responses=problems.responses(404, 409),
)
async def resend_message(
    message_id: UUID,
    uow: UnitOfWorkDep,
    principal: Annotated[Principal, Depends(require_roles(*RESENDERS))],
) -> MessageOut:
    message = await messages.resend_message(ResendMessage(message_id), uow)
    return MessageOut.of(message, principal)
