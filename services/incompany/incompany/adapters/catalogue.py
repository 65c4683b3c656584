"""The catalogue's queries (R-I1)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from incompany.adapters.tables import Course
from incompany.domain.catalogue import normalise_code


async def find_course(session: AsyncSession, code: str) -> Course | None:
    return await session.scalar(select(Course).where(Course.code == normalise_code(code)))


async def list_courses(session: AsyncSession, *, include_inactive: bool) -> list[Course]:
    query = select(Course).order_by(Course.code)
    if not include_inactive:
        query = query.where(Course.active.is_(True))
    return list(await session.scalars(query))
