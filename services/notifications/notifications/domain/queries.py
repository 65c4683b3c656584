"""What notifications is asked: queries and commands of its API, frozen dataclasses, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class ResendMessage:
    """Staff: send an uncertain or failed message again."""

    message_id: UUID
