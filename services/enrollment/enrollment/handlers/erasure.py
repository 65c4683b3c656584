"""A person's account erased on their request (GDPR art. 17, issue 18): enrollment's copies.

Bookings keep their rows (seats, prices, statuses and the invoicing that billing
did from them stay true) but lose the person's name and address, as trainee or
as the one who placed them; their change requests lose the address and their
free message. The events enrollment published about them are deleted too
(chassis.erasure). The invoices billing issued for these bookings keep the name:
the law makes billing keep them (docs/OPERATIONS.md, "Erase a person's data").
"""

from __future__ import annotations

from sqlalchemy import or_, select, update

from chassis.erasure import forget_mentions
from contracts.accounts import UserErasedV1
from enrollment.adapters.tables import Booking, ChangeRequest, delivery
from enrollment.handlers import Uow


async def on_user_erased(event: UserErasedV1, uow: Uow) -> None:
    email = event.email.lower()
    trainee = Booking.trainee_email == email
    placer = or_(Booking.placed_by_email == email, Booking.placed_by_user_id == event.user_id)
    names = set(await uow.session.scalars(select(Booking.trainee_name).where(trainee))) | set(
        await uow.session.scalars(select(Booking.placed_by_name).where(placer))
    )
    await uow.session.execute(
        update(Booking).where(trainee).values(trainee_name="", trainee_email="")
    )
    await uow.session.execute(
        update(Booking).where(placer).values(placed_by_name="", placed_by_email="")
    )
    await uow.session.execute(
        update(ChangeRequest)
        .where(ChangeRequest.submitted_by_email == email)
        .values(submitted_by_email="", message="")
    )
    await forget_mentions(uow.session, delivery, [email, *names])
    await uow.commit()
