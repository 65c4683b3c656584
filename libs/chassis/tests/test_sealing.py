"""Link tokens sealed for notifications: only the configured keys open them, for their
purpose and person only, and a key is rotated without losing what is in flight."""

from __future__ import annotations

import base64

import pytest

from chassis.sealing import LinkSealer, UnsealError, new_key, parse_keys

TOKEN = "Xq3-9vRkP0aZ_wT5mN8bL2cJ7hF4dS1gY6eU0iO3pA"
ADA = "4b1c0f3e-1111-4222-8333-944455556666"


def test_a_sealed_token_opens_for_its_purpose_and_person_only():
    sealer = LinkSealer.from_setting(new_key())
    sealed = sealer.seal(TOKEN, purpose="reset_password", subject=ADA)
    assert sealer.unseal(sealed, purpose="reset_password", subject=ADA) == TOKEN
    with pytest.raises(UnsealError):
        sealer.unseal(sealed, purpose="set_password", subject=ADA)
    with pytest.raises(UnsealError):
        sealer.unseal(sealed, purpose="reset_password", subject="someone-else")


def test_the_sealed_value_shows_nothing_of_the_token_and_differs_every_time():
    sealer = LinkSealer.from_setting(new_key())
    first, second = (sealer.seal(TOKEN, purpose="verify_email", subject=ADA) for _ in range(2))
    assert first != second  # a fresh nonce each time
    for sealed in (first, second):
        raw = base64.urlsafe_b64decode(sealed[3:] + "=" * (-len(sealed[3:]) % 4))
        assert TOKEN not in sealed
        assert TOKEN.encode() not in raw
        assert base64.b64encode(TOKEN.encode()).decode() not in sealed


def test_an_altered_sealed_value_is_refused():
    sealer = LinkSealer.from_setting(new_key())
    sealed = sealer.seal(TOKEN, purpose="verify_email", subject=ADA)
    flipped = sealed[:-2] + ("A" if sealed[-2] != "A" else "B") + sealed[-1]
    for bad in (flipped, sealed[:20], "s1.not-base64!!", "plain-token", ""):
        with pytest.raises(UnsealError):
            sealer.unseal(bad, purpose="verify_email", subject=ADA)


def test_rotation_the_new_key_seals_and_the_old_one_still_opens_until_dropped():
    old, new = new_key(), new_key()
    before = LinkSealer.from_setting(old).seal(TOKEN, purpose="set_password", subject=ADA)
    rotating = LinkSealer.from_setting(f"{new},{old}")
    after = rotating.seal(TOKEN, purpose="set_password", subject=ADA)
    assert rotating.unseal(before, purpose="set_password", subject=ADA) == TOKEN
    assert LinkSealer.from_setting(new).unseal(after, purpose="set_password", subject=ADA) == TOKEN
    with pytest.raises(UnsealError, match="no longer configured"):
        LinkSealer.from_setting(new).unseal(before, purpose="set_password", subject=ADA)


@pytest.mark.parametrize(
    "setting", ["", " , ", "too-short", base64.urlsafe_b64encode(b"x" * 16).decode(), "a b c"]
)
def test_a_wrong_key_setting_is_refused_saying_what_a_key_is(setting):
    with pytest.raises(ValueError, match=r"link sealing key|base64url"):
        parse_keys(setting)
