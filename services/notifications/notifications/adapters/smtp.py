"""Handing one email to the SMTP server, and what the answer means for a retry.

The exchange is split so that its outcome is known precisely:

- nothing was handed over (no connection, login refused, sender or recipient
  refused with 4xx, the server answered DATA with 4xx): try again later;
- the server refused it for good (5xx): give up, it cannot be sent as it is;
- the connection broke or timed out *during* DATA, before the server's answer:
  the server may have accepted it, so this is "uncertain" and never retried
  automatically (at most once per event and recipient);
- the server answered 250 to DATA: sent (a failing QUIT changes nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from enum import StrEnum

import aiosmtplib

from notifications.settings import NotificationsSettings


class Outcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"
    REFUSED = "refused"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    detail: str = ""


def _answered(error: aiosmtplib.SMTPResponseException, when: str) -> Result:
    outcome = Outcome.REFUSED if error.code >= 500 else Outcome.RETRY
    return Result(outcome, f"{when}: {error.code} {error.message}"[:1000])


class SmtpMailer:
    def __init__(self, settings: NotificationsSettings) -> None:
        self._settings = settings

    def _client(self) -> aiosmtplib.SMTP:
        s = self._settings
        return aiosmtplib.SMTP(
            hostname=s.smtp_host,
            port=s.smtp_port,
            username=s.smtp_username,
            password=s.smtp_password.get_secret_value() if s.smtp_password else None,
            start_tls=s.smtp_starttls,
            timeout=s.smtp_timeout_seconds,
        )

    async def send(self, email: EmailMessage, *, sender: str, recipient: str) -> Result:
        client = self._client()
        try:
            try:
                await client.connect()
                await client.mail(sender)
                await client.rcpt(recipient)
            except aiosmtplib.SMTPResponseException as error:
                return _answered(error, "before data")
            except (aiosmtplib.SMTPException, OSError) as error:
                return Result(Outcome.RETRY, f"before data: {type(error).__name__}: {error}"[:1000])
            try:
                await client.data(email.as_bytes())
            except aiosmtplib.SMTPResponseException as error:
                return _answered(error, "data")
            except (aiosmtplib.SMTPException, OSError) as error:
                return Result(Outcome.UNCERTAIN, f"data: {type(error).__name__}: {error}"[:1000])
            return Result(Outcome.SENT)
        finally:
            if client.is_connected:
                try:
                    await client.quit()
                except (aiosmtplib.SMTPException, OSError):
                    client.close()
