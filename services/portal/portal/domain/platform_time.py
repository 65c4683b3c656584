"""The platform's time as the portal last heard it from the APIs (docs/API.md "Test clocks").

While a test clock is in force, every API answer carries `X-Test-Clock: <platform time>`.
The portal keeps the last one it heard, with the real instant it heard it, so every page
(even one that called no API) can say that the platform runs at another time than the
reader's watch, and which. Test clocks only move forward and are never switched off on a
running platform, so once heard it stays until the portal restarts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime


def _real_now() -> datetime:
    return datetime.now(UTC)


class PlatformTime:
    """The last `X-Test-Clock` heard, and the platform's time now by it."""

    def __init__(self, real_now: Callable[[], datetime] = _real_now) -> None:
        self._real_now = real_now
        self._heard: tuple[datetime, datetime] | None = None
        """(platform time in the header, real time when it was heard)"""

    def heard(self, header: str | None) -> None:
        """An answer's `X-Test-Clock` (None when the answer had none: nothing changes)."""
        if not header:
            return
        try:
            platform = datetime.fromisoformat(header.strip())
        except ValueError:
            return
        if platform.tzinfo is None:
            platform = platform.replace(tzinfo=UTC)
        self._heard = (platform, self._real_now())

    @property
    def in_force(self) -> bool:
        return self._heard is not None

    def now(self) -> datetime:
        """The platform's time: the heard one plus the real time since, else the real time."""
        if self._heard is None:
            return self._real_now()
        platform, at = self._heard
        return platform + (self._real_now() - at)
