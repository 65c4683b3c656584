"""R-I8: national register numbers are checked with their check digits and shown masked."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from incompany.adapters.nrn_protection import NrnProtector, UnreadableNumber
from incompany.domain.national_register import checked, masked
from incompany.domain.refusals import InvalidNationalRegisterNumber

VALID = "85073003328"
INDEX_KEY = "i" * 32


def test_r_i8_a_valid_number_is_accepted_with_or_without_separators():
    assert checked(VALID) == VALID
    assert checked("85.07.30-033.28") == VALID
    assert checked(" 85 07 30 033 28 ") == VALID


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("85.07.30-033.29", "the check digits do not match the number"),
        ("85073003382", "the check digits do not match the number"),
        ("8507300332", "must have 11 digits"),
        ("85O73003328", "must be digits"),
        ("", "is required"),
    ],
)
def test_r_i8_a_wrong_number_is_refused_naming_the_field_without_repeating_it(number, message):
    with pytest.raises(InvalidNationalRegisterNumber) as refused:
        checked(number)
    assert str(refused.value).startswith("national_register_number: ")
    assert message in str(refused.value)
    if number:
        assert number not in str(refused.value)


def test_a_number_is_shown_with_its_check_digits_only():
    assert masked(VALID) == "**.**.**-***.28"


def test_a_number_is_encrypted_and_reads_back_only_with_a_key():
    key = Fernet.generate_key().decode()
    protector = NrnProtector(key, INDEX_KEY)
    ciphertext = protector.encrypt(VALID)
    assert VALID.encode() not in ciphertext
    assert protector.encrypt(VALID) != ciphertext  # a fresh IV each time
    assert protector.decrypt(ciphertext) == VALID
    stranger = NrnProtector(Fernet.generate_key().decode(), INDEX_KEY)
    with pytest.raises(UnreadableNumber):
        stranger.decrypt(ciphertext)


def test_an_old_key_still_decrypts_after_rotation():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    ciphertext = NrnProtector(old, INDEX_KEY).encrypt(VALID)
    assert NrnProtector(f"{new},{old}", INDEX_KEY).decrypt(ciphertext) == VALID


def test_the_blind_index_is_stable_keyed_and_not_the_number():
    key = Fernet.generate_key().decode()
    index = NrnProtector(key, INDEX_KEY).blind_index(VALID)
    assert index == NrnProtector(key, INDEX_KEY).blind_index(VALID)
    assert index != NrnProtector(key, "j" * 32).blind_index(VALID)
    assert VALID not in index
    assert len(index) == 64
