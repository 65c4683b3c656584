"""Companies as accounts registers them: staff may then record their agreement (R-B1)."""

from __future__ import annotations

from contracts.accounts import CompanyRegisteredV1
from enrollment.adapters.tables import Company
from enrollment.handlers import Uow


async def on_company_registered(event: CompanyRegisteredV1, uow: Uow) -> None:
    """Consumer of accounts.company.registered.v1: remember the company, or its new name.

    A booking validated before this event arrived left a placeholder row: it gets its name.
    """
    company = await uow.session.get(Company, event.company_id)
    if company is None:
        uow.session.add(
            Company(
                id=event.company_id,
                legal_name=event.legal_name,
                registered_at=uow.clock.now(),
            )
        )
    else:
        company.legal_name = event.legal_name
    await uow.commit()
