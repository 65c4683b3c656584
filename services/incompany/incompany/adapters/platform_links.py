"""Signed learning-platform links, one per participant (R-I10). No I/O.

The link is the platform's entry URL with the participant, the group, an
expiry and an HMAC-SHA256 signature over the three under a key shared with
the platform (`platform_link_key`). The platform checks it with `verify`
(or the same few lines): a changed parameter or an expired link is refused.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlencode, urlsplit
from uuid import UUID


def _signature(key: str, participant: str, group: str, expires: str) -> str:
    message = f"{participant}|{group}|{expires}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def signed_link(
    base_url: str, key: str, *, participant_id: UUID, group_id: UUID, expires_at: datetime
) -> str:
    expires = str(int(expires_at.timestamp()))
    query = {
        "participant": str(participant_id),
        "group": str(group_id),
        "expires": expires,
        "signature": _signature(key, str(participant_id), str(group_id), expires),
    }
    separator = "&" if urlsplit(base_url).query else "?"
    return f"{base_url}{separator}{urlencode(query)}"


def verify(url: str, key: str, *, now: datetime) -> bool:
    """Whether the link was signed with `key` and has not expired at `now`."""
    values = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items() if len(v) == 1}
    try:
        participant, group = values["participant"], values["group"]
        expires, signature = values["expires"], values["signature"]
        expiry = datetime.fromtimestamp(int(expires), UTC)
    except (KeyError, ValueError, OverflowError):
        return False
    expected = _signature(key, participant, group, expires)
    return hmac.compare_digest(expected, signature) and now < expiry
