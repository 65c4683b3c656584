"""Nothing secret in the logs (OWASP ASVS V16 / Logging Cheat Sheet: never log credentials,
session tokens or sensitive personal data).

Every security test logs onto one tape, rendered as production renders it
(`chassis.logs.configure_logging`: JSON, redaction on). This test runs after
all of them (see conftest) and reads the tape for what the suite handled:
the passwords it typed, the access tokens it was given, the set-password and
reset link tokens it received, the national register numbers it entered;
and, whatever their value, for anything shaped like a JWT, a bearer header,
a link token or a Belgian national register number with valid check digits.
"""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.log_scan]

JWT = re.compile(r"eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*")
BEARER = re.compile(r"bearer\s+[\w.~+/-]{16,}", re.IGNORECASE)
LINK_TOKEN = re.compile(r"[?&]token=[\w%.~-]{16,}")
NRN = re.compile(r"(?<![\d.])(\d{2})\.?(\d{2})\.?(\d{2})[-.]?(\d{3})\.?(\d{2})(?![\d.])")


def valid_national_number(match: re.Match[str]) -> bool:
    """Check digits of a Belgian national register number (born before or after 2000)."""
    body = "".join(match.groups()[:4])
    check = int(match.group(5))
    return check in (97 - int(body) % 97, 97 - int("2" + body) % 97)


def findings(lines: list[str], known: dict[str, set[str]]) -> list[str]:
    found = []
    for number, line in enumerate(lines):
        for kind, values in known.items():
            for value in values:
                if value in line:
                    found.append(f"line {number}: a {kind} ({value[:6]}...): {line[:300]}")
        for kind, pattern in (("JWT", JWT), ("bearer header", BEARER), ("link token", LINK_TOKEN)):
            if pattern.search(line):
                found.append(f"line {number}: something shaped like a {kind}: {line[:300]}")
        for match in NRN.finditer(line):
            if valid_national_number(match):
                found.append(f"line {number}: a national register number shape: {line[:300]}")
    return found


def with_separators(number: str) -> set[str]:
    """A national register number as people write it: 85.07.30-033.28, 850730-03328..."""
    if len(number) != 11:
        return {number}
    yy, mm, dd, serial, check = number[:2], number[2:4], number[4:6], number[6:9], number[9:]
    return {number, f"{yy}.{mm}.{dd}-{serial}.{check}", f"{yy}{mm}{dd}-{serial}{check}"}


def test_the_scan_finds_each_kind_of_secret_it_looks_for():
    """The scan can fail: each kind, planted in a line, is found."""
    planted = [
        '{"event": "x", "note": "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"}',
        '{"event": "x", "header": "Bearer abcdefghijklmnopqrstuvwxyz"}',
        '{"event": "x", "url": "https://app.example/reset?token=AbCdEf0123456789xyz"}',
        '{"event": "x", "nrn": "85.07.30-033.28"}',
        '{"event": "x", "typed": "hunter2-password"}',
    ]
    found = findings(planted, {"password": {"hunter2-password"}})
    assert len(found) == len(planted), found
    assert findings(['{"event": "request handled", "duration_ms": 12.5}'], {}) == []


def test_no_password_token_link_or_national_number_in_the_suites_logs(log_tape, secrets, ledger):
    lines = list(log_tape.lines)
    log_tape.stop()  # the rest of the session logs as it did before the security suite
    if len(lines) < 100 or not secrets.found:
        pytest.skip("no other security test ran in this session: nothing to scan")
    known = {kind: set(values) for kind, values in secrets.found.items()}
    known["national register number"] = {
        spelling
        for n in known.get("national register number", set())
        for spelling in with_separators(n)
    }
    found = findings(lines, known)
    counts = ", ".join(f"{len(v)} {k}s" for k, v in sorted(secrets.found.items()))
    ledger.note(f"log scan: {len(lines)} log lines, looking for {counts}: {len(found)} found")
    assert {"password", "access token", "link token", "national register number"} <= set(known)
    assert not found, "\n".join(found[:20])
