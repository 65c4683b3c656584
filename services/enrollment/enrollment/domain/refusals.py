"""Enrollment's own refusals: the ones a client may tell apart by their `code`.

Every other refusal is a plain `chassis.refusals` one (`NotFound`, `Invalid`
with the `field` at fault, ...). The chassis answers each as a problem with
its status, this code and the message given where it is raised.
"""

from __future__ import annotations

from chassis.refusals import Conflict, Forbidden, Invalid, NotFound

# --- catalogue and agreements ----------------------------------------------------------------


class CourseCodeTaken(Conflict):
    """Another course already has this code (codes are unique, upper case)."""

    code = "course_code_taken"


class CompanyNotRegistered(NotFound):
    """Enrollment has not (yet) heard of this company from accounts."""

    code = "company_not_registered"


class UnknownCourses(Invalid):
    """An agreement names course codes the catalogue does not hold."""

    code = "unknown_courses"


# --- booking requests (R-C1, R-A2) -----------------------------------------------------------


class SessionStarted(Conflict):
    """The session has already started: it takes no more bookings or moves."""

    code = "session_started"


class SeatsFull(Conflict):
    """Fewer seats are left than asked for: none was taken."""

    code = "seats_full"


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


class BookingClosed(TransitionRefused):
    """A rejected or cancelled booking cannot be cancelled, moved or changed."""

    code = "booking_closed"


class ChangeRequestOpen(Conflict):
    """The booking already has a change request waiting for customer service."""

    code = "change_request_open"


class ChangeRequestResolved(Conflict):
    """The change request was already resolved."""

    code = "change_request_resolved"


class OtherCourse(Invalid):
    """A booking moves only to another session of its own course."""

    code = "other_course"
