"""What anyone may do: browse the catalogue, open an account, log in, and every page an
emailed link opens (R-A1, R-A2, R-A3, R-A5)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from portal.adapters.api import Api, Tokens
from portal.domain.people import Person


@dataclass(frozen=True)
class Catalogue:
    sessions: list[dict[str, Any]]
    courses: list[dict[str, Any]]
    course: str | None


async def catalogue(api: Api, course: str | None) -> Catalogue:
    """The public sessions to come, at the price the caller would pay (an enrollment
    manager's agreement price once R-B2 allows it, else the list price)."""
    sessions, courses = await asyncio.gather(api.sessions(course or None), api.courses())
    return Catalogue(sessions=sessions, courses=courses, course=course or None)


async def session(api: Api, session_id: str) -> dict[str, Any]:
    return await api.session(session_id)


@dataclass(frozen=True)
class SignedIn:
    tokens: Tokens
    person: Person


async def log_in(api: Api, email: str, password: str) -> SignedIn:
    answer = await api.log_in(email, password)
    api.tokens = Tokens(access=answer["access_token"], refresh=answer.get("refresh_token"))
    person = Person.from_account(await api.me())
    return SignedIn(api.tokens, person)


async def register(api: Api, kind: str, form: dict[str, str], key: str) -> None:
    """R-A1: an individual, or a company with its first enrollment manager."""
    person = {
        "email": form.get("email", ""),
        "password": form.get("password", ""),
        "full_name": form.get("full_name", ""),
        "language": api.language,
    }
    if kind == "company":
        await api.register_company(
            {
                **person,
                "legal_name": form.get("legal_name", ""),
                "country": form.get("country", ""),
                "registration_number": form.get("registration_number", ""),
                "vat_number": form.get("vat_number") or None,
            },
            key,
        )
    else:
        await api.register_individual(person, key)
