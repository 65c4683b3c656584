"""Uploading and downloading documents over HTTP (multipart upload, inline download)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Response, UploadFile

from incompany.domain.documents import Upload


async def read_upload(file: UploadFile, max_bytes: int) -> Upload:
    """The uploaded file, read up to one byte past the limit: a huge one is not read
    whole, and the handler refuses it (`documents.check_size`) before anything else."""
    content = await file.read(max_bytes + 1)
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
