"""Access tokens minted in a test, signed like accounts signs them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from chassis.clock import Clock, SystemClock
from chassis.tokens import ALGORITHM
from contracts.identity import Role


class TokenMinter:
    """Stands in for accounts in a service's own tests: a key pair and signed tokens."""

    def __init__(
        self,
        clock: Clock,
        *,
        audience: str = "training-platform",
        issuer: str = "accounts",
        private_key_pem: str | None = None,
    ) -> None:
        """A new key pair, or the one of `private_key_pem` (services started with its
        public key then accept the tokens)."""
        if private_key_pem is None:
            self._key = Ed25519PrivateKey.generate()
        else:
            key = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
            if not isinstance(key, Ed25519PrivateKey):
                raise TypeError("tokens are signed with Ed25519: give an Ed25519 private key")
            self._key = key
        self.private_key_pem = self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        self.public_key_pem = (
            self._key.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode()
        )
        self._clock = clock
        self._audience = audience
        self._issuer = issuer

    def token(
        self,
        *roles: Role,
        user_id: UUID | None = None,
        company_id: UUID | None = None,
        email: str = "someone@example.be",
        lifetime: timedelta = timedelta(minutes=15),
        email_verified: bool = True,
    ) -> str:
        """`email_verified`: whether the token says the address is proven (issue 13)."""
        now = self._clock.now()
        claims = {
            "iss": self._issuer,
            "aud": self._audience,
            "sub": str(user_id or uuid4()),
            "sid": str(uuid4()),
            "email": email,
            "email_verified": email_verified,
            "roles": [r.value for r in roles],
            "company_id": str(company_id) if company_id else None,
            "iat": int(now.timestamp()),
            "exp": int((now + lifetime).timestamp()),
        }
        return jwt.encode(claims, self._key, algorithm=ALGORITHM)

    def headers(self, *roles: Role, **kwargs: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(*roles, **kwargs)}"}


def key_pair() -> tuple[str, str]:
    """A fresh Ed25519 (private, public) PEM pair for a platform started by a test.

    Services get the public key, accounts the private one; the rigs make their
    own pair rather than import accounts' signing module, which is accounts'
    business and may move."""
    minter = TokenMinter(SystemClock())
    return minter.private_key_pem, minter.public_key_pem
