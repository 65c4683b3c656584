"""Framework agreements (R-B1..R-B3): staff record versions, effective at the next cut-off."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID, uuid4

from chassis.pages import PageRequest
from enrollment.adapters import agreements, catalogue
from enrollment.adapters.tables import AgreementPrice, AgreementTerms, Company
from enrollment.domain.catalogue import course_code
from enrollment.domain.commands import RecordAgreement
from enrollment.domain.pricing import check_terms, money, next_cutoff, terms_in_effect
from enrollment.domain.refusals import UnknownAgreement, UnknownCourses
from enrollment.handlers import Uow


@dataclass(frozen=True)
class AgreementVersion:
    terms: AgreementTerms
    course_prices: Mapping[str, Decimal]
    """Negotiated prices by course code."""
    in_effect: bool


async def list_companies(page: PageRequest, uow: Uow) -> tuple[list[Company], str | None]:
    return await agreements.companies(uow.session, page)


async def record_agreement(command: RecordAgreement, uow: Uow) -> AgreementVersion:
    """A new version of the company's agreement, effective at the next cut-off (R-B3)."""
    await agreements.registered_company(uow.session, command.company_id)
    check_terms(command.discount_rate, command.course_prices)
    prices = {course_code(code): price for code, price in command.course_prices.items()}
    courses = await catalogue.courses_by_code(uow.session, prices)
    unknown = sorted(set(prices) - set(courses))
    if unknown:
        raise UnknownCourses(unknown)
    now = uow.clock.now()
    terms = AgreementTerms(
        id=uuid4(),
        company_id=command.company_id,
        recorded_at=now,
        effective_from=next_cutoff(now),
        # as stored (4 decimals): the answer reads the same as every later read of it
        discount_rate=None
        if command.discount_rate is None
        else command.discount_rate.quantize(Decimal("0.0001")),
        reference=command.reference,
        recorded_by=command.recorded_by,
    )
    uow.session.add(terms)
    await uow.session.flush()
    for code, price in prices.items():
        uow.session.add(
            AgreementPrice(terms_id=terms.id, course_id=courses[code].id, price=money(price))
        )
    [version] = await _versions(uow, command.company_id, [terms])
    await uow.commit()
    return version


async def list_agreements(
    company_id: UUID, page: PageRequest, uow: Uow
) -> tuple[list[AgreementVersion], str | None]:
    """The versions of the company's agreement, oldest first, the one in effect marked."""
    found, next_cursor = await agreements.terms_of(uow.session, company_id, page)
    return await _versions(uow, company_id, found), next_cursor


async def get_agreement(company_id: UUID, agreement_id: UUID, uow: Uow) -> AgreementVersion:
    """One version of the company's agreement (404 if it is not one of this company's)."""
    found = await agreements.terms(uow.session, company_id, agreement_id)
    if found is None:
        raise UnknownAgreement(agreement_id, company_id)
    [version] = await _versions(uow, company_id, [found])
    return version


async def _versions(
    uow: Uow, company_id: UUID, terms: Sequence[AgreementTerms]
) -> list[AgreementVersion]:
    if not terms:
        return []
    prices = await agreements.prices_by_code(uow.session, terms)
    current = terms_in_effect(
        await agreements.agreement_versions(uow.session, company_id), uow.clock.now()
    )
    return [
        AgreementVersion(
            terms=t,
            course_prices=prices[t.id],
            in_effect=current is not None
            and current.recorded_at == t.recorded_at
            and current.effective_from == t.effective_from,
        )
        for t in terms
    ]
