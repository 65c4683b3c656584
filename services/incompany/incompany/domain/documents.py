"""Uploaded documents: a training plan (R-I2) or a signed attestation (R-A6). No I/O.

Kept in the database (not on a disk of one instance), with their SHA-256, so
every instance of the service serves the same bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from incompany.domain.refusals import Refused

ACCEPTED_TYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
}


@dataclass(frozen=True)
class Upload:
    name: str
    content_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def checked(upload: Upload, *, max_bytes: int) -> Upload:
    content_type = upload.content_type.split(";")[0].strip().lower()
    if not upload.content:
        raise Refused("document: the file is empty")
    if len(upload.content) > max_bytes:
        raise Refused(f"document: the file is larger than {max_bytes // (1024 * 1024)} MiB")
    if content_type not in ACCEPTED_TYPES:
        raise Refused("document: send a PDF, an image (PNG, JPEG) or an office document")
    name = (upload.name or "document").replace("\\", "/").rsplit("/", 1)[-1].strip()[:255]
    return Upload(name or "document", content_type, upload.content)
