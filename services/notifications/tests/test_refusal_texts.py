"""Every refusal notifications can answer has its words in French and Dutch (issue 13)."""

from __future__ import annotations

from notifications.service import DEFINITION
from testkit.refusal_codes import codes_raised, codes_without_texts


def test_every_code_raised_in_notifications_has_french_and_dutch_texts():
    assert {"unknown_message", "not_resendable", "offset_removed"} <= set(
        codes_raised("notifications")
    )
    assert codes_without_texts("notifications", DEFINITION.refusal_texts) == {}
