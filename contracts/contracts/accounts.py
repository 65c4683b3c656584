"""Events published by the accounts service."""

from typing import Literal
from uuid import UUID

from pydantic import EmailStr, Field

from contracts.envelope import Event

Language = Literal["fr", "nl", "en"]
AccountKind = Literal["individual", "company"]


class UserRegisteredV1(Event):
    """A person created an account (R-A1), or staff created one for them (R-A2)."""

    name = "accounts.user.registered.v1"

    user_id: UUID
    email: EmailStr
    full_name: str = Field(min_length=1, max_length=200)
    language: Language = "fr"
    account_kind: AccountKind
