"""A booking request's own rules (R-C1): an open session, each trainee once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from enrollment.domain.refusals import DuplicateTrainee, SessionStarted


def check_open(starts_at: datetime, *, now: datetime) -> None:
    """A session takes bookings until it starts."""
    if starts_at <= now:
        raise SessionStarted("this session has already started")


def check_each_trainee_once(emails: Sequence[str]) -> None:
    """One seat per person: `emails` are normalised, so case and spaces do not hide a twin."""
    if len(set(emails)) != len(emails):
        raise DuplicateTrainee("each trainee may appear only once in a request", field="trainees")
