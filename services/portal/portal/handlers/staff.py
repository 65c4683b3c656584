"""What customer service does in the portal: the validation queue (R-C2), change requests
(R-C5), invoicing an enrollment in one or several parts (R-C4), enrollments taken by phone
(R-A2), and, for admins, the staff's accounts."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from portal.adapters.api import Api, Refused
from portal.domain.enrollments import equal_parts
from portal.domain.queues import validation_order


async def validation_queue(api: Api) -> list[dict[str, Any]]:
    return validation_order(await api.pending_bookings())


@dataclass(frozen=True)
class ChangeRequest:
    request: dict[str, Any]
    booking: dict[str, Any] | None
    target: dict[str, Any] | None
    other_sessions: list[dict[str, Any]]


async def change_requests(api: Api) -> list[ChangeRequest]:
    """The open requests, oldest first, each with its enrollment and the sessions it may
    move to (the same course's)."""
    requests = await api.change_requests("open")
    bookings = await asyncio.gather(*(_booking(api, r["booking_id"]) for r in requests))
    courses = {b["session"]["course_code"] for b in bookings if b}
    sessions = dict(
        zip(courses, await asyncio.gather(*(api.sessions(c) for c in courses)), strict=True)
    )
    listed = []
    for request, booking in zip(requests, bookings, strict=True):
        others = []
        if booking:
            others = [
                s
                for s in sessions.get(booking["session"]["course_code"], [])
                if s["id"] != booking["session"]["id"]
            ]
        target = next((s for s in others if s["id"] == request.get("target_session_id")), None)
        listed.append(ChangeRequest(request, booking, target, others))
    return listed


async def _booking(api: Api, booking_id: str) -> dict[str, Any] | None:
    try:
        return await api.booking(booking_id)
    except Refused:
        return None


@dataclass(frozen=True)
class Billing:
    booking: dict[str, Any]
    billable: dict[str, Any] | None
    """None until billing has heard of the validation (an event away)."""
    invoices: list[dict[str, Any]]
    credit_notes: list[dict[str, Any]]
    suggested_parts: list[Decimal]


async def billing_of(api: Api, booking_id: str) -> Billing:
    booking = await api.booking(booking_id)
    try:
        billable: dict[str, Any] | None = await api.billable(booking_id)
    except Refused as refused:
        if refused.problem.status != 404:
            raise
        billable = None
    invoices, notes = await asyncio.gather(api.invoices(booking_id), api.credit_notes(booking_id))
    left = Decimal(billable["left_to_invoice"]) if billable else Decimal(0)
    return Billing(
        booking=booking,
        billable=billable,
        invoices=sorted(invoices, key=lambda i: i["issued_at"]),
        credit_notes=notes,
        suggested_parts=equal_parts(left, 2) if left > 0 else [],
    )


async def invoice(
    api: Api,
    booking_id: str,
    amount: Decimal | None,
    payer_name: str | None,
    payer_email: str | None,
    key: str,
) -> dict[str, Any]:
    """One part of the price (all that is left when no amount is given), to the booking's
    payer or to another one (a split between payers)."""
    body: dict[str, Any] = {"reference_id": booking_id, "kind": "public_booking"}
    if amount is not None:
        body["amount"] = str(amount)
    if payer_email:
        body["payer_email"] = payer_email
        body["payer_name"] = payer_name or payer_email
    return await api.issue_invoice(body, key)


@dataclass(frozen=True)
class PhoneBookingChoices:
    sessions: list[dict[str, Any]]
    companies: list[dict[str, Any]]


async def phone_booking_choices(api: Api) -> PhoneBookingChoices:
    sessions, companies = await asyncio.gather(api.sessions(), api.companies())
    return PhoneBookingChoices(sessions, companies)


async def book_by_phone(
    api: Api,
    session_id: str,
    full_name: str,
    email: str,
    company_id: str | None,
    language: str,
    key: str,
) -> list[dict[str, Any]]:
    """R-A2: a booking taken by phone; accounts makes the person's account and mails them
    a set-password link."""
    person = {"full_name": full_name, "email": email}
    body: dict[str, Any] = {
        "session_id": session_id,
        "trainees": [person],
        "placed_for": person,
        "language": language,
    }
    if company_id:
        body["company_id"] = company_id
    return await api.book(body, key)
