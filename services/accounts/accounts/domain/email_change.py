"""Changing the login email (R-A5): what the user must read before the change.

Enrollment history follows the login email (R-A4), so the user is warned that
what they placed with the old address will no longer show.
"""

from __future__ import annotations


def history_warning(old_email: str, new_email: str) -> str:
    """R-A5: what the user must read before the change."""
    return (
        f"Enrollments placed with {old_email} will no longer show in your history once "
        f"{new_email} is your login email; those placed with {new_email} will show instead. "
        f"The change takes effect when you open the confirmation link sent to {new_email}."
    )
