"""Notifications' own settings: where staff alerts go, how mail leaves (SMTP), and the
links it builds.

Without `smtp_host` nothing is sent: messages are recorded and stay "pending",
visible through `GET /messages`, until an SMTP server is configured; in
development `mail_folder` takes each email as a `.eml` file instead. Single-use
links arrive sealed (`chassis.sealing`): `link_sealing_keys` opens them, the
same list as accounts', and `public_base_url` is the portal they point at
(docs/LINKS.md).
"""

from __future__ import annotations

from email.utils import parseaddr
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator

from chassis.sealing import parse_keys
from chassis.settings import ServiceSettings


class NotificationsSettings(ServiceSettings):
    staff_alerts_email: str = "service-clients@localhost"
    """Where overdue validations are reported (R-C2): customer service's shared mailbox."""
    staff_language: Literal["fr", "nl", "en"] = "fr"

    smtp_host: str = ""
    """Empty: no delivery, messages stay pending."""
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_from: str = "Formations <no-reply@localhost>"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = Field(default=30.0, gt=0)
    mail_folder: Path | None = None
    """Development only: without `smtp_host`, each email is written as a `.eml` file in this
    folder instead (`make run` sets `DATA_DIR/mail`)."""

    public_base_url: str = "http://127.0.0.1:8000"
    """The portal's address: every link an email carries starts with it (docs/LINKS.md)."""
    link_sealing_keys: SecretStr | None = None
    """The keys accounts seals links' tokens with (`chassis.sealing`), newest first.
    Without them a message with a link cannot be composed: it fails, for staff to
    resend once the keys are set."""

    delivery_poll_seconds: float = Field(default=5.0, gt=0)
    delivery_batch_size: int = Field(default=20, ge=1, le=500)
    delivery_max_attempts: int = Field(default=8, ge=1)
    """After this many failed attempts a message is given up ("failed")."""
    delivery_first_retry_seconds: float = Field(default=60.0, gt=0)
    """Delay after the first failure; it doubles after each further failure."""
    delivery_max_retry_seconds: float = Field(default=3600.0, gt=0)
    sending_timeout_seconds: float = Field(default=900.0, gt=0)
    """A message still "sending" after this long is marked "uncertain", never resent."""
    sent_message_retention_days: float = Field(default=90.0, ge=0)
    """A sent message (with its context: names, an invoice's PDF) is deleted this long after
    it was sent (chassis.retention); failed and uncertain ones wait for staff."""

    @field_validator("public_base_url")
    @classmethod
    def _absolute_http_url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("public_base_url must be an absolute http(s) URL")
        return value.rstrip("/")

    @field_validator("link_sealing_keys")
    @classmethod
    def _sealing_keys(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        parse_keys(value.get_secret_value())  # ValueError says what is wrong
        return value

    @model_validator(mode="after")
    def _sending_outlasts_an_smtp_exchange(self) -> Self:
        # A message is "sending" for at most one SMTP exchange; calling it uncertain
        # sooner would flag a delivery that is merely slow.
        if self.sending_timeout_seconds <= 2 * self.smtp_timeout_seconds:
            raise ValueError("sending_timeout_seconds must exceed twice smtp_timeout_seconds")
        if "@" not in parseaddr(self.smtp_from)[1]:
            raise ValueError("smtp_from must hold an email address, e.g. 'Name <a@b.example>'")
        return self

    @property
    def smtp_configured(self) -> bool:
        return bool(self.smtp_host)

    @property
    def delivery_configured(self) -> bool:
        """Emails leave: over SMTP, or into `mail_folder` when no SMTP server is set."""
        return self.smtp_configured or self.mail_folder is not None

    @property
    def mail_domain(self) -> str:
        """The domain of the sender address: names our Message-IDs and calendar UIDs."""
        return parseaddr(self.smtp_from)[1].rpartition("@")[2]
