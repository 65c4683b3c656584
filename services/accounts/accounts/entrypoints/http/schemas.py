"""Bodies the accounts API answers with, shared by its routers."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from accounts.adapters.tables import User

PASSWORD = Field(min_length=1, max_length=1024)
"""Length policy is checked by `domain.passwords.check_policy`, with a clearer message."""


class UserOut(BaseModel):
    id: UUID
    email: str
    full_name: str
    language: str
    account_kind: str
    roles: list[str]
    company_id: UUID | None
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls.model_validate(user, from_attributes=True)
