"""Single-use link tokens and company numbers (R-A1, R-A2, R-A3): plain rules, no I/O."""

import base64
import hashlib

import pytest
from stdnum.be import vat as be_enterprise_number
from stdnum.fr import siren

from accounts.domain.links import Purpose, digest, link, new_token
from accounts.domain.refusals import InvalidNumber
from accounts.domain.registration_numbers import check_company_numbers

VALID_SIREN = "732829320"
VALID_SIRET = "73282932000074"
VALID_FR_VAT = "FR44732829320"
VALID_BE_NUMBER = "0403.170.701"


def test_sample_numbers_are_valid_according_to_stdnum():
    assert siren.is_valid(VALID_SIREN)
    assert not siren.is_valid("732829321")
    assert be_enterprise_number.is_valid(VALID_BE_NUMBER)


def test_r_a3_a_link_token_carries_at_least_128_random_bits():
    token = new_token()
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert len(raw) * 8 >= 128
    assert new_token() != token


def test_r_a3_only_the_sha256_of_a_token_is_stored():
    token = new_token()
    assert digest(token) == hashlib.sha256(token.encode()).hexdigest()
    assert token not in digest(token)


def test_a_link_is_built_on_the_configured_address():
    url = link("https://customer.example.com/", Purpose.RESET_PASSWORD, "abc-_123")
    assert url == "https://customer.example.com/reset-password?token=abc-_123"


def test_r_a1_a_french_company_is_known_by_its_siren_or_siret():
    assert check_company_numbers("FR", "732 829 320", None).registration_number == VALID_SIREN
    assert check_company_numbers("FR", VALID_SIRET, None).registration_number == VALID_SIRET


def test_r_a1_a_wrong_siren_is_refused_naming_the_field():
    with pytest.raises(InvalidNumber, match=r"^registration_number: not a valid SIREN/SIRET$"):
        check_company_numbers("FR", "732829321", None)


def test_r_a1_a_belgian_company_is_known_by_its_enterprise_number():
    numbers = check_company_numbers("BE", VALID_BE_NUMBER, "BE 0403.170.701")
    assert numbers.registration_number == "0403170701"
    assert numbers.vat_number == "BE0403170701"


def test_r_a1_a_wrong_belgian_enterprise_number_is_refused():
    with pytest.raises(InvalidNumber, match=r"^registration_number: not a valid Belgian"):
        check_company_numbers("BE", "0403.170.702", None)


def test_r_a1_the_vat_number_must_be_valid_and_of_the_same_company():
    assert check_company_numbers("FR", VALID_SIREN, VALID_FR_VAT).vat_number == VALID_FR_VAT
    with pytest.raises(InvalidNumber, match=r"^vat_number: not a valid EU VAT number$"):
        check_company_numbers("FR", VALID_SIREN, "FR45732829320")
    with pytest.raises(InvalidNumber, match=r"^vat_number: does not belong"):
        check_company_numbers("BE", "0403.170.701", "BE0202239951")
    with pytest.raises(InvalidNumber, match=r"^vat_number: a FR company"):
        check_company_numbers("FR", VALID_SIREN, "BE0403170701")
