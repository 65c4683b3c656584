"""Queries on companies and their framework agreements (R-B1..R-B3) that handlers share."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.pages import PageRequest, cut, keyset
from enrollment.adapters.tables import AgreementPrice, AgreementTerms, Company, Course
from enrollment.domain.pricing import PriceBook, Terms, terms_in_effect
from enrollment.domain.refusals import CompanyNotRegistered


async def companies(session: AsyncSession, page: PageRequest) -> tuple[list[Company], str | None]:
    """A page of the companies, by legal name."""
    order = [Company.legal_name, Company.id]
    rows = list(await session.scalars(keyset(select(Company), order, page)))
    return cut(rows, page, lambda c: (c.legal_name, c.id))


async def registered_company(session: AsyncSession, company_id: UUID) -> Company:
    company = await session.get(Company, company_id)
    if company is None:
        raise CompanyNotRegistered(company_id)
    return company


async def locked_company(session: AsyncSession, company_id: UUID, *, now: datetime) -> Company:
    """The company's row, locked; a placeholder when its own event is still on its way."""
    company = await session.scalar(
        select(Company).where(Company.id == company_id).with_for_update()
    )
    if company is None:
        company = Company(id=company_id, legal_name="", registered_at=now)
        session.add(company)
    return company


async def terms_of(
    session: AsyncSession, company_id: UUID, page: PageRequest
) -> tuple[list[AgreementTerms], str | None]:
    """A page of the versions of the company's agreement, in the order they were recorded."""
    query = select(AgreementTerms).where(AgreementTerms.company_id == company_id)
    order = [AgreementTerms.recorded_at, AgreementTerms.id]
    rows = list(await session.scalars(keyset(query, order, page)))
    return cut(rows, page, lambda t: (t.recorded_at, t.id))


async def terms(session: AsyncSession, company_id: UUID, terms_id: UUID) -> AgreementTerms | None:
    return await session.scalar(
        select(AgreementTerms).where(
            AgreementTerms.id == terms_id, AgreementTerms.company_id == company_id
        )
    )


async def prices_by_code(
    session: AsyncSession, terms: Sequence[AgreementTerms]
) -> dict[UUID, dict[str, Decimal]]:
    """The negotiated prices of each version, by course code."""
    rows = await session.execute(
        select(AgreementPrice.terms_id, Course.code, AgreementPrice.price)
        .join(Course, Course.id == AgreementPrice.course_id)
        .where(AgreementPrice.terms_id.in_([t.id for t in terms]))
    )
    prices: dict[UUID, dict[str, Decimal]] = {t.id: {} for t in terms}
    for terms_id, code, price in rows.all():
        prices[terms_id][code] = price
    return prices


async def agreement_versions(session: AsyncSession, company_id: UUID) -> list[Terms]:
    """The company's agreement versions as the pricing rules read them."""
    versions = (
        await session.scalars(select(AgreementTerms).where(AgreementTerms.company_id == company_id))
    ).all()
    if not versions:
        return []
    prices = (
        await session.scalars(
            select(AgreementPrice).where(AgreementPrice.terms_id.in_([v.id for v in versions]))
        )
    ).all()
    by_terms: dict[UUID, dict[UUID, Decimal]] = {}
    for price in prices:
        by_terms.setdefault(price.terms_id, {})[price.course_id] = price.price
    return [
        Terms(
            recorded_at=v.recorded_at,
            effective_from=v.effective_from,
            discount_rate=v.discount_rate,
            course_prices=by_terms.get(v.id, {}),
        )
        for v in versions
    ]


async def price_book(session: AsyncSession, company_id: UUID | None, *, now: datetime) -> PriceBook:
    """The prices the company pays now; list prices for nobody in particular (R-B2).

    One statement: the company with every version of its agreement and their prices."""
    if company_id is None:
        return PriceBook.list_prices()
    rows = (
        await session.execute(
            select(
                Company.first_validated_at,
                AgreementTerms.id,
                AgreementTerms.recorded_at,
                AgreementTerms.effective_from,
                AgreementTerms.discount_rate,
                AgreementPrice.course_id,
                AgreementPrice.price,
            )
            .select_from(Company)
            .outerjoin(AgreementTerms, AgreementTerms.company_id == Company.id)
            .outerjoin(AgreementPrice, AgreementPrice.terms_id == AgreementTerms.id)
            .where(Company.id == company_id)
        )
    ).all()
    if not rows:
        return PriceBook.list_prices()
    versions: dict[UUID, tuple[datetime, datetime, Decimal | None]] = {}
    prices: dict[UUID, dict[UUID, Decimal]] = {}
    for _, terms_id, recorded_at, effective_from, rate, course_id, price in rows:
        if terms_id is None:
            continue  # a company without an agreement
        versions[terms_id] = (recorded_at, effective_from, rate)
        if course_id is not None:
            prices.setdefault(terms_id, {})[course_id] = price
    terms = terms_in_effect(
        (
            Terms(
                recorded_at=recorded_at,
                effective_from=effective_from,
                discount_rate=rate,
                course_prices=prices.get(terms_id, {}),
            )
            for terms_id, (recorded_at, effective_from, rate) in versions.items()
        ),
        now,
    )
    return PriceBook(terms=terms, first_validated=rows[0].first_validated_at is not None)
