"""A link's token sealed for notifications (`chassis.sealing`), as events carry it.

The token itself never enters an event, the outbox or a log: only this sealed
form, which notifications alone can open (docs/ARCHITECTURE.md, "Links").
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from accounts.domain.links import Purpose
from accounts.domain.refusals import SealingNotConfigured
from accounts.settings import AccountsSettings
from chassis.sealing import LinkSealer
from contracts.accounts import SealedLink


def sealer_for(settings: AccountsSettings) -> LinkSealer:
    """The sealer of the configured keys; SealingNotConfigured (503) without them."""
    if settings.link_sealing_keys is None:
        raise SealingNotConfigured()
    return LinkSealer.from_setting(settings.link_sealing_keys.get_secret_value())


def sealed_link(
    settings: AccountsSettings, purpose: Purpose, user_id: UUID, token: str, expires_at: datetime
) -> SealedLink:
    sealed = sealer_for(settings).seal(token, purpose=purpose.value, subject=str(user_id))
    return SealedLink(purpose=purpose.value, sealed_token=sealed, expires_at=expires_at)
