"""A message's delivery status, and which statuses staff may send again. No I/O."""

from __future__ import annotations

from enum import StrEnum

from notifications.domain.refusals import NotResendable


class MessageStatus(StrEnum):
    """pending -> sending -> sent; or back to pending (retry), or failed, or uncertain.

    "uncertain": the process stopped while the message was with the SMTP server,
    so it may or may not have left. It is never resent on its own (at most once
    per event and recipient); staff review it and may ask for a resend.
    """

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNCERTAIN = "uncertain"


RESENDABLE = (MessageStatus.UNCERTAIN, MessageStatus.FAILED)
"""What staff may send again, after checking that it did not arrive."""


def check_resendable(status: str) -> None:
    if status not in RESENDABLE:
        raise NotResendable(
            f"only an uncertain or failed message can be resent; this one is {status}"
        )
