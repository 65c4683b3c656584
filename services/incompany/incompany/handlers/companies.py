"""The companies incompany knows, from accounts' `accounts.company.registered.v1`.

Incompany keeps each company's legal name so that its events can name the
company (notifications greet it, billing addresses fees to it) without asking
accounts. Idempotent: a redelivered registration changes nothing but the name.
"""

from __future__ import annotations

import structlog

from contracts.accounts import CompanyRegisteredV1
from incompany.adapters.companies import get_company
from incompany.adapters.tables import Company
from incompany.handlers import Uow

log = structlog.get_logger("incompany.companies")


async def on_company_registered(event: CompanyRegisteredV1, uow: Uow) -> None:
    company = await get_company(uow.session, event.company_id)
    if company is None:
        uow.session.add(
            Company(
                id=event.company_id,
                legal_name=event.legal_name,
                registered_at=uow.clock.now(),
            )
        )
        log.info("company recorded", company_id=str(event.company_id))
    else:
        company.legal_name = event.legal_name
    await uow.commit()
