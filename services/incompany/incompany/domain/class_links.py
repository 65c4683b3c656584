"""The online class's link (R-I11): set by staff, or made from the configured template. No I/O."""

from __future__ import annotations

from urllib.parse import quote
from uuid import UUID

from incompany.domain.refusals import Refused


class InvalidClassLink(Refused):
    pass


def from_template(
    template: str, *, group_reference: str, group_id: UUID, project_number: str
) -> str | None:
    """The link the template makes for a group; None without a template."""
    if not template:
        return None
    return template.format(
        group_reference=quote(group_reference, safe=""),
        group_id=str(group_id),
        project_number=quote(project_number, safe=""),
    )


def checked(url: str) -> str:
    url = url.strip()
    if not url.startswith(("https://", "http://")) or len(url) > 500 or " " in url:
        raise InvalidClassLink("class_link: must be an absolute http(s) URL of at most 500 chars")
    return url
