"""The companies incompany knows, from accounts' `accounts.company.registered.v1`.

Incompany keeps each company's legal name so that its events can name the
company (notifications greet it, billing addresses fees to it) without asking
accounts. Idempotent: a redelivered registration changes nothing but the name.
"""

from __future__ import annotations

from uuid import UUID

import structlog

from chassis.unit_of_work import UnitOfWork
from contracts.accounts import CompanyRegisteredV1
from incompany.adapters.tables import Company

log = structlog.get_logger("incompany.companies")


async def on_company_registered(event: CompanyRegisteredV1, uow: UnitOfWork) -> None:
    company = await uow.session.get(Company, event.company_id)
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


async def company_name(uow: UnitOfWork, company_id: UUID) -> str | None:
    company = await uow.session.get(Company, company_id)
    return company.legal_name if company else None
