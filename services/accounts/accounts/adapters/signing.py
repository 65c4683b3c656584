"""Access tokens signed with accounts' Ed25519 private key; verified by every service."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from accounts.domain.refusals import SigningNotConfigured
from accounts.settings import AccountsSettings
from chassis.clock import Clock
from chassis.platform_clock import real_clock
from chassis.tokens import ALGORITHM


def generate_key_pair() -> tuple[str, str]:
    """A fresh (private, public) PEM pair, for development and tests."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


class TokenIssuer:
    def __init__(
        self,
        private_key_pem: str,
        *,
        issuer: str,
        audience: str,
        lifetime: timedelta,
        clock: Clock,
    ) -> None:
        key = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the token signing key must be an Ed25519 private key (PEM)")
        self._key = key
        self._issuer = issuer
        self._audience = audience
        self.lifetime = lifetime
        self._clock = clock

    def issue(
        self,
        *,
        user_id: UUID,
        email: str,
        roles: list[str],
        company_id: UUID | None,
        session_id: UUID,
        email_verified: bool,
    ) -> str:
        """The access token; `email_verified` says whether `email` is proven (issue 13)."""
        now = self._clock.now()
        claims = {
            "iss": self._issuer,
            "aud": self._audience,
            "sub": str(user_id),
            "sid": str(session_id),
            "email": email,
            "email_verified": email_verified,
            "roles": sorted(roles),
            "company_id": str(company_id) if company_id else None,
            "iat": int(now.timestamp()),
            "exp": int((now + self.lifetime).timestamp()),
        }
        return jwt.encode(claims, self._key, algorithm=ALGORITHM)


def issuer_for(settings: AccountsSettings, clock: Clock) -> TokenIssuer:
    """The issuer the settings describe; SigningNotConfigured (503) without a private key."""
    if settings.jwt_private_key is None:
        raise SigningNotConfigured()
    return TokenIssuer(
        settings.jwt_private_key.get_secret_value(),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        lifetime=timedelta(minutes=settings.access_token_minutes),
        clock=real_clock(clock),  # on real time, as every service checks it (issue 14)
    )
