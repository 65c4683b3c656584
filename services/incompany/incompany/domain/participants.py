"""Who may be entered in a group, and until when (R-I5, R-I7, R-I8). No I/O.

A participant needs a name, an email and a valid Belgian national register
number (`national_register.py`). The list of a group changes only while the
group is active and strictly before the cut-off, 3 days before the start.
"""

from __future__ import annotations

from datetime import datetime

from incompany.domain.brussels_time import local
from incompany.domain.commands import NewParticipant
from incompany.domain.deadlines import Delays, participant_cutoff, participants_open
from incompany.domain.groups import ACTIVE_STATES
from incompany.domain.refusals import GroupNotActive, ListClosed, Missing, TooLong

ACTIVE, CANCELLED = "active", "cancelled"


def check_list_open(
    group_state: str, *, now: datetime, starts_at: datetime, delays: Delays
) -> None:
    """R-I7: participants are added or cancelled while the group is active, until the cut-off."""
    if group_state not in ACTIVE_STATES:
        raise GroupNotActive(f"group: the group is {group_state}; its participants cannot change")
    if not participants_open(now, starts_at, delays):
        cutoff = local(participant_cutoff(starts_at, delays))
        raise ListClosed(
            f"participants: the list closed on {cutoff:%d/%m/%Y} at {cutoff:%H:%M} "
            f"(Brussels), {delays.cutoff_days} days before the start (R-I7)"
        )


def checked_name_and_email(command: NewParticipant) -> tuple[str, str]:
    """The name as entered (trimmed) and the email in lower case, the key of a login."""
    full_name = command.full_name.strip()
    email = command.email.strip().lower()
    if not full_name:
        raise Missing("full_name")
    if len(full_name) > 200:
        raise TooLong("full_name", 200)
    return full_name, email
