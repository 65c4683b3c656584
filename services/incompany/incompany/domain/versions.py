"""Entity tags of the resources clients update (courses, groups), and If-Match. No I/O.

A tag is a hash of what the resource's readers see (the stored values and what
is counted from them), so any change a client could notice gives a new tag.
An update that sends `If-Match` with a tag that is no longer the current one
was prepared on a stale copy: it is refused (412) rather than silently
overwriting what someone else changed meanwhile (a lost update). Without
If-Match the update goes through, as before (docs/API.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime

from incompany.domain.refusals import PreconditionFailed


def entity_tag(values: Iterable[object]) -> str:
    """A strong entity tag (`"..."`, RFC 9110) of the values, the same for the same
    values however an instant's time zone was written."""
    digest = hashlib.sha256()
    for value in values:
        if isinstance(value, datetime):
            value = value.astimezone(UTC).isoformat()
        digest.update(repr(value).encode())
        digest.update(b"\x1f")
    return f'"{digest.hexdigest()[:32]}"'


def check_if_match(if_match: str | None, current: str) -> None:
    """RFC 9110 13.1.1: `*` or one of the listed tags must be the current one, by
    strong comparison (a weak tag `W/"..."` never matches)."""
    if if_match is None:
        return
    listed = [tag.strip() for tag in if_match.split(",")]
    if "*" in listed or current in listed:
        return
    raise PreconditionFailed(
        "If-Match: the resource changed since you read it; read it again and retry",
        field="header.If-Match",
    )
