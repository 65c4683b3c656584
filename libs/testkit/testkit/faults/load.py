"""The load: business operations, as customers, customer service and HR make them over REST.

Faults only mean something under a load that causes events across the
services: bookings (enrollment -> billing, notifications, accounts),
validations, invoices (billing -> enrollment's order status), cancellations
(credit notes) and in-company participants (accounts, notifications). Each
operation counts once, when its answer is a success; what the services
committed is judged by the ledger from their databases, not from the answers.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections import Counter
from datetime import date, timedelta
from typing import TYPE_CHECKING

import httpx

from testkit.faults.seed import Customer

if TYPE_CHECKING:
    from testkit.faults.rig import Rig

OPERATIONS = int(os.environ.get("FAULT_OPERATIONS", "300"))
"""Business operations per scenario: 300 in `make test`, 2,000 in `make reliability`."""
CONCURRENCY = int(os.environ.get("FAULT_CONCURRENCY", "8"))

EVENTLESS = {"change request", "availability"}
"""Operations tallied but not counted: they cause no event (the resolution does)."""


def nrn(serial: int) -> str:
    """A valid Belgian national register number, one per serial (born 1980 onwards)."""
    born = date(1980, 1, 1) + timedelta(days=serial // 900)
    base = f"{born:%y%m%d}{serial % 900 + 1:03d}"
    return f"{base}{97 - int(base) % 97:02d}"


class Driver:
    """Concurrent workers doing business operations until `target` have succeeded.

    The mix: bookings by individual customers, validations by customer
    service, invoices by billing staff once billing knows the booking,
    cancellations (the customer's change request, resolved by customer
    service), and participants entered by HR. Every answer is tallied;
    5xx and transport errors (a fault) are "refused" and the operation is
    tried again later on the same booking.
    """

    def __init__(self, rig: Rig, target: int = OPERATIONS, concurrency: int = CONCURRENCY) -> None:
        self.rig, self.target, self.concurrency = rig, target, concurrency
        self.done = Counter[str]()
        self.refused = Counter[str]()
        self.bodies_503: list[str] = []
        self.server_errors: list[str] = []
        self.pending: list[tuple[str, Customer]] = []
        self.validated: list[tuple[str, Customer]] = []
        self.invoiced: list[tuple[str, Customer]] = []
        self.groups: list[str] = []
        """In-company groups the load planned, not cancelled yet."""
        self._groups_planned = 0
        self._triggers: list[tuple[float, asyncio.Event]] = []
        self._serial = 0
        self._random = random.Random(20261125)
        self.started = 0.0

    @property
    def operations(self) -> int:
        """Operations that caused an event (a change request alone causes none)."""
        return sum(n for kind, n in self.done.items() if kind not in EVENTLESS)

    def at(self, fraction: float) -> asyncio.Event:
        """An event set when `fraction` of the target operations have succeeded."""
        reached = asyncio.Event()
        self._triggers.append((fraction, reached))
        return reached

    async def run(self) -> None:
        self.started = time.monotonic()
        await asyncio.gather(*(self._worker() for _ in range(self.concurrency)))

    async def _worker(self) -> None:
        while self.operations < self.target:
            kind = self._choose()
            try:
                await getattr(self, f"_{kind}")()
            except httpx.TransportError as error:
                self.refused[f"{kind}: {type(error).__name__}"] += 1
                await asyncio.sleep(0.05)
            for fraction, reached in self._triggers:
                if self.operations >= fraction * self.target:
                    reached.set()

    def _choose(self) -> str:
        roll = self._random.random()
        if roll < 0.02:
            return "group"
        if roll < 0.03 and self.groups:
            return "group_cancel"
        if roll < 0.15:
            return "participant"
        if roll < 0.25 and self.validated:
            return "cancel"
        if roll < 0.40 and self.validated:
            return "invoice"
        if roll < 0.70 and self.pending:
            return "validate"
        return "book"

    def _tally(self, kind: str, answer: httpx.Response, ok: int) -> bool:
        if answer.status_code == ok:
            self.done[kind] += 1
            return True
        self.refused[f"{kind}: {answer.status_code}"] += 1
        if answer.status_code == 503:
            self.bodies_503.append(answer.text)
        elif answer.status_code >= 500:
            self.server_errors.append(f"{kind}: {answer.status_code} {answer.text[:300]}")
        return False

    async def _book(self) -> None:
        customer = self._random.choice(self.rig.catalogue["customers"])
        answer = await self.rig.http.post(
            f"{self.rig.url('enrollment')}/bookings",
            json={
                "session_id": self._random.choice(self.rig.catalogue["sessions"]),
                "trainees": [{"full_name": customer.name, "email": customer.email}],
            },
            headers=customer.headers,
        )
        if self._tally("booking", answer, 201):
            self.pending.extend((b["id"], customer) for b in answer.json())
            for booking in answer.json():
                self.rig.acknowledged.add("booking", booking["id"])

    async def _validate(self) -> None:
        booking = self.pending.pop(0)
        try:
            answer = await self.rig.http.post(
                f"{self.rig.url('enrollment')}/bookings/{booking[0]}/validate",
                headers=self.rig.staff,
            )
        except httpx.TransportError:
            self.pending.append(booking)  # done or not: asked again later
            raise
        if self._tally("validation", answer, 200):
            self.rig.acknowledged.add("validation", booking[0])
        if answer.status_code in (200, 409):
            self.validated.append(booking)
        else:
            self.pending.append(booking)

    async def _invoice(self) -> None:
        booking = self.validated.pop(self._random.randrange(len(self.validated)))
        answer = await self.rig.http.post(
            f"{self.rig.url('billing')}/invoices",
            json={"reference_id": booking[0], "kind": "public_booking"},
            headers=self.rig.staff,
        )
        if answer.status_code == 404:  # billing has not heard of the validation yet
            self.validated.append(booking)
            return
        if self._tally("invoice", answer, 201):
            self.rig.acknowledged.add("invoice", answer.json()["id"])
            self.invoiced.append(booking)
        elif answer.status_code != 409:
            self.validated.append(booking)

    async def _cancel(self) -> None:
        pool = self.invoiced if self.invoiced and self._random.random() < 0.5 else self.validated
        booking_id, customer = pool.pop(self._random.randrange(len(pool)))
        answer = await self.rig.http.post(
            f"{self.rig.url('enrollment')}/bookings/{booking_id}/change-requests",
            json={"kind": "cancel", "message": "Nous ne pourrons pas venir."},
            headers=customer.headers,
        )
        if answer.status_code != 201:
            self._tally("change request", answer, 201)
            return
        self.done["change request"] += 1
        resolved = await self.rig.http.post(
            f"{self.rig.url('enrollment')}/change-requests/{answer.json()['id']}/resolve",
            json={"outcome": "cancelled", "reason": "À la demande du client"},
            headers=self.rig.staff,
        )
        if self._tally("cancellation", resolved, 200):
            self.rig.acknowledged.add("cancellation", booking_id)

    async def _participant(self) -> None:
        self._serial += 1
        serial = self._serial
        answer = await self.rig.http.post(
            f"{self.rig.url('incompany')}/groups/{self.rig.catalogue['group_id']}/participants",
            json={
                "full_name": f"Participant {serial}",
                "email": f"participant{serial}@fiable.example",
                "national_register_number": nrn(serial),
                "language": "fr",
            },
            headers=self.rig.catalogue["hr"],
        )
        if self._tally("participant", answer, 201):
            self.rig.acknowledged.add("participant", answer.json()["id"])

    async def _group(self) -> None:
        """The company's manager asks for an in-company class 60 days ahead, staff plan it,
        the manager confirms: a group whose reminder and definitive confirmation are due at
        once (the rig's deadline settings), for the scans to fire under the faults."""
        self._groups_planned += 1
        n = self._groups_planned
        day = date.today() + timedelta(days=60 + n % 20)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        manager, staff = self.rig.catalogue["manager"], self.rig.staff
        incompany = self.rig.url("incompany")
        asked = await self.rig.http.post(
            f"{incompany}/requests",
            json={
                "course_code": "RELY-IC",
                "desired_from": (day - timedelta(days=7)).isoformat(),
                "desired_until": (day + timedelta(days=7)).isoformat(),
                "expected_participants": 8,
                "hr_contact": self.rig.catalogue["hr_contact"],
            },
            headers=manager,
        )
        if not self._tally("group request", asked, 201):
            return
        request = asked.json()["id"]
        starts, ends = f"{day}T07:00:00+00:00", f"{day}T10:30:00+00:00"
        available = await self.rig.http.post(
            f"{incompany}/requests/{request}/availability",
            json={"starts_at": starts, "ends_at": ends, "trainer_name": f"Trainer {n}"},
            headers=staff,
        )
        if not self._tally("availability", available, 201):
            return
        proposed = await self.rig.http.post(
            f"{incompany}/requests/{request}/proposals",
            json={"options": [{"sessions": [{"starts_at": starts, "ends_at": ends}]}]},
            headers=staff,
        )
        if not self._tally("proposal", proposed, 201):
            return
        confirmed = await self.rig.http.post(
            f"{incompany}/requests/{request}/confirm",
            json={"proposal_id": proposed.json()["proposals"][0]["id"]},
            headers=manager,
        )
        if self._tally("group", confirmed, 201):
            for group in confirmed.json()["groups"]:
                self.groups.append(group["id"])
                self.rig.acknowledged.add("group", group["id"])

    async def _group_cancel(self) -> None:
        """HR cancels a planned group within 120 days of its class: charged."""
        group = self.groups.pop(self._random.randrange(len(self.groups)))
        answer = await self.rig.http.post(
            f"{self.rig.url('incompany')}/groups/{group}/cancel",
            json={"reason": "Formation reportée"},
            headers=self.rig.catalogue["hr"],
        )
        if self._tally("group cancellation", answer, 200):
            self.rig.acknowledged.add("group cancellation", group)
        elif answer.status_code != 409:
            self.groups.append(group)
