"""Uploaded documents: a training plan (R-I2) or a signed attestation (R-A6). No I/O.

Kept in the database (not on a disk of one instance), with their SHA-256, so
every instance of the service serves the same bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from incompany.domain.refusals import InvalidDocument

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


def check_size(upload: Upload, *, max_bytes: int) -> None:
    """Refused first, before any other rule: a huge upload is not worth reading further."""
    if len(upload.content) > max_bytes:
        raise InvalidDocument(f"document: the file is larger than {max_bytes // (1024 * 1024)} MiB")


def checked(upload: Upload, *, max_bytes: int) -> Upload:
    """The upload with its type and name cleaned, if it is a document incompany keeps."""
    content_type = upload.content_type.split(";")[0].strip().lower()
    if not upload.content:
        raise InvalidDocument("document: the file is empty")
    check_size(upload, max_bytes=max_bytes)
    if content_type not in ACCEPTED_TYPES:
        raise InvalidDocument("document: send a PDF, an image (PNG, JPEG) or an office document")
    name = (upload.name or "document").replace("\\", "/").rsplit("/", 1)[-1].strip()[:255]
    return Upload(name or "document", content_type, upload.content)
