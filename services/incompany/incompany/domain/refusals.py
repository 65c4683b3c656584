"""What a handler answers when it cannot do what was asked. No I/O.

Handlers raise these; the API turns each into its HTTP status (`api_routes.py`)
with the message as `detail`. Messages name the field or the rule concerned.
"""

from __future__ import annotations


class Refused(ValueError):
    """The input breaks a rule (422): a wrong number, too few participants..."""


class NotFound(LookupError):
    """Nothing with this id, or nothing the caller may see (404)."""


class Conflict(Exception):
    """The state does not allow it now (409): a duplicate, a closed list, a cancelled group."""


class Forbidden(PermissionError):
    """The caller may not do this (403), e.g. HR without an approved attestation (R-A6)."""


class Unavailable(RuntimeError):
    """The service is not configured for this (503), e.g. no encryption key."""
