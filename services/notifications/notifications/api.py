"""The notifications REST API: the messages recorded for the caller (all of them for staff).

A message is listed with its recipient, template, language, delivery status
and attempts; never with its content, which may hold a link with a token.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, Query, status
from pydantic import BaseModel
from sqlalchemy import or_, select, update

from chassis.api import PrincipalDep, UnitOfWorkDep, require_roles
from chassis.tokens import Principal
from contracts.identity import Role
from notifications.catalogue import Template
from notifications.models import Message, MessageStatus

router = APIRouter(tags=["notifications"])

RESENDABLE = (MessageStatus.UNCERTAIN, MessageStatus.FAILED)


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
        return out if principal.is_staff else out.model_copy(update={"last_error": None})


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
    query = (
        select(Message).order_by(Message.created_at.desc(), Message.id).limit(limit).offset(offset)
    )
    if not principal.is_staff:
        # R-A4/R-A5: what was sent to the login email, or to this user by id.
        query = query.where(
            or_(
                Message.recipient_user_id == principal.user_id,
                Message.recipient_email == principal.email.lower(),
            )
        )
    if template is not None:
        query = query.where(Message.template == template)
    if message_status is not None:
        query = query.where(Message.status == message_status)
    messages = (await uow.session.scalars(query)).all()
    return [MessageOut.of(m, principal) for m in messages]


@router.post(
    "/messages/{message_id}/resend",
    summary="Staff: send an uncertain or failed message again, after checking it did not arrive",
)
async def resend_message(
    message_id: UUID,
    uow: UnitOfWorkDep,
    principal: Annotated[Principal, Depends(require_roles(Role.CUSTOMER_SERVICE, Role.ADMIN))],
) -> MessageOut:
    message = await uow.session.get(Message, message_id)
    if message is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no message {message_id}")
    if message.status not in RESENDABLE:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            f"only an uncertain or failed message can be resent; this one is {message.status}",
        )
    # The status check in the UPDATE keeps two staff clicks from queueing it twice.
    result = await uow.session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status.in_(RESENDABLE))
        .values(status=MessageStatus.PENDING, next_attempt_at=uow.clock.now())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise HTTPException(status.HTTP_409_CONFLICT, "the message changed meanwhile; reload it")
    await uow.commit()
    await uow.session.refresh(message)
    return MessageOut.of(message, principal)
