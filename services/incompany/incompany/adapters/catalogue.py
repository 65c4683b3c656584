"""The catalogue's queries (R-I1)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.pages import PageRequest, cut, keyset
from incompany.adapters.tables import Course
from incompany.domain.catalogue import normalise_code


async def find_course(
    session: AsyncSession, code: str, *, for_update: bool = False
) -> Course | None:
    query = select(Course).where(Course.code == normalise_code(code))
    return await session.scalar(query.with_for_update() if for_update else query)


async def list_courses(
    session: AsyncSession, page: PageRequest, *, include_inactive: bool
) -> tuple[list[Course], str | None]:
    """One page of the catalogue, by code."""
    query = select(Course)
    if not include_inactive:
        query = query.where(Course.active.is_(True))
    rows = list(await session.scalars(keyset(query, [Course.code], page)))
    return cut(rows, page, lambda c: (c.code,))
