"""The notifications REST API: the messages recorded for the caller (all of them for staff).

A message is listed with its recipient, template, language, delivery status
and attempts; never with its content, which may hold a link with a token.
The list is a cursor page, newest first (docs/API.md); `offset`, the way it
paged before, is refused beyond the first page, so an old client stops with
an error instead of reading the first page again forever.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import AfterValidator, BaseModel

from chassis import problems
from chassis.api import PageRequestDep, PrincipalDep, UnitOfWorkDep, page_answer, require_roles
from chassis.pages import Page
from chassis.tokens import Principal
from chassis.wire_types import InstantIn
from notifications.adapters.tables import Message
from notifications.domain.access import RESENDERS, sees_delivery_errors
from notifications.domain.catalogue import Template
from notifications.domain.lifecycle import MessageStatus
from notifications.domain.queries import ResendMessage
from notifications.handlers import messages
from notifications.handlers.messages import ListMessages

router = APIRouter(tags=["notifications"])


def _in_utc(instant: datetime) -> datetime:
    return instant.astimezone(UTC)


Instant = Annotated[datetime, AfterValidator(_in_utc)]
"""An instant in an answer: UTC, written with `Z`."""


class MessageOut(BaseModel):
    id: UUID
    event_id: UUID
    template: str
    recipient_user_id: UUID | None
    recipient_email: str
    language: str
    status: str
    attempts: int
    created_at: Instant
    next_attempt_at: Instant
    sent_at: Instant | None
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
    summary="Messages recorded for the caller, newest first (by user id, or by login email "
    "once it is verified); staff see everyone's",
)
async def list_messages(
    principal: PrincipalDep,
    uow: UnitOfWorkDep,
    page: PageRequestDep,
    request: Request,
    response: Response,
    template: Template | None = None,
    message_status: Annotated[MessageStatus | None, Query(alias="status")] = None,
    recipient: Annotated[
        str | None,
        Query(min_length=3, max_length=320, description="One recipient's email address"),
    ] = None,
    created_from: Annotated[
        InstantIn | None, Query(description="Recorded at or after this instant")
    ] = None,
    created_until: Annotated[
        InstantIn | None, Query(description="Recorded before this instant")
    ] = None,
    offset: Annotated[
        int | None,
        Query(
            ge=0,
            le=2**31 - 1,
            deprecated=True,
            description="Gone: follow `next` (cursor pages). Only 0, the first page, is taken",
            json_schema_extra={"maximum": 0},  # published as taken; beyond: offset_removed
        ),
    ] = None,
) -> Page[MessageOut]:
    query = ListMessages(
        principal,
        page,
        template=template,
        status=message_status,
        recipient=recipient,
        created_from=created_from,
        created_until=created_until,
        offset=offset,
    )
    found, next_cursor = await messages.list_messages(query, uow)
    items = [MessageOut.of(m, principal) for m in found]
    return page_answer(request, response, items, next_cursor)


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
