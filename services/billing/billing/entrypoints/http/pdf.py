"""A printed invoice or credit note as an HTTP answer, shown inline under its number."""

from __future__ import annotations

from typing import Any

from fastapi import Response

from billing.handlers.documents import Pdf
from chassis import problems

RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}},
    **problems.responses(403, 404),
}


def pdf_answer(pdf: Pdf) -> Response:
    return Response(
        pdf.content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{pdf.number}.pdf"'},
    )
