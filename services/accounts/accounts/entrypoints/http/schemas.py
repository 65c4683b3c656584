"""Bodies the accounts API answers with, shared by its routers."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from accounts.adapters.tables import User
from accounts.domain import passwords

PASSWORD = Field(min_length=1, max_length=1024)
"""A password given to log in or to confirm who one is: whatever it was set to."""
NEW_PASSWORD = Field(
    min_length=1,
    max_length=1024,
    json_schema_extra={"minLength": passwords.MIN_LENGTH, "maxLength": passwords.MAX_LENGTH},
)
"""A password being chosen: the document states the policy; `domain.passwords.check_policy`
checks it, with a clearer message (weak_password) than the request validation's."""


class UserOut(BaseModel):
    id: UUID
    email: str
    email_verified: bool = Field(
        description="Whether the address is confirmed by a single-use link; until then, "
        "what other services match on it (enrollment history, invoices) is not shown"
    )
    full_name: str
    language: str
    account_kind: str
    roles: list[str]
    company_id: UUID | None
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(
            id=user.id,
            email=user.email,
            email_verified=user.email_verified_at is not None,
            full_name=user.full_name,
            language=user.language,
            account_kind=user.account_kind,
            roles=user.roles,
            company_id=user.company_id,
            created_at=user.created_at,
        )
