"""R-C5: what a change request may ask, and how customer service may resolve it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from enrollment.domain.refusals import (
    DeclineReasonRequired,
    NotAMove,
    OtherCourse,
    SameSession,
    SessionStarted,
    TargetSessionRequired,
)


def requested_move(
    kind: Literal["cancel", "move"], target_session_id: UUID | None, current_session_id: UUID
) -> UUID | None:
    """The session a request asks to move to: a move names another one, a cancellation none."""
    if kind == "move":
        return move_target(target_session_id, current_session_id)
    if target_session_id is not None:
        raise NotAMove("target_session_id is only for a move", field="target_session_id")
    return None


def move_target(target_session_id: UUID | None, current_session_id: UUID) -> UUID:
    """The session a booking moves to: given, and not the one it is in."""
    if target_session_id is None:
        raise TargetSessionRequired(
            "target_session_id is required to move a booking", field="target_session_id"
        )
    if target_session_id == current_session_id:
        raise SameSession(
            "target_session_id is the booking's current session", field="target_session_id"
        )
    return target_session_id


def check_move(
    current_course_id: UUID, target_course_id: UUID, target_starts_at: datetime, *, now: datetime
) -> None:
    """A booking moves to a session of the same course that has not started yet."""
    if target_course_id != current_course_id:
        raise OtherCourse(
            "a booking can only move to another session of the same course",
            field="target_session_id",
        )
    if target_starts_at <= now:
        raise SessionStarted("the target session has already started")


def check_resolution(outcome: Literal["cancelled", "moved", "declined"], reason: str) -> None:
    """Declining tells the customer why."""
    if outcome == "declined" and not reason.strip():
        raise DeclineReasonRequired(
            "a declined request needs a reason the customer will read", field="reason"
        )
