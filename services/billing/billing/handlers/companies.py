"""Keeping each company's legal identity, as accounts registered it, for its invoices."""

from __future__ import annotations

import structlog

from billing.adapters.companies import keep_company
from billing.adapters.tables import Company
from billing.handlers import Uow
from contracts.accounts import CompanyRegisteredV1

log = structlog.get_logger("billing.companies")


async def on_company_registered(event: CompanyRegisteredV1, uow: Uow) -> None:
    """A company's legal name, country, enterprise and VAT numbers, printed as the buyer."""
    new = await keep_company(
        uow.session,
        Company(
            company_id=event.company_id,
            legal_name=event.legal_name,
            country=event.country,
            registration_number=event.registration_number,
            vat_number=event.vat_number,
        ),
    )
    log.info("company kept", company_id=str(event.company_id), new=new)
    await uow.commit()
