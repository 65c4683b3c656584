"""What notifications is asked: queries and commands of its API, frozen dataclasses, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from chassis.pages import PageRequest
from chassis.tokens import Principal
from notifications.domain.refusals import OffsetRemoved


@dataclass(frozen=True)
class ListMessages:
    """The messages recorded for the caller (everyone's for staff), newest first."""

    principal: Principal
    page: PageRequest
    template: str | None = None
    status: str | None = None
    recipient: str | None = None
    """One recipient's address (any case)."""
    created_from: datetime | None = None
    created_until: datetime | None = None
    """Excluded: the messages recorded before it."""
    offset: int | None = None
    """The offset of the old API: only 0 (the first page) is taken."""

    def check(self) -> None:
        if self.offset:
            raise OffsetRemoved(
                "offset: this list pages with a cursor now; follow `next` from the first page",
                field="query.offset",
            )


@dataclass(frozen=True)
class ResendMessage:
    """Staff: send an uncertain or failed message again."""

    message_id: UUID
