"""The companies incompany knows (from accounts' registrations)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from incompany.adapters.tables import Company


async def get_company(session: AsyncSession, company_id: UUID) -> Company | None:
    return await session.get(Company, company_id)


async def company_name(session: AsyncSession, company_id: UUID) -> str | None:
    company = await get_company(session, company_id)
    return company.legal_name if company else None
