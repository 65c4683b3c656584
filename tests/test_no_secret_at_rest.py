"""Issue 13, finding 2: a single-use link's token exists in clear only in the email sent.

The five services run as in production, each on its own PostgreSQL database,
talking through RabbitMQ, every email going to a real SMTP server (aiosmtpd),
their logs rendered as in production (JSON, DEBUG) onto a tape. The test makes
every link-bearing message the platform sends: the welcome with its address
confirmation (an individual, a company's manager), a confirmation asked for
again, a staff invitation, an account made for a booking taken by phone
(R-A2), a company's HR user, an in-company participant's account (R-A7), a
password reset (R-A3) and an email change (R-A5). While notifications is not
yet running, the link events wait in its queues, and every queue is read then.

The tokens are taken from the emails. Then every row of every table of the
five databases, every message of every queue and dead-letter queue of the
test's virtual host (read before notifications started and again at the end)
and every log line are searched for each token (and the refresh tokens the
logins gave): in clear, URL-encoded, base64 (standard and URL-safe), and hex
(how PostgreSQL prints bytes). None is found. Then each token is used from
the email, and works.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import aio_pika
import asyncpg
import pytest
from cryptography.fernet import Fernet
from yarl import URL

from accounts.handlers.staff import create_first_admin
from accounts.service import DEFINITION as ACCOUNTS
from billing.service import DEFINITION as BILLING
from chassis.clock import ManualClock
from contracts import QUEUES
from enrollment.service import DEFINITION as ENROLLMENT
from incompany.service import DEFINITION as INCOMPANY
from notifications.service import DEFINITION as NOTIFICATIONS
from testkit.platform.log_tape import LogTape
from testkit.services import reset_queues, running_service, wait_until

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

NOW = datetime(2027, 1, 4, 8, tzinfo=UTC)  # Monday 4 January 2027, 09:00 in Brussels
PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "another horse battery staple"
PDF = b"%PDF-1.4 a document"
SESSION_START = datetime(2027, 3, 15, 8, tzinfo=UTC)
GROUP_START = datetime(2027, 4, 12, 7, tzinfo=UTC)
GROUP_END = datetime(2027, 4, 12, 10, 30, tzinfo=UTC)


def nrn(serial: int) -> str:
    base = f"850730{serial:03d}"
    return f"{base}{97 - int(base) % 97:02d}"


def forms(secret: str) -> set[str]:
    """How a token could sit somewhere: in clear, URL-encoded, base64, hex."""
    raw = secret.encode()
    encoded = {
        base64.b64encode(raw).decode(),
        base64.urlsafe_b64encode(raw).decode(),
    }
    return {
        secret,
        quote(secret, safe=""),
        *encoded,
        *(e.rstrip("=") for e in encoded),
        binascii.hexlify(raw).decode(),
    }


def found_in(texts: Iterable[tuple[str, str]], secrets: dict[str, str]) -> list[str]:
    """Where (place, secret's name) any form of any secret shows."""
    needles = {form: name for name, secret in secrets.items() for form in forms(secret)}
    return [
        f"{name} in {place}"
        for place, text in texts
        for form, name in needles.items()
        if form in text
    ]


async def database_rows(url: str) -> list[tuple[str, str]]:
    """Every row of every table of a database, as PostgreSQL prints it."""
    plain = str(URL(url).with_scheme("postgresql"))
    connection = await asyncpg.connect(plain)
    try:
        tables = await connection.fetch(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        rows = []
        for (table,) in tables:
            query = f'SELECT t::text FROM "{table}" AS t'  # noqa: S608 -- names from the catalogue
            for (text,) in await connection.fetch(query):
                rows.append((f"{URL(url).path}.{table}", text))
        assert tables, url
        return rows
    finally:
        await connection.close()


async def queued_messages(rabbitmq_url: str) -> list[tuple[str, str]]:
    """Every message waiting in every consumer queue and dead-letter queue, read and put
    back: its body and headers."""
    found: list[tuple[str, str]] = []
    connection = await aio_pika.connect(rabbitmq_url)
    async with connection:
        for name in [n for q in QUEUES for n in (q.name, q.dead_letter_queue)]:
            channel = await connection.channel()
            try:
                queue = await channel.declare_queue(name, passive=True)
            except aio_pika.exceptions.ChannelClosed:
                continue  # never declared in this virtual host
            held = []
            while (message := await queue.get(no_ack=False, fail=False)) is not None:
                held.append(message)
                found.append(
                    (name, message.body.decode() + json.dumps(message.headers, default=str))
                )
            for message in held:
                await message.nack(requeue=True)
            await channel.close()
    return found


async def test_finding_2_no_link_token_is_at_rest_anywhere_and_each_works_from_its_email(
    rabbitmq_url, fresh_database, settings_for, smtp_server
):
    sink, smtp_port = smtp_server
    await reset_queues(rabbitmq_url)
    clock = ManualClock(NOW)
    tape = LogTape()
    urls = {name: await fresh_database() for name in ("accounts", "enrollment", "incompany")}
    urls |= {name: await fresh_database() for name in ("billing", "notifications")}
    tape.start("DEBUG")
    try:
        await _walk(rabbitmq_url, urls, settings_for, sink, smtp_port, clock, tape)
    finally:
        tape.stop()


async def _walk(rabbitmq_url, urls, settings_for, sink, smtp_port, clock, tape) -> None:
    secrets: dict[str, str] = {}
    async with (
        running_service(
            ACCOUNTS,
            settings_for("accounts", urls["accounts"], public_base_url="https://app.example"),
            clock=clock,
        ) as accounts,
        running_service(
            ENROLLMENT, settings_for("enrollment", urls["enrollment"]), clock=clock
        ) as enrollment,
        running_service(
            INCOMPANY,
            settings_for(
                "incompany",
                urls["incompany"],
                nrn_encryption_keys=Fernet.generate_key().decode(),
                nrn_index_key="blind-index-key-of-the-secret-scan-0123456789",
                platform_link_key="platform-link-key-of-the-secret-scan-0123456789",
                deadline_poll_seconds=3600,
            ),
            clock=clock,
        ) as incompany,
        running_service(
            BILLING,
            settings_for("billing", urls["billing"], seller_name="Formations SA"),
            clock=clock,
        ),
    ):

        async def expect(status: int, service, method: str, path: str, **kwargs):
            answer = await service.client.request(method, path, **kwargs)
            assert answer.status_code == status, f"{method} {path}: {answer.text}"
            return answer.json() if answer.content else None

        async def log_in(email: str, password: str = PASSWORD) -> dict[str, str]:
            tokens = await expect(
                200, accounts, "POST", "/token", json={"email": email, "password": password}
            )
            secrets[f"refresh token of {email}"] = tokens["refresh_token"]
            return {"Authorization": f"Bearer {tokens['access_token']}"}

        # --- the operator's first admin: its link is printed for the operator, never sent
        async with accounts.runtime.unit_of_work() as uow:
            _, issued, _ = await create_first_admin(
                uow, accounts.runtime.settings, email="admin@training.example", full_name="Ada"
            )
        secrets["admin's set-password token"] = issued.token
        await expect(
            204,
            accounts,
            "POST",
            "/password/set",
            json={"token": issued.token, "password": PASSWORD},
        )
        admin = await log_in("admin@training.example")

        # --- every link accounts sends, while notifications is not running yet
        for email in ("ivy@example.be", "ria@example.be"):
            body = {"email": email, "password": PASSWORD, "full_name": email.split("@")[0]}
            await expect(201, accounts, "POST", "/register", json=body)
        company = await expect(
            201,
            accounts,
            "POST",
            "/companies/register",
            json={
                "legal_name": "Acme SA",
                "country": "BE",
                "registration_number": "0403170701",
                "email": "manager@acme.example",
                "password": PASSWORD,
                "full_name": "Marie Manager",
            },
        )
        company_id = company["company"]["id"]
        manager = await log_in("manager@acme.example")
        staff = {"email": "cs@training.example", "full_name": "Claire", "role": "customer_service"}
        await expect(201, accounts, "POST", "/staff", json=staff, headers=admin)
        await expect(
            201,
            accounts,
            "POST",
            f"/companies/{company_id}/users",
            json={"email": "hr@acme.example", "full_name": "Hanna HR", "role": "hr"},
            headers=manager,
        )
        ria = await log_in("ria@example.be")
        await expect(202, accounts, "POST", "/verify-email/resend", headers=ria)
        await expect(202, accounts, "POST", "/password/forgot", json={"email": "ivy@example.be"})
        ivy = await log_in("ivy@example.be")
        await expect(
            202,
            accounts,
            "POST",
            "/me/email",
            json={"new_email": "ivy@new.example", "password": PASSWORD},
            headers=ivy,
        )
        # R-A2: customer service takes a booking by phone for someone without an account
        course = await expect(
            201,
            enrollment,
            "POST",
            "/courses",
            json={"code": "PY-101", "title": "Python", "list_price": "900.00"},
            headers=admin,
        )
        session = await expect(
            201,
            enrollment,
            "POST",
            "/sessions",
            json={
                "course_id": course["id"],
                "starts_at": SESSION_START.isoformat(),
                "ends_at": (SESSION_START + timedelta(hours=7)).isoformat(),
                "location": "Paris",
                "seats": 10,
            },
            headers=admin,
        )
        phone = {"full_name": "Paul Phone", "email": "paul@phone.example"}
        await expect(
            201,
            enrollment,
            "POST",
            "/bookings",
            json={"session_id": session["id"], "trainees": [phone], "placed_for": phone},
            headers=admin,
        )

        async def accounts_idle() -> bool:
            invited = await accounts.runtime.relay.backlog()
            async with accounts.runtime.db.sessions() as db:
                outbox = accounts.runtime.delivery.outbox
                rows = (await db.execute(outbox.select())).all()
            names = [row.name for row in rows]
            return invited.pending == 0 and names.count("accounts.user.invited.v2") == 3

        await wait_until(accounts_idle, timeout=20, message="accounts to send every link event")
        before_notifications = await queued_messages(rabbitmq_url)
        waiting = [place for place, _ in before_notifications if place.startswith("notifications")]
        assert len(waiting) >= 9, waiting  # the link events are there, at rest, for the scan

        async with running_service(
            NOTIFICATIONS,
            settings_for(
                "notifications",
                urls["notifications"],
                smtp_host="127.0.0.1",
                smtp_port=smtp_port,
                smtp_from="Formations <no-reply@training.example>",
                delivery_poll_seconds=0.05,
                public_base_url="https://app.example",
            ),
            clock=clock,
        ) as _notifications:
            # --- R-A7: an in-company participant's account, which needs HR signed in
            hr_mail = await sink.received("hr@acme.example", "accès")
            secrets["HR's set-password token"] = sink.link_token(hr_mail)
            await expect(
                204,
                accounts,
                "POST",
                "/password/set",
                json={"token": sink.link_token(hr_mail), "password": PASSWORD},
            )
            hr = await log_in("hr@acme.example")
            group_id = await _incompany_group(incompany, expect, admin, manager, hr)
            await expect(
                201,
                incompany,
                "POST",
                f"/groups/{group_id}/participants",
                json={
                    "full_name": "Pat Participant",
                    "email": "pat@acme.example",
                    "national_register_number": nrn(7),
                },
                headers=hr,
            )

            # --- the tokens, from the emails
            mails = {
                "ivy's welcome confirmation": ("ivy@example.be", "Bienvenue"),
                "ria's welcome confirmation (superseded)": ("ria@example.be", "Bienvenue"),
                "ria's confirmation asked again": ("ria@example.be", "Confirmez votre adresse"),
                "the manager's welcome confirmation": ("manager@acme.example", "Bienvenue"),
                "the staff invitation": ("cs@training.example", "accès"),
                "the account made for a booking": ("paul@phone.example", "accès"),
                "the participant's account": ("pat@acme.example", "accès"),
                "ivy's password reset": ("ivy@example.be", "Réinitialisation"),
                "ivy's new address confirmation": ("ivy@new.example", "nouvelle adresse"),
            }
            for name, (address, subject) in mails.items():
                mail = await sink.received(address, subject)
                assert "https://app.example/" in sink.text_of(mail)  # docs/LINKS.md's portal
                secrets[name] = sink.link_token(mail)

            # --- the scan: databases, queues and dead-letter queues, logs
            places = [row for url in urls.values() for row in await database_rows(url)]
            places += before_notifications + await queued_messages(rabbitmq_url)
            places += [("the log", line) for line in tape.lines]
            assert found_in(places, secrets) == []
            # The scan sees what it should: each link's digest in accounts' table, the sealed
            # links in the queues, and what the services logged.
            digests = {
                name: hashlib.sha256(secret.encode()).hexdigest()
                for name, secret in secrets.items()
                if "refresh" not in name
            }
            assert {hit.split(" in ")[0] for hit in found_in(places, digests)} == set(digests)
            assert sum("sealed_token" in text for _, text in before_notifications) >= 9
            assert sum('"request handled"' in line for line in tape.lines) > 20

            # --- and each token works, from its email
            for name in ("ivy's welcome confirmation", "the manager's welcome confirmation"):
                await expect(200, accounts, "POST", "/verify-email", json={"token": secrets[name]})
            body = {"token": secrets["ria's confirmation asked again"]}
            assert (await expect(200, accounts, "POST", "/verify-email", json=body))[
                "email_verified"
            ]
            body = {"token": secrets["ria's welcome confirmation (superseded)"]}
            await expect(400, accounts, "POST", "/verify-email", json=body)  # only the newest
            for name in (
                "the staff invitation",
                "the account made for a booking",
                "the participant's account",
            ):
                body = {"token": secrets[name], "password": PASSWORD}
                await expect(204, accounts, "POST", "/password/set", json=body)
            body = {"token": secrets["ivy's password reset"], "new_password": NEW_PASSWORD}
            await expect(204, accounts, "POST", "/password/reset", json=body)
            confirmed = await expect(
                200,
                accounts,
                "POST",
                "/me/email/confirm",
                json={"token": secrets["ivy's new address confirmation"]},
                headers=await log_in("ivy@example.be", NEW_PASSWORD),
            )
            assert (confirmed["email"], confirmed["email_verified"]) == ("ivy@new.example", True)
            await log_in("ivy@new.example", NEW_PASSWORD)
            for email in ("cs@training.example", "paul@phone.example", "pat@acme.example"):
                await log_in(email)


async def _incompany_group(incompany, expect, staff, manager, hr) -> str:
    """A confirmed in-company group of the manager's company, HR's attestation approved."""
    await expect(
        201,
        incompany,
        "POST",
        "/courses",
        json={"code": "XL-ADV", "title": "Excel", "duration_minutes": 210},
        headers=staff,
    )

    async def plan_accepted() -> bool:
        answer = await incompany.client.post(
            "/training-plans",
            data={"year": "2027", "reference": "PLAN-2027"},
            files={"document": ("plan.pdf", PDF, "application/pdf")},
            headers=manager,
        )
        assert answer.status_code in (201, 409), answer.text  # 409: company not known yet
        return answer.status_code == 201

    await wait_until(plan_accepted, message="incompany to learn of the company")
    request = await expect(
        201,
        incompany,
        "POST",
        "/requests",
        json={
            "course_code": "XL-ADV",
            "desired_from": "2027-04-01",
            "desired_until": "2027-04-30",
            "expected_participants": 8,
            "hr_contact": {"email": "hr@acme.example", "full_name": "Hanna HR"},
        },
        headers=manager,
    )
    await expect(
        201,
        incompany,
        "POST",
        f"/requests/{request['id']}/availability",
        json={
            "starts_at": (GROUP_START - timedelta(hours=1)).isoformat(),
            "ends_at": (GROUP_END + timedelta(hours=1)).isoformat(),
            "trainer_name": "Tina Trainer",
        },
        headers=staff,
    )
    proposed = await expect(
        201,
        incompany,
        "POST",
        f"/requests/{request['id']}/proposals",
        json={
            "options": [
                {
                    "sessions": [
                        {"starts_at": GROUP_START.isoformat(), "ends_at": GROUP_END.isoformat()}
                    ]
                }
            ]
        },
        headers=staff,
    )
    [group] = await expect(
        201,
        incompany,
        "POST",
        f"/requests/{request['id']}/confirmation",
        json={"proposal_id": proposed["proposals"][0]["id"]},
        headers=manager,
    )
    attestation = await expect(
        201,
        incompany,
        "POST",
        "/attestations",
        data={"full_name": "Hanna HR", "position_title": "HR manager"},
        files={"document": ("attestation.pdf", PDF, "application/pdf")},
        headers=hr,
    )
    await expect(
        200, incompany, "POST", f"/attestations/{attestation['id']}/approval", headers=staff
    )
    return str(group["id"])
