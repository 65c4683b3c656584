"""Access tokens: accounts signs them (EdDSA); every service verifies them here.

Verification pins the algorithm (no 'none', no HMAC-with-the-public-key
confusion), the issuer and the audience, and checks expiry against the
injected clock, so time-based tests move the clock rather than sleep.

A verified token is remembered until it expires (a bounded LRU keyed by the token
string): a client sends the same token on every request for its 15 minutes, and
checking its Ed25519 signature and claims again cost some 275 microseconds a request.
A remembered token is still checked on every use against the clock (refused once
expired, and forgotten) and against the ended sessions (`is_ended`, consulted on
every verification, remembered or not), so caching never lets a token live longer.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from chassis.clock import Clock
from contracts.identity import STAFF_ROLES, Role

ALGORITHM = "EdDSA"
LEEWAY_SECONDS = 30


class InvalidToken(Exception):
    """The token is missing, malformed, forged, expired or not meant for us."""


class SessionEnded(InvalidToken):
    """The token is sound but its session was ended (logout, a password reset...)."""


@dataclass(frozen=True)
class Principal:
    user_id: UUID
    email: str
    roles: frozenset[Role]
    company_id: UUID | None
    session_id: str
    email_verified: bool = False
    """Whether the person proved they receive mail at `email` (a single-use link,
    issue 13). What is matched on the email (enrollment history R-A4, invoices
    billed to it, participations) is shown only when True. False when the token
    does not say (tokens signed before the claim existed)."""

    def has_any(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_staff(self) -> bool:
        return bool(self.roles & STAFF_ROLES)


class TokenVerifier:
    """Checks access tokens against one or more Ed25519 public keys.

    `public_key_pem` holds one PEM block, or several one after the other: while the
    signing key is being rotated, tokens signed by the old and the new key are both
    accepted (docs/OPERATIONS.md, "Rotate the token signing key").
    """

    def __init__(
        self,
        public_key_pem: str,
        *,
        audience: str,
        issuer: str,
        clock: Clock,
        cache_size: int = 2048,
        is_ended: Callable[[Principal], bool] | None = None,
    ) -> None:
        """`cache_size` verified tokens are remembered (0: none); `is_ended` says whether a
        principal's session was ended, asked on every verification."""
        self._keys = load_public_keys(public_key_pem)
        self._audience = audience
        self._issuer = issuer
        self._clock = clock
        self._cache_size = cache_size
        self._verified: OrderedDict[str, _Verified] = OrderedDict()
        self._is_ended = is_ended

    def verify(self, token: str) -> Principal:
        now = self._clock.now().timestamp()
        verified = self._verified.get(token)
        if verified is not None and verified.valid_from <= now <= verified.valid_until:
            self._verified.move_to_end(token)
        else:
            if verified is not None:  # expired (or, on a clock set back, not valid yet)
                del self._verified[token]
            verified = self._verify(token, now)
            if self._cache_size > 0:
                self._verified[token] = verified
                if len(self._verified) > self._cache_size:
                    self._verified.popitem(last=False)  # the least recently used
        if self._is_ended is not None and self._is_ended(verified.principal):
            raise SessionEnded("this session has ended: log in again")
        return verified.principal

    def _verify(self, token: str, now: float) -> _Verified:
        claims = self._decode(token)
        valid_until = float(claims["exp"]) + LEEWAY_SECONDS
        issued = float(claims["iat"]) - LEEWAY_SECONDS
        not_before = float(claims["nbf"]) - LEEWAY_SECONDS if "nbf" in claims else issued
        if valid_until < now:
            raise InvalidToken("the token has expired")
        if issued > now:
            raise InvalidToken("the token is issued in the future")
        if not_before > now:
            raise InvalidToken("the token is not valid yet")
        try:
            company = claims.get("company_id")
            principal = Principal(
                user_id=UUID(claims["sub"]),
                email=str(claims.get("email", "")),
                roles=frozenset(Role(r) for r in claims.get("roles", [])),
                company_id=UUID(company) if company else None,
                session_id=str(claims["sid"]),
                email_verified=claims.get("email_verified") is True,
            )
        except (ValueError, TypeError) as error:
            raise InvalidToken(f"malformed claims: {error}") from error
        return _Verified(principal, valid_from=max(issued, not_before), valid_until=valid_until)

    def _decode(self, token: str) -> dict[str, Any]:
        """The claims of a token signed by any of the keys; the first key's error otherwise."""
        first_error: jwt.PyJWTError | None = None
        for key in self._keys:
            try:
                return jwt.decode(
                    token,
                    key,
                    algorithms=[ALGORITHM],
                    audience=self._audience,
                    issuer=self._issuer,
                    options={
                        "require": ["exp", "iat", "sub", "aud", "iss", "sid"],
                        # Times are checked in verify() against the injected clock.
                        "verify_exp": False,
                        "verify_iat": False,
                        "verify_nbf": False,
                    },
                )
            except jwt.InvalidSignatureError as error:
                first_error = first_error or error  # maybe signed by the next key
            except jwt.PyJWTError as error:
                raise InvalidToken(str(error)) from error
        raise InvalidToken(str(first_error or "no verification key")) from first_error


@dataclass(frozen=True)
class _Verified:
    """A verified token's principal, and the instants (timestamps) it is accepted between."""

    principal: Principal
    valid_from: float
    valid_until: float


_PEM_BLOCK = re.compile(r"-----BEGIN PUBLIC KEY-----.+?-----END PUBLIC KEY-----", re.DOTALL)


def load_public_keys(pem: str) -> list[Ed25519PublicKey]:
    """Every Ed25519 public key in `pem` (one or more PEM blocks), in order."""
    blocks = _PEM_BLOCK.findall(pem) or [pem]
    keys: list[Ed25519PublicKey] = []
    for block in blocks:
        key = serialization.load_pem_public_key(block.encode())
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("the token public key must be an Ed25519 key (PEM)")
        keys.append(key)
    return keys
