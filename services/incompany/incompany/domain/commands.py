"""What callers ask of incompany: one frozen dataclass per command. No I/O.

A command carries ids and values, and the caller (`by`) whose rights the
handler checks; the handler loads, locks and decides (`incompany.handlers`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from chassis.tokens import Principal
from contracts.accounts import Language
from incompany.domain.documents import Upload
from incompany.domain.planning import Session, Slot
from incompany.domain.ratings import Answer


@dataclass(frozen=True)
class CourseDetails:
    title: str
    duration_minutes: int
    description: str = ""
    active: bool = True


@dataclass(frozen=True)
class AddCourse:
    code: str
    details: CourseDetails


@dataclass(frozen=True)
class ChangeCourse:
    code: str
    details: CourseDetails
    if_match: str | None = None
    """The ETag the caller read (`If-Match`); a stale one is refused (412), none skips the check."""


@dataclass(frozen=True)
class SubmitPlan:
    """R-I2: a company records its training plan, with its document."""

    by: Principal
    year: int
    reference: str
    upload: Upload


@dataclass(frozen=True)
class HrContactDetails:
    email: str
    full_name: str
    language: Language = "fr"


@dataclass(frozen=True)
class RequestTraining:
    """R-I1, R-I2: a company user requests a catalogue course in-company."""

    by: Principal
    course_code: str
    desired_from: date
    desired_until: date
    expected_participants: int
    hr_contact: HrContactDetails
    comment: str = ""


@dataclass(frozen=True)
class RecordAvailability:
    """R-I3: when the trainer can teach; `slot.trainer_user_id` as the caller gave it."""

    by: Principal
    request_id: UUID
    slot: Slot


@dataclass(frozen=True)
class ProposeDates:
    """R-I3: options of dates sent to the customer, each one session per group."""

    by: Principal
    request_id: UUID
    options: Sequence[Sequence[Session]]


@dataclass(frozen=True)
class ConfirmDates:
    """R-I3, R-I4: the customer chooses one option; the groups are created."""

    by: Principal
    request_id: UUID
    proposal_id: UUID


@dataclass(frozen=True)
class SubmitAttestation:
    """R-A6: an HR user attests their position with a signed document."""

    by: Principal
    full_name: str
    position_title: str
    upload: Upload


@dataclass(frozen=True)
class ReviewAttestation:
    by: Principal
    attestation_id: UUID
    approve: bool
    reason: str = ""


@dataclass(frozen=True)
class SetClassLink:
    """R-I11: the link staff give, or (None) the one the configured template makes."""

    by: Principal
    group_id: UUID
    class_link: str | None
    if_match: str | None = None
    """The ETag the caller read (`If-Match`); a stale one is refused (412), none skips the check."""


@dataclass(frozen=True)
class MoveGroup:
    by: Principal
    group_id: UUID
    starts_at: datetime
    ends_at: datetime
    if_match: str | None = None
    """The ETag the caller read (`If-Match`); a stale one is refused (412), none skips the check."""


@dataclass(frozen=True)
class CancelGroup:
    """R-I13, R-I14: the customer (HR, approved) or customer service cancels a group."""

    by: Principal
    group_id: UUID
    reason: str = ""


@dataclass(frozen=True)
class RecordAttendance:
    """R-I16: who attended; the others of the group did not."""

    by: Principal
    group_id: UUID
    attended: frozenset[UUID]
    if_match: str | None = None
    """The ETag the caller read (`If-Match`); a stale one is refused (412), none skips the check."""


@dataclass(frozen=True)
class NewParticipant:
    full_name: str
    email: str
    national_register_number: str
    language: Language = "fr"

    def __repr__(self) -> str:  # never show the number, even in a traceback
        return f"NewParticipant(full_name={self.full_name!r}, email={self.email!r})"


@dataclass(frozen=True)
class AddParticipant:
    """R-I8: HR enters a person in a group."""

    by: Principal
    group_id: UUID
    participant: NewParticipant


@dataclass(frozen=True)
class CancelParticipant:
    """R-I5, R-I7: HR takes a person off a group."""

    by: Principal
    group_id: UUID
    participant_id: UUID


@dataclass(frozen=True)
class AnswerEvaluation:
    """R-I12: a participant answers the evaluation of their class, once."""

    by: Principal
    participant_id: UUID
    answer: Answer


@dataclass(frozen=True)
class EraseParticipant:
    """A person's data erased on request (GDPR art. 17): every participation of the person
    with this national register number, or this email; exactly one of the two."""

    national_register_number: str | None = None
    email: str | None = None
