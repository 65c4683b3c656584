from datetime import UTC, datetime, timedelta
from uuid import uuid4

import jwt
import pytest

from chassis.clock import ManualClock
from chassis.tokens import InvalidToken, TokenVerifier
from contracts.identity import Role
from testkit.tokens import TokenMinter

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def verifier_for(minter: TokenMinter, clock, audience: str = "training-platform") -> TokenVerifier:
    return TokenVerifier(minter.public_key_pem, audience=audience, issuer="accounts", clock=clock)


def test_a_valid_token_tells_who_calls():
    clock = ManualClock(NOW)
    minter = TokenMinter(clock)
    company, user = uuid4(), uuid4()
    principal = verifier_for(minter, clock).verify(
        minter.token(Role.HR, user_id=user, company_id=company, email="hr@acme.be")
    )
    assert principal.roles == {Role.HR}
    assert (principal.user_id, principal.company_id, principal.email) == (
        user,
        company,
        "hr@acme.be",
    )
    assert not principal.is_staff


def test_a_token_expires_after_its_lifetime_on_the_injected_clock():
    clock = ManualClock(NOW)
    minter = TokenMinter(clock)
    token = minter.token(Role.INDIVIDUAL)
    verifier = verifier_for(minter, clock)
    clock.advance(timedelta(minutes=15))
    verifier.verify(token)
    clock.advance(timedelta(minutes=1))
    with pytest.raises(InvalidToken, match="expired"):
        verifier.verify(token)


def test_time_checks_follow_the_injected_clock_not_the_wall_clock():
    clock = ManualClock(datetime(2031, 1, 1, tzinfo=UTC))
    minter = TokenMinter(clock)
    assert verifier_for(minter, clock).verify(minter.token(Role.ADMIN)).is_staff


def test_a_token_for_another_audience_is_refused():
    clock = ManualClock(NOW)
    minter = TokenMinter(clock, audience="another-platform")
    with pytest.raises(InvalidToken):
        verifier_for(minter, clock).verify(minter.token(Role.HR))


def test_a_token_signed_by_another_key_is_refused():
    clock = ManualClock(NOW)
    ours, theirs = TokenMinter(clock), TokenMinter(clock)
    with pytest.raises(InvalidToken):
        verifier_for(ours, clock).verify(theirs.token(Role.ADMIN))


def test_a_tampered_token_is_refused():
    clock = ManualClock(NOW)
    minter = TokenMinter(clock)
    header, payload, signature = minter.token(Role.HR).split(".")
    forged = jwt.utils.base64url_encode(
        jwt.utils.base64url_decode(payload).replace(b'"hr"', b'"admin"')
    ).decode()
    with pytest.raises(InvalidToken):
        verifier_for(minter, clock).verify(f"{header}.{forged}.{signature}")


def test_an_unsigned_or_hmac_token_is_refused():
    clock = ManualClock(NOW)
    minter = TokenMinter(clock)
    claims = {
        "iss": "accounts",
        "aud": "training-platform",
        "sub": str(uuid4()),
        "sid": "s",
        "roles": ["admin"],
        "iat": int(NOW.timestamp()),
        "exp": int(NOW.timestamp()) + 600,
    }
    unsigned = jwt.encode(claims, key=None, algorithm="none")
    hmac = jwt.encode(claims, "a-guessable-secret-of-enough-length!", algorithm="HS256")
    for token in (unsigned, hmac):
        with pytest.raises(InvalidToken):
            verifier_for(minter, clock).verify(token)


@pytest.mark.parametrize(("claim", "verified"), [(True, True), (False, False), ("true", False)])
def test_the_token_says_whether_the_email_is_verified_only_when_it_says_true(claim, verified):
    clock = ManualClock(NOW)
    minter = TokenMinter(clock)
    claims = jwt.decode(minter.token(Role.INDIVIDUAL), options={"verify_signature": False})
    token = jwt.encode({**claims, "email_verified": claim}, minter._key, algorithm="EdDSA")
    assert verifier_for(minter, clock).verify(token).email_verified is verified


def test_a_token_without_the_claim_is_unverified():
    clock = ManualClock(NOW)
    minter = TokenMinter(clock)
    claims = jwt.decode(minter.token(Role.INDIVIDUAL), options={"verify_signature": False})
    del claims["email_verified"]
    token = jwt.encode(claims, minter._key, algorithm="EdDSA")
    assert verifier_for(minter, clock).verify(token).email_verified is False
