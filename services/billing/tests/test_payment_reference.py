"""The Belgian structured communication: ten digits and their mod-97 check, 97 for 0."""

import pytest

from billing.domain.payment_reference import (
    check_digits,
    invoice_payment_reference,
    is_valid,
    structured_communication,
)


def test_the_check_digits_are_the_remainder_modulo_97():
    # 1234567890 = 97 x 12727504 + 2
    assert structured_communication(1234567890) == "+++123/4567/89002+++"


def test_a_remainder_of_0_is_written_97():
    assert check_digits(97 * 12727504) == 97
    assert structured_communication(1234567888) == "+++123/4567/88897+++"
    assert structured_communication(0) == "+++000/0000/00097+++"


def test_an_invoice_number_gives_its_own_reference():
    assert (
        invoice_payment_reference("2026-000042") == "+++202/6000/04236+++"
    )  # 2026000042 % 97 = 36
    assert invoice_payment_reference("2026-000043") != invoice_payment_reference("2026-000042")


def test_every_reference_made_is_valid_and_a_mistyped_one_is_not():
    for base in (0, 1, 96, 97, 98, 2026000001, 9999999999):
        assert is_valid(structured_communication(base))
    assert not is_valid("+++123/4567/89003+++")
    assert not is_valid("+++123/4567/8900+++")
    assert not is_valid("123/4567/89002")


def test_what_is_not_a_ten_digit_base_or_an_invoice_number_is_refused():
    with pytest.raises(ValueError, match="ten digits"):
        structured_communication(10**10)
    with pytest.raises(ValueError, match="not an invoice number"):
        invoice_payment_reference("AV-2026-000001")
