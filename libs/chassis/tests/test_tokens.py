from datetime import UTC, datetime, timedelta
from uuid import uuid4

import jwt
import pytest

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from chassis.clock import ManualClock
from chassis.tokens import InvalidToken, TokenVerifier
from contracts.identity import Role

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def generate_key_pair():
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return key, public.decode()


class TokenIssuer:
    """Signs as accounts does (accounts has its own tests of its issuer)."""

    def __init__(self, key, *, issuer, audience, lifetime, clock):
        self.key, self.iss, self.aud, self.lifetime, self.clock = key, issuer, audience, lifetime, clock

    def issue(self, *, user_id, email, roles, company_id, session_id):
        now = self.clock.now()
        claims = {
            "iss": self.iss, "aud": self.aud, "sub": str(user_id), "sid": str(session_id),
            "email": email, "roles": roles, "company_id": str(company_id) if company_id else None,
            "iat": int(now.timestamp()), "exp": int((now + self.lifetime).timestamp()),
        }
        return jwt.encode(claims, self.key, algorithm="EdDSA")


@pytest.fixture(scope="module")
def keys():
    return generate_key_pair()


def make(keys, clock, **overrides):
    private, public = keys
    issuer = TokenIssuer(
        private, issuer="accounts", audience="training-platform",
        lifetime=timedelta(minutes=15), clock=clock,
    )
    verifier = TokenVerifier(
        overrides.get("public", public), audience=overrides.get("audience", "training-platform"),
        issuer="accounts", clock=clock,
    )
    return issuer, verifier


def issue(issuer, company=None):
    return issuer.issue(
        user_id=uuid4(), email="hr@acme.be", roles=["hr"], company_id=company, session_id=uuid4()
    )


def test_a_valid_token_tells_who_calls():
    clock = ManualClock(NOW)
    issuer, verifier = make(generate_key_pair(), clock)
    company = uuid4()
    principal = verifier.verify(issue(issuer, company))
    assert principal.roles == {Role.HR}
    assert principal.company_id == company
    assert principal.email == "hr@acme.be"


def test_a_token_expires_after_its_lifetime_on_the_injected_clock(keys):
    clock = ManualClock(NOW)
    issuer, verifier = make(keys, clock)
    token = issue(issuer)
    clock.advance(timedelta(minutes=15))
    verifier.verify(token)
    clock.advance(timedelta(minutes=1))
    with pytest.raises(InvalidToken, match="expired"):
        verifier.verify(token)


def test_a_token_for_another_audience_is_refused(keys):
    clock = ManualClock(NOW)
    issuer, _ = make(keys, clock)
    _, verifier = make(keys, clock, audience="another-platform")
    with pytest.raises(InvalidToken):
        verifier.verify(issue(issuer))


def test_a_token_signed_by_another_key_is_refused(keys):
    clock = ManualClock(NOW)
    issuer, _ = make(generate_key_pair(), clock)
    _, verifier = make(keys, clock)
    with pytest.raises(InvalidToken):
        verifier.verify(issue(issuer))


def test_a_tampered_token_is_refused(keys):
    clock = ManualClock(NOW)
    issuer, verifier = make(keys, clock)
    header, payload, signature = issue(issuer).split(".")
    forged = jwt.utils.base64url_encode(
        jwt.utils.base64url_decode(payload).replace(b'"hr"', b'"admin"')
    ).decode()
    with pytest.raises(InvalidToken):
        verifier.verify(f"{header}.{forged}.{signature}")


def test_an_unsigned_or_hmac_token_is_refused(keys):
    clock = ManualClock(NOW)
    _, verifier = make(keys, clock)
    claims = {
        "iss": "accounts", "aud": "training-platform", "sub": str(uuid4()), "sid": "s",
        "roles": ["admin"], "iat": int(NOW.timestamp()), "exp": int(NOW.timestamp()) + 600,
    }
    unsigned = jwt.encode(claims, key=None, algorithm="none")
    hmac = jwt.encode(claims, "a-guessable-secret-of-enough-length!", algorithm="HS256")
    for token in (unsigned, hmac):
        with pytest.raises(InvalidToken):
            verifier.verify(token)
