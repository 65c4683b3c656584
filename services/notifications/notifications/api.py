"""The notifications REST API: the messages recorded for the caller (all of them for staff)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import select

from chassis.api import PrincipalDep, UnitOfWorkDep
from notifications.models import Message

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
    sent_at: datetime | None


@router.get("/messages", summary="Messages recorded for the caller; staff see everyone's")
async def list_messages(
    principal: PrincipalDep,
    uow: UnitOfWorkDep,
    template: str | None = Query(default=None, max_length=100),
    limit: int = Query(default=50, ge=1, le=500),
) -> list[MessageOut]:
    query = select(Message).order_by(Message.created_at.desc(), Message.id).limit(limit)
    if not principal.is_staff:
        query = query.where(Message.recipient_user_id == principal.user_id)
    if template:
        query = query.where(Message.template == template)
    messages = (await uow.session.scalars(query)).all()
    return [MessageOut.model_validate(m, from_attributes=True) for m in messages]
