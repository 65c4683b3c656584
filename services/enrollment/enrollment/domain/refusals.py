"""Enrollment's own refusals: the ones a client may tell apart by their `code`.

The chassis answers each as a problem with its status, this code and the
English message given where it is raised; `params` are the values its French
and Dutch words (`domain/refusal_texts.py`) quote. `field` names the request
field at fault, when there is one.
"""

from __future__ import annotations

from uuid import UUID

from chassis.refusals import Conflict, Forbidden, Invalid, NotFound

# --- what a request names and enrollment does not hold (404) ---------------------------------


class UnknownBooking(NotFound):
    code = "unknown_booking"

    def __init__(self, booking_id: UUID) -> None:
        super().__init__(f"no booking {booking_id}", params={"booking_id": str(booking_id)})


class UnknownSession(NotFound):
    code = "unknown_session"

    def __init__(self, session_id: UUID, *, field: str | None = None) -> None:
        super().__init__(
            f"no session {session_id}", field=field, params={"session_id": str(session_id)}
        )


class UnknownCourse(NotFound):
    """No course of this id or code (`course` is what the request named)."""

    code = "unknown_course"

    def __init__(self, course: object, *, field: str | None = None) -> None:
        super().__init__(f"no course {course}", field=field, params={"course": str(course)})


class UnknownChangeRequest(NotFound):
    code = "unknown_change_request"

    def __init__(self, request_id: UUID) -> None:
        super().__init__(f"no change request {request_id}", params={"request_id": str(request_id)})


class UnknownAgreement(NotFound):
    """No version of this id in the company's agreement."""

    code = "unknown_agreement"

    def __init__(self, agreement_id: UUID, company_id: UUID) -> None:
        super().__init__(
            f"no agreement {agreement_id} of company {company_id}",
            params={"agreement_id": str(agreement_id), "company_id": str(company_id)},
        )


# --- catalogue and agreements ----------------------------------------------------------------


class CourseCodeTaken(Conflict):
    """Another course already has this code (codes are unique, upper case)."""

    code = "course_code_taken"

    def __init__(self, course_code: str) -> None:
        super().__init__(
            f"a course with code {course_code!r} already exists",
            field="code",
            params={"course_code": course_code},
        )


class CompanyNotRegistered(NotFound):
    """Enrollment has not (yet) heard of this company from accounts."""

    code = "company_not_registered"

    def __init__(self, company_id: UUID) -> None:
        super().__init__(
            f"no company {company_id} (is its account registered?)",
            params={"company_id": str(company_id)},
        )


class UnknownCourses(Invalid):
    """An agreement names course codes the catalogue does not hold."""

    code = "unknown_courses"

    def __init__(self, codes: list[str]) -> None:
        listed = ", ".join(codes)
        super().__init__(
            f"course_prices names unknown courses: {listed}",
            field="course_prices",
            params={"codes": listed},
        )


class AgreementTermsRequired(Invalid):
    """An agreement gives a discount rate, prices per course, or both."""

    code = "agreement_terms_required"


class SessionDatesReversed(Invalid):
    code = "session_ends_before_start"


class SessionInThePast(Invalid):
    code = "session_in_the_past"


# --- booking requests (R-C1, R-A2) -----------------------------------------------------------


class SessionStarted(Conflict):
    """The session has already started: it takes no more bookings or moves."""

    code = "session_started"


class SeatsFull(Conflict):
    """Fewer seats are left than asked for: none was taken."""

    code = "seats_full"

    def __init__(self, asked: int, left: int) -> None:
        super().__init__(
            f"not enough seats left in this session: {asked} asked, {left} left",
            params={"asked": asked, "left": left},
        )


class PlacedForRequired(Invalid):
    """Customer service names the person it enrolls (R-A2); a customer enrolls for itself."""

    code = "placed_for_required"


class PlacedByNameRequired(Invalid):
    """A manager enrolling only others says who places the booking."""

    code = "placed_by_name_required"


class DuplicateTrainee(Invalid):
    """The same person appears twice in one request."""

    code = "duplicate_trainee"


class PlacingForOthers(Forbidden):
    """Only customer service places a booking for someone else (R-A2)."""

    code = "placing_for_others"


class IndividualBooksOnlySelf(Forbidden):
    """An individual account enrolls its holder and nobody else (R-C1)."""

    code = "individual_books_only_self"


class NotYourBooking(Forbidden):
    """The booking was placed with another login email (R-A4)."""

    code = "not_your_booking"


# --- a booking's status (R-C4) and change requests (R-C5) ------------------------------------


class TransitionRefused(Conflict):
    """The booking is not in a status that allows this; the message says why."""

    code = "transition_refused"


class NotPending(TransitionRefused):
    """Only a booking pending validation can be validated or rejected."""

    code = "not_pending"

    def __init__(self, action: str, current: object) -> None:
        super().__init__(
            f"only a pending booking can be {action}; this one is {current}",
            params={"status": str(current)},
        )


class BookingClosed(TransitionRefused):
    """A rejected or cancelled booking cannot be cancelled, moved or changed."""

    code = "booking_closed"

    def __init__(self, current: object, what: str) -> None:
        super().__init__(f"a {current} booking {what}", params={"status": str(current)})


class ChangeRequestOpen(Conflict):
    """The booking already has a change request waiting for customer service."""

    code = "change_request_open"


class ChangeRequestResolved(Conflict):
    """The change request was already resolved."""

    code = "change_request_resolved"

    def __init__(self, outcome: object) -> None:
        super().__init__(
            f"this change request was already resolved ({outcome})",
            params={"outcome": str(outcome)},
        )


class OtherCourse(Invalid):
    """A booking moves only to another session of its own course."""

    code = "other_course"


class NotAMove(Invalid):
    """Only a move names a target session."""

    code = "target_session_not_for_this_kind"


class TargetSessionRequired(Invalid):
    code = "target_session_required"


class SameSession(Invalid):
    """A move to the session the booking is already in."""

    code = "target_session_is_current"


class DeclineReasonRequired(Invalid):
    """A declined change request says why, for the customer to read."""

    code = "decline_reason_required"
