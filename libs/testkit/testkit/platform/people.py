"""Who uses the platform: people of every role, logged in for real, and what each company owns.

The authorization matrix calls every route as each of these people, so they
are made the way real ones are: the first admin by accounts' operator
bootstrap, staff by that admin, individuals and companies by registering,
HR users by their manager; each sets a password from the link accounts sent
and logs in (`POST /token`), so every token is one accounts issued with a
session behind it. Their passwords, tokens and link tokens go to `Secrets`
for the log scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import jwt

from contracts.identity import Role
from testkit.platform.log_tape import Secrets

if TYPE_CHECKING:
    from testkit.platform.inprocess import Platform

PASSWORD = "Tr0ub4dor&3-security-suite"
"""Every seeded person's password: the log scan looks for it."""


@dataclass
class Person:
    key: str
    role: Role | None
    email: str
    side: str | None = None
    """'A' or 'B' for a company's people, None for staff and individuals."""
    headers: dict[str, str] = field(default_factory=dict)
    token: str = ""
    user_id: str = ""


@dataclass
class Side:
    """What one company owns, through the APIs; its ids and emails are its secrets."""

    name: str
    company_id: str = ""
    ids: dict[str, str] = field(default_factory=dict)
    """Resource kind -> id: booking, invoice, credit_note, group, participant, ..."""
    private: set[str] = field(default_factory=set)
    """Text only this company's people (and staff) may ever see in a body."""


async def log_in(platform: Platform, person: Person, secrets: Secrets) -> Person:
    body = await platform.expect(
        200, "accounts", "POST", "/token", json={"email": person.email, "password": PASSWORD}
    )
    person.token = body["access_token"]
    person.headers = {"Authorization": f"Bearer {person.token}"}
    person.user_id = jwt.decode(person.token, options={"verify_signature": False})["sub"]
    secrets.add_token(person.token)
    platform.people[person.key] = person
    return person


async def fresh_token(platform: Platform, person: Person) -> str:
    """Another session of the same person (for calls that end theirs)."""
    body = await platform.expect(
        200, "accounts", "POST", "/token", json={"email": person.email, "password": PASSWORD}
    )
    if platform.secrets is not None:
        platform.secrets.add_token(body["access_token"])
    return str(body["access_token"])


async def set_password_by_link(platform: Platform, email: str, secrets: Secrets) -> None:
    """Use the set-password link accounts sent, opened as notifications would open it."""
    [invited] = [
        e
        for e in await platform.events("accounts", "accounts.user.invited.v2")
        if e["email"] == email
    ]
    link = invited["link"]
    token = platform.link_sealer.unseal(
        link["sealed_token"], purpose=link["purpose"], subject=invited["user_id"]
    )
    secrets.add("link token", token)
    await platform.expect(
        204, "accounts", "POST", "/password/set", json={"token": token, "password": PASSWORD}
    )


def participant(platform: Platform, email: str, side: str, secrets: Secrets) -> Person:
    """Accounts makes no participant accounts yet: a token as accounts would sign it."""
    token = platform.tokens.sign(platform.tokens.claims(Role.PARTICIPANT, email=email))
    secrets.add_token(token)
    person = Person(
        "participant",
        Role.PARTICIPANT,
        email,
        side,
        {"Authorization": f"Bearer {token}"},
        token,
    )
    platform.people[person.key] = person
    return person


async def seed_people(platform: Platform, secrets: Secrets) -> None:
    """An admin (operator command), staff (by the admin), an individual, two companies
    each with an enrollment manager and an HR user: every one logged in."""
    platform.secrets = secrets
    secrets.add("password", PASSWORD)
    url = await platform.first_admin(
        platform.services["accounts"].runtime, "admin@training.example", "Ada Admin"
    )
    token = parse_qs(urlsplit(url).query)["token"][0]
    secrets.add("link token", token)
    await platform.expect(
        204, "accounts", "POST", "/password/set", json={"token": token, "password": PASSWORD}
    )
    admin = await log_in(platform, Person("admin", Role.ADMIN, "admin@training.example"), secrets)
    for role in (Role.CUSTOMER_SERVICE, Role.PLANNER, Role.TRAINER):
        email = f"{role.value.replace('_', '-')}@training.example"
        await platform.expect(
            201,
            "accounts",
            "POST",
            "/staff",
            json={"email": email, "full_name": role.value.title(), "role": role.value},
            headers=admin.headers,
        )
        await set_password_by_link(platform, email, secrets)
        await log_in(platform, Person(role.value, role, email), secrets)
    await platform.expect(
        201,
        "accounts",
        "POST",
        "/register",
        json={"email": "ivy@individual.example", "password": PASSWORD, "full_name": "Ivy"},
    )
    await log_in(platform, Person("individual", Role.INDIVIDUAL, "ivy@individual.example"), secrets)
    numbers = {"A": ("FR", "732 829 320"), "B": ("BE", "0403.170.701")}
    for name, side in platform.sides.items():
        domain = f"company-{name.lower()}.example"
        country, number = numbers[name]
        registered = await platform.expect(
            201,
            "accounts",
            "POST",
            "/companies/register",
            json={
                "legal_name": f"Company {name} SA",
                "country": country,
                "registration_number": number,
                "email": f"manager@{domain}",
                "password": PASSWORD,
                "full_name": f"Manager {name}",
            },
        )
        side.company_id = registered["company"]["id"]
        side.private |= {side.company_id, registered["user"]["id"], domain}
        manager = await log_in(
            platform,
            Person(f"manager {name}", Role.ENROLLMENT_MANAGER, f"manager@{domain}", name),
            secrets,
        )
        hr_email = f"hr@{domain}"
        added = await platform.expect(
            201,
            "accounts",
            "POST",
            f"/companies/{side.company_id}/users",
            json={"email": hr_email, "full_name": f"Hanna {name}", "role": "hr"},
            headers=manager.headers,
        )
        side.private.add(added["id"])
        await set_password_by_link(platform, hr_email, secrets)
        await log_in(platform, Person(f"hr {name}", Role.HR, hr_email, name), secrets)


# what the companies own
