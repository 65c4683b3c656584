"""Why a request or a command is refused: one hierarchy for every service. No I/O.

Domain rules and handlers raise these; they know nothing of HTTP. The chassis
turns each into an answer in one place (`chassis.problems`): its status, a
stable machine `code` a client can branch on, and a `detail` meant for the
person who asked, naming the field or the rule concerned.

A service names its own refusals by subclassing one of these with its own
`code`, e.g. `class EmailTaken(Conflict): code = "email_taken"`, so that a
client can tell "this email is taken" from any other conflict without reading
the message. `field` names the input at fault, for a form to show the message
beside it; `params` are the values a translated message may quote.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar


class Refusal(Exception):
    """The request cannot be done as asked; retrying it unchanged gives the same answer."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        field: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code  # type: ignore[misc]  # an instance may narrow its class's code
        self.field = field
        self.params: Mapping[str, object] = dict(params or {})

    @property
    def headers(self) -> Mapping[str, str]:
        """Headers the answer must carry (e.g. Retry-After); none by default."""
        return {}


class Invalid(Refusal):
    """The input breaks a rule (422): too few participants, a wrong number, a weak password."""

    status = 422
    code = "invalid"


class Unauthenticated(Refusal):
    """No valid credentials came with the request (401)."""

    status = 401
    code = "unauthenticated"

    @property
    def headers(self) -> Mapping[str, str]:
        return {"WWW-Authenticate": "Bearer"}


class Forbidden(Refusal):
    """The caller is known but may not do this (403), e.g. HR before approval (R-A6)."""

    status = 403
    code = "forbidden"


class NotFound(Refusal):
    """Nothing with this id, or nothing the caller may see (404)."""

    status = 404
    code = "not_found"


class Conflict(Refusal):
    """The current state does not allow it (409): a duplicate, a closed list, full seats."""

    status = 409
    code = "conflict"


class Gone(Refusal):
    """It existed and can no longer be used (410): an expired or spent single-use link."""

    status = 410
    code = "gone"


class PreconditionFailed(Refusal):
    """The caller's copy is stale (412): the If-Match version is not the current one."""

    status = 412
    code = "precondition_failed"


class _RetryLater(Refusal):
    """A refusal that says when to come back."""

    def __init__(self, detail: str, *, retry_after_seconds: int, **kwargs: object) -> None:
        super().__init__(detail, **kwargs)  # type: ignore[arg-type]
        self.retry_after_seconds = max(1, int(retry_after_seconds))

    @property
    def headers(self) -> Mapping[str, str]:
        return {"Retry-After": str(self.retry_after_seconds)}


class TooManyRequests(_RetryLater):
    """Too many attempts in a window (429), e.g. login throttling."""

    status = 429
    code = "too_many_requests"


class Unavailable(_RetryLater):
    """The service cannot do it now (503): its database is away, a key is not configured."""

    status = 503
    code = "unavailable"

    def __init__(self, detail: str, *, retry_after_seconds: int = 5, **kwargs: object) -> None:
        super().__init__(detail, retry_after_seconds=retry_after_seconds, **kwargs)


class Undeliverable(Exception):
    """An event that can never be handled as it is: dead-letter it without retrying.

    Not a refusal of a request: a consumer's handler raises it (e.g. an invoice for
    a booking this service never heard of), and the chassis dead-letters the
    message with this reason at once instead of spending its delivery limit.
    """
