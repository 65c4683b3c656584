import pytest

from accounts.adapters.password_hashing import hash_password, verify_password
from accounts.domain.passwords import check_policy
from accounts.domain.refusals import WeakPassword


def test_length_is_the_only_rule():
    check_policy("a" * 12)
    check_policy("correct horse battery staple")
    for bad in ("a" * 11, "a" * 129):
        with pytest.raises(WeakPassword):
            check_policy(bad)


async def test_hashes_are_argon2id_at_owasp_parameters_and_verify():
    hashed = await hash_password("correct horse battery")
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert await verify_password(hashed, "correct horse battery")
    assert not await verify_password(hashed, "Correct horse battery")


async def test_an_account_without_a_password_never_verifies():
    assert not await verify_password(None, "anything at all")
