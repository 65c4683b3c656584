"""Company identifiers checked with python-stdnum (R-A1). No I/O.

France: SIREN (9 digits) or SIRET (14 digits, a SIREN and an establishment
number). Belgium: the enterprise number (10 digits, the same as the VAT
number without "BE"). The optional VAT number must be a valid EU VAT number
of the company's country, and name the same company as its registration
number. Numbers are stored in compact form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from stdnum.be import vat as be_enterprise_number
from stdnum.eu import vat as eu_vat
from stdnum.fr import siren, siret

from accounts.domain.refusals import InvalidNumber

Country = Literal["FR", "BE"]


@dataclass(frozen=True)
class CompanyNumbers:
    registration_number: str
    vat_number: str | None


def check_company_numbers(
    country: Country, registration_number: str, vat_number: str | None
) -> CompanyNumbers:
    registration = _registration(country, registration_number)
    vat = _vat(country, registration, vat_number) if vat_number and vat_number.strip() else None
    return CompanyNumbers(registration, vat)


def _registration(country: Country, number: str) -> str:
    if country == "FR":
        compact = siren.compact(number)
        if len(compact) == 9 and siren.is_valid(compact):
            return compact
        if len(compact) == 14 and siret.is_valid(compact):
            return compact
        raise InvalidNumber("registration_number", "not a valid SIREN/SIRET")
    compact = be_enterprise_number.compact(number)
    if be_enterprise_number.is_valid(compact):
        return compact
    raise InvalidNumber("registration_number", "not a valid Belgian enterprise number")


def _vat(country: Country, registration: str, number: str) -> str:
    compact = eu_vat.compact(number)
    if not eu_vat.is_valid(compact):
        raise InvalidNumber("vat_number", "not a valid EU VAT number")
    if not compact.startswith(country):
        raise InvalidNumber("vat_number", f"a {country} company's VAT number starts with {country}")
    # FR VAT = FR + 2 check characters + SIREN; BE VAT = BE + enterprise number.
    identifier = compact[4:] if country == "FR" else compact[2:]
    if identifier != (registration[:9] if country == "FR" else registration):
        raise InvalidNumber("vat_number", "does not belong to the company of registration_number")
    return compact
