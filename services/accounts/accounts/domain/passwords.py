"""The password policy: length is what matters (NIST SP 800-63B), no composition rules."""

from __future__ import annotations

from accounts.domain.refusals import WeakPassword

MIN_LENGTH = 12
MAX_LENGTH = 128


def check_policy(password: str, field: str = "password") -> None:
    """WeakPassword naming `field`, the request field that carried the password."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(field, f"the password must have at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(field, f"the password must have at most {MAX_LENGTH} characters")
