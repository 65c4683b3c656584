"""Company accounts in the database (R-A1)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from accounts.adapters.tables import Company
from accounts.domain.registration_numbers import CompanyNumbers, Country


async def company_is_registered(
    session: AsyncSession, country: Country, registration_number: str
) -> bool:
    found = await session.scalar(
        select(Company.id).where(
            Company.country == country, Company.registration_number == registration_number
        )
    )
    return found is not None


def new_company(
    session: AsyncSession,
    now: datetime,
    *,
    legal_name: str,
    country: Country,
    numbers: CompanyNumbers,
) -> Company:
    company = Company(
        id=uuid.uuid4(),
        legal_name=legal_name.strip(),
        country=country,
        registration_number=numbers.registration_number,
        vat_number=numbers.vat_number,
        created_at=now,
    )
    session.add(company)
    return company
