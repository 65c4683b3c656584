"""What a customer (an individual, or a company's enrollment manager) does: book, follow
their enrollments and invoices, ask for a change, see their prices, manage their account
(R-A4, R-A5, R-B2, R-C1, R-C4, R-C5)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from portal.adapters.api import Api, Refused
from portal.domain.enrollments import change_pending, may_ask_for_change


async def book(
    api: Api,
    session_id: str,
    trainees: list[dict[str, str]],
    placed_by_name: str | None,
    key: str,
) -> list[dict[str, Any]]:
    """R-C1: the booking request, one booking per trainee, each pending validation."""
    body: dict[str, Any] = {
        "session_id": session_id,
        "trainees": trainees,
        "language": api.language,
    }
    if placed_by_name:
        body["placed_by_name"] = placed_by_name
    return await api.book(body, key)


async def enrollments(api: Api) -> list[dict[str, Any]]:
    """R-A4: the enrollments placed with the login email, the latest first."""
    return list(reversed(await api.my_bookings()))


@dataclass(frozen=True)
class Enrollment:
    booking: dict[str, Any]
    invoices: list[dict[str, Any]]
    credit_notes: list[dict[str, Any]]
    other_sessions: list[dict[str, Any]]
    may_ask: bool
    change_pending: bool


async def enrollment(api: Api, booking_id: str) -> Enrollment:
    booking = await api.booking(booking_id)
    invoices, notes, sessions = await asyncio.gather(
        _readable(api.invoices(booking_id)),
        _readable(api.credit_notes(booking_id)),
        api.sessions(booking["session"]["course_code"]),
    )
    return Enrollment(
        booking=booking,
        invoices=invoices,
        credit_notes=notes,
        other_sessions=[s for s in sessions if s["id"] != booking["session"]["id"]],
        may_ask=may_ask_for_change(booking["status"]),
        change_pending=change_pending(booking),
    )


async def _readable(call: Any) -> list[dict[str, Any]]:
    """A list the caller may not read (a participant has no invoices) is an empty one."""
    try:
        return list(await call)
    except Refused as refused:
        if refused.problem.status == 403:
            return []
        raise


async def ask_for_change(
    api: Api, booking_id: str, kind: str, message: str, target_session_id: str | None, key: str
) -> dict[str, Any]:
    """R-C5: a cancellation or a move, with a message; staff resolve it."""
    body: dict[str, Any] = {"kind": kind, "message": message}
    if kind == "move" and target_session_id:
        body["target_session_id"] = target_session_id
    return await api.ask_for_change(booking_id, body, key)


@dataclass(frozen=True)
class Documents:
    invoices: list[dict[str, Any]]
    credit_notes: list[dict[str, Any]]


async def documents(api: Api) -> Documents:
    invoices, notes = await asyncio.gather(api.invoices(), api.credit_notes())
    newest = sorted(invoices, key=lambda i: i["issued_at"], reverse=True)
    return Documents(newest, sorted(notes, key=lambda n: n["issued_at"], reverse=True))


@dataclass(frozen=True)
class Invoice:
    invoice: dict[str, Any]
    credit_notes: list[dict[str, Any]]


async def invoice(api: Api, invoice_id: str) -> Invoice:
    found = await api.invoice(invoice_id)
    notes = await _readable(api.credit_notes(found["reference_id"]))
    return Invoice(found, [n for n in notes if n["invoice_id"] == invoice_id])


async def credit_note(api: Api, credit_note_id: str) -> dict[str, Any] | None:
    """Billing has no `GET /credit-notes/{id}` yet: the caller's list, searched."""
    return next((n for n in await api.credit_notes() if n["id"] == credit_note_id), None)


async def prices(api: Api) -> list[dict[str, Any]]:
    """R-B2: the courses at the price the caller pays now (agreement or list)."""
    return await api.courses()


async def change_email(api: Api, new_email: str, password: str, key: str) -> dict[str, Any]:
    """R-A5: the address changes once the link sent to it is opened."""
    return await api.change_email(new_email, password, key)
