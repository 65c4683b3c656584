"""Messages for staff are addressed to a role, resolved to a mailbox when sent.

Overdue validations (R-C2) go to `staff_alerts_email`. The consumer records
the recipient as the role; delivery sends to the mailbox configured at the
time of sending, so a change of that setting also redirects alerts not yet
sent.
"""

from __future__ import annotations

STAFF_RECIPIENT = "staff"
"""Recorded recipient of staff alerts; never a real address (it has no '@')."""


def delivery_address(recipient: str, staff_alerts_email: str) -> str:
    return staff_alerts_email if recipient == STAFF_RECIPIENT else recipient
