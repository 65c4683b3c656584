"""The email itself: headers, plain-text and HTML bodies, attachments (a calendar file, an
invoice's PDF). No I/O.

Every email carries a Message-ID built from the message's id, the same on
every attempt, so a mail system that sees a retry can recognise it, and the
Date it was handed over. The body is multipart/alternative: the plain text
as written, then the same text as HTML (`domain/html_part.py`); a calendar
file, when the message announces a date, and an invoice's PDF are attached beside them.
"""

from __future__ import annotations

import base64
from datetime import datetime
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime
from typing import Any
from uuid import UUID

from notifications.adapters.mail_queue import Claimed
from notifications.domain import ics
from notifications.domain.catalogue import (
    CANCELLED_CLASS_CALENDAR,
    CLASS_CALENDAR,
    INVOICE_PDF,
    SESSION_CALENDAR,
    Template,
)
from notifications.domain.rendering import Rendered


class _HeaderClasses(HeaderRegistry):
    """The standard header classes, each made once: `HeaderRegistry` builds a new class
    (`type(...)`) for every header it parses, which was a fifth of composing an email."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type[BaseHeader]] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = super().__getitem__(name)
        return made


POLICY = default_policy.clone(header_factory=_HeaderClasses())
"""The standard policy (`email.policy.default`), its header classes made once."""


def message_id(message_uuid: UUID, domain: str) -> str:
    return f"<{message_uuid}@{domain}>"


def compose(
    message: Claimed,
    rendered: Rendered,
    *,
    sender: str,
    to: str,
    domain: str,
    now: datetime,
) -> EmailMessage:
    email = EmailMessage(policy=POLICY)
    email["Message-ID"] = message_id(message.id, domain)
    email["Date"] = format_datetime(now)
    email["From"] = sender
    email["To"] = to
    email["Subject"] = rendered.subject
    email["Content-Language"] = message.language
    # A message sent by the platform, not by a person: no out-of-office answers (RFC 3834).
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(rendered.body, charset="utf-8", cte="quoted-printable")
    email.add_alternative(rendered.html, subtype="html", charset="utf-8", cte="quoted-printable")
    calendar = calendar_file(message, domain)
    if calendar is not None:
        email.add_attachment(
            calendar.decode("utf-8"),
            subtype="calendar",
            charset="utf-8",
            params={"method": "PUBLISH"},
            filename="session.ics",
        )
    attach_invoice(email, message.context)
    return email


def attach_invoice(email: EmailMessage, context: dict[str, Any]) -> None:
    """The invoice's PDF, as billing printed it (`catalogue.INVOICE_PDF`), if the message has
    one: the email becomes multipart/mixed with an application/pdf part."""
    pdf = context.get(INVOICE_PDF)
    if pdf is None:
        return
    email.add_attachment(
        base64.b64decode(pdf["base64"], validate=True),
        maintype="application",
        subtype="pdf",
        filename=pdf["filename"],
    )


def calendar_file(message: Claimed, domain: str) -> bytes | None:
    """The calendar file a message carries (`catalogue`), or None."""
    context = message.context
    template = Template(message.template)
    if template in SESSION_CALENDAR and context.get("outcome") != "declined":
        return ics.session_calendar(
            booking_id=context["booking_id"],
            session=context["session"],
            stamped_at=message.created_at,
            domain=domain,
            cancelled=context.get("outcome") == "cancelled",
        )
    if template in CLASS_CALENDAR or template in CANCELLED_CLASS_CALENDAR:
        return ics.class_calendar(
            groups=context["groups"] if "groups" in context else [context["group"]],
            stamped_at=message.created_at,
            domain=domain,
            cancelled=template in CANCELLED_CLASS_CALENDAR,
        )
    return None
