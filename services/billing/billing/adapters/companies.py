"""Billing's copy of the companies accounts registered: their legal identity for invoices."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from billing.adapters.tables import Company


async def find_company(session: AsyncSession, company_id: UUID | None) -> Company | None:
    if company_id is None:
        return None
    return await session.get(Company, company_id)


async def keep_company(session: AsyncSession, company: Company) -> bool:
    """Keep a company once: a redelivered registration changes nothing. True if new."""
    if await session.get(Company, company.company_id) is not None:
        return False
    session.add(company)
    await session.flush()
    return True
