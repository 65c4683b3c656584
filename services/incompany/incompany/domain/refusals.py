"""Incompany's own refusals: the chassis's kinds (`chassis.refusals`), named. No I/O.

Rules and handlers raise these; the chassis answers each with its status and
`code` (`chassis.problems`), the message as `detail`, which names the field or
the rule concerned. A refusal a client would branch on has its own `code`;
the others are the chassis's `Invalid`, `NotFound`, `Conflict`, `Forbidden`.
"""

from __future__ import annotations

from chassis.refusals import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    PreconditionFailed,
    Unavailable,
)

__all__ = [
    "AlreadyParticipant",
    "AttendanceRecorded",
    "AttestationApproved",
    "AttestationPending",
    "AttestationRequired",
    "AttestationReviewed",
    "ClassNotEnded",
    "ClassStarted",
    "CompanyAccountRequired",
    "CompanyNotKnownYet",
    "Conflict",
    "CourseExists",
    "CourseWithdrawn",
    "ErasureTarget",
    "EvaluationAnswered",
    "EvaluationClosed",
    "EvaluationNotAnswered",
    "EvaluationRefused",
    "Forbidden",
    "GroupNotActive",
    "Invalid",
    "InvalidClassLink",
    "InvalidDocument",
    "InvalidNationalRegisterNumber",
    "KeysNotConfigured",
    "ListClosed",
    "Missing",
    "NoTrainingPlan",
    "NotAParticipant",
    "NotFound",
    "NotTheTrainer",
    "ParticipantCancelled",
    "ParticipantEmailTaken",
    "PlanExists",
    "PlanningRefused",
    "PreconditionFailed",
    "ProposalNotOpen",
    "RequestConfirmed",
    "RequestRefused",
    "ScheduleRefused",
    "TooFewParticipants",
    "TooLong",
    "Unavailable",
    "UnknownAttestation",
    "UnknownCourse",
    "UnknownGroup",
    "UnknownParticipant",
    "UnknownParticipation",
    "UnknownPerson",
    "UnknownPlan",
    "UnknownProposal",
    "UnknownRequest",
    "UnknownSlot",
]


# --- 422: the input breaks a rule ---------------------------------------------------


class Missing(Invalid):
    """A required text is blank; `params["field"]` names it."""

    code = "required"

    def __init__(self, field: str) -> None:
        super().__init__(f"{field}: is required", field=field, params={"field": field})


class TooLong(Invalid):
    """A text is longer than its limit; `params` name the field and the limit."""

    code = "too_long"

    def __init__(self, field: str, limit: int) -> None:
        super().__init__(
            f"{field}: at most {limit} characters",
            field=field,
            params={"field": field, "limit": limit},
        )


class CompanyAccountRequired(Invalid):
    """Training plans, requests and attestations belong to a company account."""

    code = "company_account_required"


class ScheduleRefused(Invalid):
    """A group's new dates are refused: in the past, too soon, or ending before they start."""

    code = "schedule_refused"


class RequestRefused(Invalid):
    """A request for training cannot be accepted (R-I1, R-I2)."""

    code = "request_refused"


class CourseWithdrawn(RequestRefused):
    code = "course_withdrawn"


class NoTrainingPlan(RequestRefused):
    """R-I2: no training plan for the year in which the desired period begins."""

    code = "training_plan_required"


class TooFewParticipants(RequestRefused):
    """R-I2: fewer participants than in-company training needs."""

    code = "too_few_participants"


class PlanningRefused(Invalid):
    """An availability or an option of dates is refused (R-I3)."""

    code = "planning_refused"


class InvalidNationalRegisterNumber(Invalid):
    """R-I8: the number is not a valid Belgian national register number."""

    code = "invalid_national_register_number"


class InvalidClassLink(Invalid):
    """R-I11: not an absolute http(s) URL, or no template to make one."""

    code = "invalid_class_link"


class InvalidDocument(Invalid):
    """An uploaded document is empty, too large or of a type not accepted."""

    code = "invalid_document"


class NotAParticipant(Invalid):
    """R-I16: attendance names someone who is not an active participant of the group."""

    code = "not_a_participant"


class EvaluationRefused(Invalid):
    """R-I12: the answer is refused (the form is not open, a rating is wrong)."""

    code = "evaluation_refused"


# --- 404: nothing with this id, or not the caller's ---------------------------------


class UnknownCourse(NotFound):
    code = "unknown_course"


class UnknownPlan(NotFound):
    code = "unknown_training_plan"


class UnknownRequest(NotFound):
    code = "unknown_request"


class UnknownSlot(NotFound):
    code = "unknown_availability"


class UnknownProposal(NotFound):
    code = "unknown_proposal"


class UnknownAttestation(NotFound):
    code = "unknown_attestation"


class UnknownGroup(NotFound):
    code = "unknown_group"


class UnknownParticipant(NotFound):
    code = "unknown_participant"


class UnknownPerson(NotFound):
    """No participation of the person an erasure names."""

    code = "unknown_person"


class ErasureTarget(Invalid):
    """An erasure names the person by exactly one of national register number and email."""

    code = "erasure_target"


class UnknownParticipation(NotFound):
    """Not one of the caller's own participations (matched on a verified login email)."""

    code = "unknown_participation"


# --- 409: the state does not allow it now ------------------------------------------


class CompanyNotKnownYet(Conflict):
    """Accounts' registration of the company has not reached incompany yet: retry soon."""

    code = "company_not_known_yet"


class CourseExists(Conflict):
    code = "course_exists"


class PlanExists(Conflict):
    code = "plan_exists"


class RequestConfirmed(Conflict):
    """The request is confirmed: its planning can no longer change."""

    code = "request_confirmed"


class ProposalNotOpen(Conflict):
    code = "proposal_not_open"


class GroupNotActive(Conflict):
    """The group is cancelled or completed."""

    code = "group_not_active"


class ClassStarted(Conflict):
    code = "class_started"


class ClassNotEnded(Conflict):
    code = "class_not_ended"


class AttendanceRecorded(Conflict):
    code = "attendance_recorded"


class ListClosed(Conflict):
    """R-I7: participants can no longer be added or cancelled (the cut-off has passed)."""

    code = "list_closed"


class AlreadyParticipant(Conflict):
    code = "already_participant"


class ParticipantEmailTaken(Conflict):
    code = "participant_email_taken"


class AttestationApproved(Conflict):
    code = "attestation_approved"


class AttestationPending(Conflict):
    code = "attestation_pending"


class AttestationReviewed(Conflict):
    code = "attestation_reviewed"


class EvaluationAnswered(Conflict):
    code = "evaluation_answered"


class EvaluationNotAnswered(NotFound):
    code = "evaluation_not_answered"


class EvaluationClosed(Conflict):
    """R-I12: the class was cancelled, or the participant was recorded absent."""

    code = "evaluation_closed"


class ParticipantCancelled(Conflict):
    code = "participant_cancelled"


# --- 403 and 503 ------------------------------------------------------------------


class AttestationRequired(Forbidden):
    """R-A6: HR manages participants and groups once staff approved their attestation."""

    code = "attestation_required"


class NotTheTrainer(Forbidden):
    """R-I16: a trainer records the attendance of the groups they teach only."""

    code = "not_the_trainer"


class KeysNotConfigured(Unavailable):
    """A key that personal data or links need is not set (the message names the setting)."""

    code = "keys_not_configured"
