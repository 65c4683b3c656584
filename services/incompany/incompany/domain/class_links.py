"""The online class's link (R-I11): set by staff, or made from the configured template. No I/O."""

from __future__ import annotations

from urllib.parse import quote
from uuid import UUID

from incompany.domain.refusals import InvalidClassLink


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


def link_for(
    given: str | None, template: str, *, group_reference: str, group_id: UUID, project_number: str
) -> str:
    """R-I11: the link staff give, checked; without one, the link the template makes."""
    if given is not None:
        return checked(given)
    made = from_template(
        template, group_reference=group_reference, group_id=group_id, project_number=project_number
    )
    if made is None:
        raise InvalidClassLink("class_link: no template is configured; give the link")
    return made
