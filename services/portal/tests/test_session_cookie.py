"""The session cookie is sealed: unreadable, unforgeable, rotated keys, and it ages out."""

from __future__ import annotations

import json
import time

from cryptography.fernet import Fernet

from portal.adapters.session_cookie import SessionSeal, new_key


def test_a_sealed_cookie_opens_to_what_was_sealed_and_shows_nothing() -> None:
    seal = SessionSeal([new_key()], max_age_seconds=3600)
    sealed = seal.seal({"access": "secret.token", "csrf": "c"})
    assert "secret" not in sealed
    assert seal.open(sealed) == {"access": "secret.token", "csrf": "c"}


def test_a_damaged_or_foreign_cookie_opens_to_nothing() -> None:
    seal = SessionSeal([new_key()], max_age_seconds=3600)
    sealed = seal.seal({"access": "t"})
    assert seal.open(sealed[:-2] + ("A" if sealed[-2] != "A" else "B") + sealed[-1]) is None
    assert SessionSeal([new_key()], 3600).open(sealed) is None
    assert seal.open("not a cookie") is None


def test_keys_rotate_the_new_seals_the_old_still_opens() -> None:
    old, new = new_key(), new_key()
    before = SessionSeal([old], 3600).seal({"n": 1})
    rotated = SessionSeal([new, old], 3600)
    assert rotated.open(before) == {"n": 1}
    after = rotated.seal({"n": 2})
    assert SessionSeal([new], 3600).open(after) == {"n": 2}
    assert SessionSeal([old], 3600).open(after) is None


def test_a_cookie_older_than_the_session_lifetime_is_refused() -> None:
    key = new_key()
    old = Fernet(key.encode()).encrypt_at_time(
        json.dumps({"n": 1}).encode(), int(time.time()) - 120
    )
    assert SessionSeal([key], max_age_seconds=60).open(old.decode()) is None
    assert SessionSeal([key], max_age_seconds=600).open(old.decode()) == {"n": 1}
