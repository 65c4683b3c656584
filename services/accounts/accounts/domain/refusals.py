"""Why accounts refuses a request: its own refusals, each with a code a client can branch on.

Handlers and rules raise them; the chassis answers (`chassis.problems`). The
`detail` messages are what clients have always read; `field` names the
request field at fault, when there is one. Each code has its words in French
and Dutch in `domain/refusal_texts.py`, filled from the refusal's `params`.
"""

from __future__ import annotations

import math
from datetime import timedelta

from chassis.refusals import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    Refusal,
    TooManyRequests,
    Unauthenticated,
    Unavailable,
)

INVALID_LINK = "this link is invalid or has expired"


class EmailTaken(Conflict):
    """Another account already logs in with this address (one account per email, R-A4)."""

    code = "email_taken"

    def __init__(
        self,
        detail: str = "an account with this email already exists",
        *,
        field: str | None = "email",
    ) -> None:
        super().__init__(detail, field=field)


class CompanyTaken(Conflict):
    code = "company_taken"

    def __init__(self) -> None:
        super().__init__(
            "this company already has an account: ask its enrollment manager to add you",
            field="registration_number",
        )


class AccountConflict(Conflict):
    """A concurrent registration took the email or the company first."""

    code = "email_or_company_taken"

    def __init__(self) -> None:
        super().__init__("the email or the company already has an account")


class WeakPassword(Invalid):
    """Too short or too long (`domain/passwords.py`); params name the bounds."""

    code = "weak_password"

    def __init__(self, field: str, message: str, *, min_length: int, max_length: int) -> None:
        super().__init__(
            f"{field}: {message}",
            field=field,
            params={"field": field, "min_length": min_length, "max_length": max_length},
        )


class InvalidNumber(Invalid):
    """A company number is wrong; `field` names the request field (R-A1)."""

    code = "invalid_company_number"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}", field=field, params={"field": field})


class InvalidLink(Refusal):
    """Unknown, used, expired or meant for something else: one message for all (R-A3).

    400 as it has always been (not 410): telling an expired link from an unknown
    one would say which tokens once existed.
    """

    code = "invalid_link"

    def __init__(self) -> None:
        super().__init__(INVALID_LINK)


class InvalidCredentials(Unauthenticated):
    """The same answer for a wrong password and an unknown address."""

    code = "invalid_credentials"

    def __init__(self) -> None:
        super().__init__("wrong email or password")


class SessionEnded(Unauthenticated):
    """The token's session was ended (logout, password reset, email change).

    The chassis's texts translate this code (and role_required) into fr and nl.
    """

    code = "session_ended"

    def __init__(self) -> None:
        super().__init__("this session has ended: log in again")


class InvalidRefreshToken(Unauthenticated):
    """Unknown, expired, or of a session that has ended: log in again. One answer for all."""

    code = "invalid_refresh_token"

    def __init__(self) -> None:
        super().__init__("this refresh token is invalid or has expired: log in again")


class RefreshTokenReused(Unauthenticated):
    """A refresh token already exchanged came again: it was copied, so its session ended
    (OAuth 2.0 Security BCP, refresh token rotation)."""

    code = "refresh_token_reused"

    def __init__(self) -> None:
        super().__init__(
            "this refresh token was already used: its session has ended for safety; log in again"
        )


class EmailAlreadyVerified(Conflict):
    code = "email_already_verified"

    def __init__(self) -> None:
        super().__init__("this account's email address is already confirmed")


class TooManyFromClient(TooManyRequests):
    """Too many logins, registrations or reset requests from one client address."""

    code = "too_many_requests_from_client"

    def __init__(self, wait: timedelta) -> None:
        seconds = max(1, math.ceil(wait.total_seconds()))
        super().__init__(
            f"too many requests from your address: try again in {seconds} s",
            retry_after_seconds=seconds,
            params={"seconds": seconds},
        )


class TooManyVerificationEmails(TooManyRequests):
    code = "too_many_verification_emails"

    def __init__(self, seconds: int) -> None:
        super().__init__(
            f"a confirmation link was sent several times this hour: try again in {seconds} s",
            retry_after_seconds=seconds,
            params={"seconds": seconds},
        )


class TooManyAttempts(TooManyRequests):
    """Too many wrong passwords for an address: come back after `wait` (Retry-After)."""

    code = "too_many_attempts"

    def __init__(self, wait: timedelta, *, what: str = "failed attempts for this address") -> None:
        seconds = max(1, math.ceil(wait.total_seconds()))
        super().__init__(
            f"too many {what}: try again in {seconds} s",
            retry_after_seconds=seconds,
            params={"seconds": seconds},
        )
        self.wait = wait


class WrongPassword(Forbidden):
    """The signed-in caller's password, asked again before a sensitive change, is wrong."""

    code = "wrong_password"

    def __init__(self) -> None:
        super().__init__("password: wrong password", field="password")


class SameEmail(Invalid):
    code = "same_email"

    def __init__(self) -> None:
        super().__init__("new_email: this is already your login email", field="new_email")


class AccountNotFound(NotFound):
    code = "account_not_found"

    def __init__(self) -> None:
        super().__init__("this account no longer exists")


class SelfErasure(Conflict):
    """Staff erase other people's accounts; their own goes through a colleague."""

    code = "self_erasure"


class RoleRequired(Forbidden):
    """The caller's token holds none of the roles an action needs (`params["roles"]`)."""

    code = "role_required"


class NotYourCompany(Forbidden):
    code = "not_your_company"

    def __init__(self) -> None:
        super().__init__("you manage the users of your own company")


class RoleNotAllowed(Invalid):
    """A role that this kind of account cannot have (a company user made staff, say)."""

    code = "role_not_allowed"

    def __init__(self, roles: str) -> None:
        super().__init__(
            f"role: this kind of account is one of: {roles}", field="role", params={"roles": roles}
        )


class SigningNotConfigured(Unavailable):
    code = "signing_not_configured"

    def __init__(self) -> None:
        super().__init__("token signing is not configured")


class SealingNotConfigured(Unavailable):
    """No `link_sealing_keys`: a link's token cannot leave accounts, so none is made."""

    code = "link_sealing_not_configured"

    def __init__(self) -> None:
        super().__init__("emailed links are not configured (link sealing keys)")


class TestClocksDisabled(NotFound):
    """This deployment was not started with test clocks (issue 14): there is no test clock."""

    __test__ = False
    code = "test_clocks_disabled"

    def __init__(self) -> None:
        super().__init__("test clocks are not enabled on this deployment (TEST_CLOCKS_ENABLED)")


class TestClockBackwards(Conflict):
    """Time only moves forward (issue 14): a test clock is never set back."""

    __test__ = False
    code = "test_clock_backwards"

    def __init__(self, now: str) -> None:
        super().__init__(
            f"to: the test clock only moves forward; the platform's time is {now}",
            field="to",
            params={"now": now},
        )
