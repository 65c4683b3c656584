"""A real SMTP server for the fault rig: every email the platform sends, received and counted.

Notifications delivers to it over SMTP as it would to the company's relay, so
"a message per notified event" is judged by the emails received, not only by
the rows notifications keeps: each message recorded as sent must have arrived
exactly once (its Message-ID names the row), one left "uncertain" (its process
died while the server held it) at most once, and nothing may arrive that no row
sent. The server can refuse for a while (`refusing`), as a relay under
maintenance answers 421, to see that the messages wait and arrive once after.
"""

from __future__ import annotations

import email
import email.policy
import re
import socket
import threading
import time
from collections import Counter
from typing import Any
from uuid import UUID

from aiosmtpd.controller import Controller

MESSAGE_ID = re.compile(r"<([0-9a-f-]{36})@")


class _Handler:
    def __init__(self, mailbox: Mailbox) -> None:
        self.mailbox = mailbox

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if self.mailbox.refusing:
            self.mailbox.refused += 1
            return "421 4.3.2 Service not available, closing transmission channel"
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        found = MESSAGE_ID.search(str(message.get("Message-ID", "")))
        with self.mailbox.lock:
            self.mailbox.received[UUID(found.group(1)) if found else None] += 1
        return "250 Message accepted for delivery"


class Mailbox:
    """An SMTP server on a free local port, in a thread of the test process."""

    def __init__(self) -> None:
        self.received: Counter[UUID | None] = Counter()
        """Message-ID's message id -> emails received with it (None: no platform id)."""
        self.refusing = False
        self.refused = 0
        self.lock = threading.Lock()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def refuse_for(self, seconds: float) -> None:
        """Answer 421 to every email for `seconds` (blocking: run it in a thread)."""
        self.refusing = True
        try:
            time.sleep(seconds)
        finally:
            self.refusing = False

    @property
    def environment(self) -> dict[str, str]:
        """Notifications' settings to deliver here, and to retry within seconds."""
        return {
            "NOTIFICATIONS_SMTP_HOST": "127.0.0.1",
            "NOTIFICATIONS_SMTP_PORT": str(self.port),
            "NOTIFICATIONS_SMTP_TIMEOUT_SECONDS": "10",
            "NOTIFICATIONS_DELIVERY_POLL_SECONDS": "0.5",
            "NOTIFICATIONS_DELIVERY_FIRST_RETRY_SECONDS": "1",
            "NOTIFICATIONS_DELIVERY_MAX_RETRY_SECONDS": "4",
            "NOTIFICATIONS_DELIVERY_MAX_ATTEMPTS": "50",
            # a message left "sending" by a killed process is called uncertain (and not
            # resent) after this (more than twice the SMTP timeout), within the rig's wait for quiet
            "NOTIFICATIONS_SENDING_TIMEOUT_SECONDS": "30",
        }
