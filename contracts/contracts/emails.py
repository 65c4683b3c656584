"""Email addresses in events: checked where they enter the platform, not on every hop.

`Email` is pydantic's `EmailStr` (the same JSON schema, `format: email`), except inside
`with emails_checked():`, where an address is taken as it is. The full check
(`email_validator`, some 36 microseconds an address) runs where an address enters the
platform: a request body, a registration. An event built from such addresses, and an
event read from the bus (each was built so by the service that published it), is
validated without checking them again: a booking request used to check its trainee's
address four times in enrollment and twice more in accounts.

Under `emails_checked()` an address must still be a string holding an `@`, so a value
that was never an address (an empty claim) is refused all the same.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import EmailStr, ValidatorFunctionWrapHandler, WrapValidator

_checked: contextvars.ContextVar[bool] = contextvars.ContextVar("emails_checked", default=False)


@contextlib.contextmanager
def emails_checked() -> Iterator[None]:
    """Within the block, `Email` fields take addresses as already checked."""
    token = _checked.set(True)
    try:
        yield
    finally:
        _checked.reset(token)


def _unless_checked(value: Any, check: ValidatorFunctionWrapHandler) -> Any:
    if _checked.get() and isinstance(value, str) and "@" in value:
        return value
    return check(value)


Email = Annotated[EmailStr, WrapValidator(_unless_checked)]
"""An email address: checked fully, except under `emails_checked()` (above)."""
