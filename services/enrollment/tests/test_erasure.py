"""Issue 18: a person's account erased, enrollment blanks them on bookings and change
requests; seats, prices and statuses stay."""

from __future__ import annotations

from uuid import uuid4

from sqlalchemy import select

from contracts.accounts import UserErasedV1
from enrollment.adapters.tables import Booking


async def test_an_erased_person_leaves_bookings_without_name_or_address(enrollment):
    course = await enrollment.course()
    session = await enrollment.session(course["id"])
    ines = enrollment.individual("ines@example.fr")
    mine = await enrollment.book(session["id"], ines, ("Inès Erasable", "ines@example.fr"))
    other = await enrollment.book(
        session["id"], enrollment.individual("otto@example.fr"), ("Otto", "otto@example.fr")
    )
    assert mine.status_code == other.status_code == 201
    await enrollment.deliver(UserErasedV1(user_id=uuid4(), email="ines@example.fr"))
    async with enrollment.runtime.db.session() as db:
        rows = {str(b.id): b for b in await db.scalars(select(Booking))}
    erased, kept = rows[mine.json()[0]["id"]], rows[other.json()[0]["id"]]
    assert (erased.trainee_name, erased.trainee_email, erased.placed_by_email) == ("", "", "")
    assert erased.status == "pending_validation"
    assert str(erased.price) == mine.json()[0]["price"]
    assert (kept.trainee_name, kept.trainee_email) == ("Otto", "otto@example.fr")
    stored = " ".join(str(v) for b in rows.values() for v in vars(b).values()).lower()
    assert "erasable" not in stored
    assert "ines@example.fr" not in stored
