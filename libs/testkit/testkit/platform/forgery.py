"""Access tokens as accounts signs them, and the forged ones every protected route must refuse.

The authorization matrix sends each route ten spoilt tokens, each wrong in one
way only (expired, another key, alg none, HS256 keyed with the public key,
wrong audience or issuer, tampered payload, unknown role, not a JWT, issued in
the future), so a 401 proves the verifier checks that one thing. The tokens
follow the platform's manual clock, not the wall clock.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from chassis.clock import ManualClock
from chassis.tokens import ALGORITHM
from contracts.identity import Role


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class Tokens:
    """Signs tokens the way accounts does, and forges the wrong ones."""

    private_key_pem: str
    public_key_pem: str
    clock: ManualClock

    def claims(
        self,
        *roles: Role,
        user_id: uuid.UUID | None = None,
        company_id: uuid.UUID | None = None,
        email: str = "someone@example.be",
        session_id: str | None = None,
        lifetime: timedelta = timedelta(minutes=15),
        email_verified: bool = True,
    ) -> dict[str, Any]:
        now = self.clock.now()
        return {
            "iss": "accounts",
            "aud": "training-platform",
            "sub": str(user_id or uuid.uuid4()),
            "sid": session_id or str(uuid.uuid4()),
            "email": email,
            "email_verified": email_verified,
            "roles": [r.value for r in roles],
            "company_id": str(company_id) if company_id else None,
            "iat": int(now.timestamp()),
            "exp": int((now + lifetime).timestamp()),
        }

    def sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self.private_key_pem, algorithm=ALGORITHM)

    def forged(self, good_token: str) -> dict[str, str]:
        """Tokens that every protected endpoint must refuse with 401, by what is wrong."""
        claims = jwt.decode(good_token, options={"verify_signature": False})
        now = int(self.clock.now().timestamp())
        header, _payload, signature = good_token.split(".")
        admin = {**claims, "roles": [Role.ADMIN.value]}
        other_key = Ed25519PrivateKey.generate()
        hs256_header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        hs256_payload = _b64(json.dumps(claims).encode())
        hs256_signature = _b64(
            hmac.new(
                self.public_key_pem.encode(),
                f"{hs256_header}.{hs256_payload}".encode(),
                hashlib.sha256,
            ).digest()
        )
        none_header = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
        return {
            "expired": self.sign({**claims, "iat": now - 7200, "exp": now - 3600}),
            "signed by another key": jwt.encode(claims, other_key, algorithm=ALGORITHM),
            "alg none": f"{none_header}.{_b64(json.dumps(admin).encode())}.",
            "HS256 with the public key as secret": (
                f"{hs256_header}.{hs256_payload}.{hs256_signature}"
            ),
            "wrong audience": self.sign({**claims, "aud": "another-platform"}),
            "wrong issuer": self.sign({**claims, "iss": "someone-else"}),
            "tampered payload": f"{header}.{_b64(json.dumps(admin).encode())}.{signature}",
            "unknown role": self.sign({**claims, "roles": ["superuser"]}),
            "not a JWT": "not-a-token",
            "issued in the future": self.sign({**claims, "iat": now + 3600, "exp": now + 4500}),
        }
