"""What notifications is asked: queries and commands of its API, frozen dataclasses, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from chassis.tokens import Principal


@dataclass(frozen=True)
class ListMessages:
    """The messages recorded for the caller (everyone's for staff), newest first."""

    principal: Principal
    template: str | None = None
    status: str | None = None
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class ResendMessage:
    """Staff: send an uncertain or failed message again."""

    message_id: UUID
