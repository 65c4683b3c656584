"""Writing each email as a `.eml` file into a folder instead of handing it to SMTP.

For development (`make run` sets it under DATA_DIR): a developer opens the files
with any mail reader, or reads them as text. The file appears whole or not at
all (written aside, then renamed), so a reader never sees half an email. Same
answer shape as `smtp.SmtpMailer`: a write that fails is retried later.
"""

from __future__ import annotations

import os
from email.message import EmailMessage
from pathlib import Path

from notifications.adapters.smtp import Outcome, Result


class FolderMailer:
    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def path_for(self, email: EmailMessage) -> Path:
        """`<Date as digits>-<Message-ID's local part>.eml`: sorted by sending time, unique per
        message (a resend of the same message replaces its file)."""
        identifier = str(email["Message-ID"]).strip("<>").partition("@")[0]
        stamp = email["Date"].datetime.strftime("%Y%m%dT%H%M%S") if email["Date"] else "undated"
        return self._folder / f"{stamp}-{identifier}.eml"

    async def send(self, email: EmailMessage, *, sender: str, recipient: str) -> Result:
        target = self.path_for(email)
        partial = target.with_suffix(".eml.partial")
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(email.as_bytes())
            os.replace(partial, target)
        except OSError as error:
            return Result(Outcome.RETRY, f"writing {target}: {error}"[:1000])
        return Result(Outcome.SENT)
