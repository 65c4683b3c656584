"""Uploading and downloading documents over HTTP (multipart upload, inline download)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Response, UploadFile

from incompany.domain.documents import Upload
from incompany.domain.refusals import Refused


async def read_upload(file: UploadFile, max_bytes: int) -> Upload:
    """The uploaded file, read up to one byte past the limit so a huge one is refused early."""
    content = await file.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise Refused(f"document: the file is larger than {max_bytes // (1024 * 1024)} MiB")
    return Upload(file.filename or "document", file.content_type or "", content)


def download(content: bytes, content_type: str, name: str) -> Response:
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_")
    ascii_name = "".join(c if c.isprintable() else "_" for c in ascii_name)
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(
        content,
        media_type=content_type,
        headers={
            "Content-Disposition": disposition,
            "X-Content-Type-Options": "nosniff",
        },
    )
