"""Incompany's own refusals: the chassis's kinds (`chassis.refusals`), named. No I/O.

Rules and handlers raise these; the chassis answers each with its status and
`code` (`chassis.problems`), the message as `detail`, which names the field or
the rule concerned. A refusal a client would branch on has its own `code`;
the others are the chassis's `Invalid`, `NotFound`, `Conflict`, `Forbidden`.
"""

from __future__ import annotations

from chassis.refusals import Conflict, Forbidden, Invalid, NotFound, Unavailable

__all__ = [
    "AlreadyParticipant",
    "AttendanceRecorded",
    "AttestationApproved",
    "AttestationPending",
    "AttestationRequired",
    "AttestationReviewed",
    "ClassNotEnded",
    "ClassStarted",
    "CompanyNotKnownYet",
    "Conflict",
    "CourseExists",
    "CourseWithdrawn",
    "EvaluationAnswered",
    "EvaluationRefused",
    "Forbidden",
    "GroupNotActive",
    "Invalid",
    "InvalidClassLink",
    "InvalidDocument",
    "InvalidNationalRegisterNumber",
    "KeysNotConfigured",
    "ListClosed",
    "NoTrainingPlan",
    "NotFound",
    "NotTheTrainer",
    "ParticipantEmailTaken",
    "PlanExists",
    "PlanningRefused",
    "ProposalNotOpen",
    "RequestConfirmed",
    "RequestRefused",
    "TooFewParticipants",
    "Unavailable",
]


# --- 422: the input breaks a rule ---------------------------------------------------


class RequestRefused(Invalid):
    """A request for training cannot be accepted (R-I1, R-I2)."""


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


class EvaluationRefused(Invalid):
    """R-I12: the answer is refused (the form is not open, a rating is wrong)."""

    code = "evaluation_refused"


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
