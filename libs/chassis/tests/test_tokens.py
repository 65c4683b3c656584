from datetime import UTC, datetime, timedelta
from uuid import uuid4

import jwt
import pytest

from chassis.clock import ManualClock
from chassis.tokens import InvalidToken, SessionEnded, TokenVerifier
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


# --- verified tokens remembered until they expire (issue 17) ----------------------------------


def counting_decodes(monkeypatch) -> list[str]:
    """The tokens whose signature and claims are checked (jwt.decode), in order."""
    decoded: list[str] = []
    real = jwt.decode

    def decode(token, *args, **kwargs):
        decoded.append(token)
        return real(token, *args, **kwargs)

    monkeypatch.setattr(jwt, "decode", decode)
    return decoded


def test_a_token_is_verified_once_then_remembered_in_a_bounded_cache(monkeypatch):
    clock = ManualClock(NOW)
    minter = TokenMinter(clock)
    verifier = TokenVerifier(
        minter.public_key_pem,
        audience="training-platform",
        issuer="accounts",
        clock=clock,
        cache_size=2,
    )
    one, two, three = (minter.token(Role.INDIVIDUAL) for _ in range(3))
    decoded = counting_decodes(monkeypatch)
    for _ in range(3):
        assert verifier.verify(one) == verifier.verify(one)
    assert decoded == [one]
    verifier.verify(two)
    verifier.verify(three)  # two entries at most: `one`, the least recently used, goes
    verifier.verify(three)
    verifier.verify(one)
    assert decoded == [one, two, three, one]


def test_a_remembered_token_is_refused_once_it_expires_on_the_injected_clock(monkeypatch):
    clock = ManualClock(NOW)
    minter = TokenMinter(clock)
    verifier = verifier_for(minter, clock)
    token = minter.token(Role.INDIVIDUAL)  # 15 minutes, accepted 30 s more (clock skew)
    verifier.verify(token)
    clock.advance(timedelta(minutes=15, seconds=30))
    verifier.verify(token)  # still valid, from the cache
    clock.advance(timedelta(seconds=1))
    with pytest.raises(InvalidToken, match="expired"):
        verifier.verify(token)
    decoded = counting_decodes(monkeypatch)
    with pytest.raises(InvalidToken, match="expired"):
        verifier.verify(token)
    assert decoded == [token]  # forgotten: checked afresh, and refused again


def test_a_remembered_token_is_refused_as_soon_as_its_session_is_ended():
    clock = ManualClock(NOW)
    minter = TokenMinter(clock)
    ended: set[str] = set()
    verifier = TokenVerifier(
        minter.public_key_pem,
        audience="training-platform",
        issuer="accounts",
        clock=clock,
        is_ended=lambda principal: principal.session_id in ended,
    )
    token, other = minter.token(Role.INDIVIDUAL), minter.token(Role.INDIVIDUAL)
    principal = verifier.verify(token)
    verifier.verify(other)
    ended.add(principal.session_id)
    with pytest.raises(SessionEnded):
        verifier.verify(token)
    assert verifier.verify(other).session_id != principal.session_id  # others still pass
