"""Why notifications refuses a request: the chassis's refusals, each with its own code."""

from __future__ import annotations

from chassis.refusals import Conflict, Invalid, NotFound


class UnknownMessage(NotFound):
    code = "unknown_message"


class NotResendable(Conflict):
    """Only an uncertain or failed message can be sent again (409)."""

    code = "not_resendable"


class MessageChanged(Conflict):
    """The message left its resendable status while staff asked to resend it (409)."""

    code = "message_changed"


class OffsetRemoved(Invalid):
    """`offset` paging is gone: a client follows the cursor pages' `next` (422)."""

    code = "offset_removed"
