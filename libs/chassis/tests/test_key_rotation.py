"""Rotating the signing key: verifiers accept the old and the new key side by side."""

from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from chassis.clock import ManualClock
from chassis.tokens import InvalidToken, TokenVerifier, load_public_keys
from contracts.identity import Role
from testkit.tokens import TokenMinter

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def verifier(pem: str, clock) -> TokenVerifier:
    return TokenVerifier(pem, audience="training-platform", issuer="accounts", clock=clock)


def test_during_a_rotation_tokens_of_both_keys_are_accepted_and_others_refused():
    clock = ManualClock(NOW)
    old, new, stranger = TokenMinter(clock), TokenMinter(clock), TokenMinter(clock)
    both = verifier(new.public_key_pem + old.public_key_pem, clock)
    assert both.verify(old.token(Role.HR)).roles == {Role.HR}
    assert both.verify(new.token(Role.ADMIN)).roles == {Role.ADMIN}
    with pytest.raises(InvalidToken, match="Signature verification failed"):
        both.verify(stranger.token(Role.HR))


def test_after_the_rotation_the_old_key_is_refused():
    clock = ManualClock(NOW)
    old, new = TokenMinter(clock), TokenMinter(clock)
    with pytest.raises(InvalidToken):
        verifier(new.public_key_pem, clock).verify(old.token(Role.HR))


def test_a_claim_error_is_reported_as_such_not_as_a_wrong_key():
    clock = ManualClock(NOW)
    old, new = TokenMinter(clock), TokenMinter(clock, audience="someone-else")
    both = verifier(old.public_key_pem + new.public_key_pem, clock)
    with pytest.raises(InvalidToken, match=r"(?i)audience"):
        both.verify(new.token(Role.HR))


def test_every_pem_block_is_loaded_in_order_and_a_non_ed25519_key_is_refused():
    clock = ManualClock(NOW)
    first, second = TokenMinter(clock), TokenMinter(clock)
    keys = load_public_keys(first.public_key_pem + "\n" + second.public_key_pem)
    assert len(keys) == 2
    ec_public = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    with pytest.raises(ValueError, match="must be an Ed25519 key"):
        load_public_keys(first.public_key_pem + ec_public)
