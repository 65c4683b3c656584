"""The portal's own rules, without I/O: money and instants, amounts typed, the staff's queue
order, instalments, history notes, where a refusal's messages go, who sees what."""

from __future__ import annotations

from decimal import Decimal

from portal.domain import formats, history
from portal.domain.enrollments import change_pending, equal_parts, may_ask_for_change
from portal.domain.incompany import DeadlineLine, deadline_lines
from portal.domain.navigation import links_for
from portal.domain.people import Person, home_of
from portal.domain.problems import FieldError, Problem, place
from portal.domain.queues import validation_order

NBSP = "\u00a0"


def test_money_reads_as_each_language_writes_it() -> None:
    assert formats.money("1234.5", "fr") == f"1{NBSP}234,50{NBSP}€"
    assert formats.money(Decimal("1234.50"), "nl") == f"€{NBSP}1.234,50"
    assert formats.money("1234.50", "en") == "€1,234.50"
    assert formats.money(None, "fr") == ""


def test_instants_read_in_brussels_time_across_daylight_saving() -> None:
    assert formats.instant("2027-04-12T07:00:00+00:00", "fr") == "12/04/2027 09:00"  # summer
    assert formats.instant("2027-01-12T08:00:00+00:00", "nl") == "12/01/2027 09:00"  # winter
    assert formats.instant("2027-01-12T09:00:00+01:00", "en") == "12/01/2027 09:00"
    assert formats.day("2027-04-12", "fr") == "12/04/2027"
    assert formats.long_day("2027-04-12T07:00:00+00:00", "fr") == "lundi 12 avril 2027"


def test_an_amount_is_read_as_people_type_it() -> None:
    assert formats.parse_amount("1 234,50") == Decimal("1234.50")
    assert formats.parse_amount("1.234,5") == Decimal("1234.5")
    assert formats.parse_amount("617.25 €") == Decimal("617.25")
    assert formats.parse_amount("400") == Decimal("400")
    assert formats.parse_amount("1.234") == Decimal("1234")
    for nonsense in ("", "abc", "NaN", "Infinity", "4OO", "12,3x"):
        assert formats.parse_amount(nonsense) is None


def test_the_validation_queue_puts_the_overdue_first_then_the_earliest_deadline() -> None:
    bookings = [
        {"id": "later", "overdue": False, "validation_due_at": "2027-01-07T09:00:00+01:00"},
        {"id": "late", "overdue": True, "validation_due_at": "2027-01-08T09:00:00+01:00"},
        {"id": "sooner", "overdue": False, "validation_due_at": "2027-01-06T09:00:00+01:00"},
    ]
    assert [b["id"] for b in validation_order(bookings)] == ["late", "sooner", "later"]


def test_a_price_splits_into_parts_to_the_cent() -> None:
    assert equal_parts(Decimal("800.00"), 3) == [
        Decimal("266.67"),
        Decimal("266.67"),
        Decimal("266.66"),
    ]
    assert sum(equal_parts(Decimal("1234.50"), 2)) == Decimal("1234.50")


def test_a_change_is_asked_while_the_enrollment_stands() -> None:
    assert may_ask_for_change("invoiced")
    assert not may_ask_for_change("cancelled")
    assert not may_ask_for_change("rejected")


def test_a_change_request_waits_until_the_history_shows_its_outcome() -> None:
    asked = [
        {"status": "invoiced", "note": ""},
        {"status": "invoiced", "note": "change request: cancel"},
    ]
    assert change_pending({"history": asked})
    assert not change_pending({"history": [*asked, {"status": "cancelled", "note": "Annulée."}]})
    assert not change_pending({"history": []})


def test_a_change_request_waits_while_the_booking_shows_it_open_whatever_came_after() -> None:
    """Issue 13: the booking carries its change requests; an invoice recorded after the
    request (a later history entry) does not hide that it still waits."""
    asked = [
        {"status": "validated", "note": "change request: cancel"},
        {"status": "invoiced", "note": "invoice 2027-000001: 100.00 of 100.00"},
    ]
    assert change_pending({"history": asked, "change_requests": [{"state": "open"}]})
    resolved = [{"state": "resolved", "outcome": "declined"}]
    assert not change_pending({"history": asked, "change_requests": resolved})


def test_known_history_notes_are_worded_others_kept() -> None:
    note = history.read("invoice 2027-000001: 617.25 of 1234.50")
    assert note.words == "note.invoice"
    assert note.params == {"number": "2027-000001", "invoiced": "617.25", "price": "1234.50"}
    assert history.read("change request: cancel").words == "note.change_request.cancel"
    assert history.read("Annulée, un avoir suit.").text == "Annulée, un avoir suit."


def test_field_errors_go_beside_their_field_the_rest_on_top() -> None:
    problem = Problem(
        422,
        "invalid",
        detail="body.email: value is not a valid email address",
        errors=(
            FieldError("body.email", "value_error", "value is not a valid email address"),
            FieldError("body.trainees.1.email", "value_error", "not an email"),
            FieldError("body.language", "literal_error", "Input should be 'fr'"),
        ),
    )
    placed = place(problem, ["email", "trainees.1.email"], {"value_error": "Pas une adresse."})
    assert placed.fields == {"email": "Pas une adresse.", "trainees.1.email": "Pas une adresse."}
    assert placed.page == ["Input should be 'fr'"]


def test_a_refusal_naming_its_field_in_the_detail_goes_on_that_field() -> None:
    problem = Problem(422, "invalid", detail="registration_number: not a valid SIREN/SIRET")
    placed = place(problem, ["registration_number"], {})
    assert placed.fields == {"registration_number": "not a valid SIREN/SIRET"}
    refusal = Problem(
        422,
        "invalid_registration_number",
        detail="numéro SIREN ou SIRET non valable",
        errors=(FieldError("registration_number", "invalid_registration_number", "x"),),
    )
    assert place(refusal, ["registration_number"], {}).fields == {
        "registration_number": "numéro SIREN ou SIRET non valable"
    }
    assert place(Problem(409, "conflict", detail="déjà pris"), ["email"], {}).page == ["déjà pris"]


def test_a_field_refused_with_a_generic_code_gets_the_portals_words_for_it() -> None:
    words = {"registration_number": "Numéro non valable."}
    today = Problem(422, "invalid", detail="registration_number: not a valid SIREN/SIRET")
    assert place(today, ["registration_number"], {}, known_fields=words).fields == words
    coming = Problem(
        422,
        "invalid_company_number",
        detail="registration_number: not a valid SIREN/SIRET",
        errors=(FieldError("registration_number", "invalid_company_number", "x"),),
    )
    assert place(coming, ["registration_number"], {}, known_fields=words).fields == words


def test_each_role_sees_its_own_areas() -> None:
    def person(*roles: str) -> Person:
        return Person("u", "a@b.example", "A", frozenset(roles), company_id="c")

    manager = [link.path for link in links_for(person("enrollment_manager"))]
    assert manager == ["/", "/enrollments", "/invoices", "/prices", "/account"]
    service = [link.path for link in links_for(person("customer_service"))]
    assert "/staff/validations" in service
    assert "/staff/team" not in service
    assert "/staff/team" in [link.path for link in links_for(person("admin"))]
    assert [link.path for link in links_for(None)] == ["/"]
    assert home_of(person("customer_service")) == "/staff/validations"
    assert home_of(person("individual")) == "/enrollments"


def test_a_groups_deadlines_read_one_line_per_deadline_naming_its_participants() -> None:
    anna, ben, carl = "a-1", "b-2", "c-3"
    participants = [
        {"id": ben, "full_name": "Ben Bos", "state": "active"},
        {"id": anna, "full_name": "Anna Aerts", "state": "active"},
    ]

    def deadline(kind, subject, due, state="scheduled", fired=None):
        return {"kind": kind, "subject": subject, "due_at": due, "state": state, "fired_at": fired}

    link_day, evaluation_day = "2027-03-29T07:00:00Z", "2027-04-13T07:00:00Z"
    lines = deadline_lines(
        [
            deadline("evaluation_invitation", anna, evaluation_day),
            deadline("platform_link", anna, link_day, "done", "2027-03-29T07:00:05Z"),
            deadline("participant_reminder", "group", "2027-03-13T08:00:00Z"),
            deadline("evaluation_invitation", ben, evaluation_day),
            deadline("platform_link", ben, link_day, "done", "2027-03-29T07:00:09Z"),
            deadline("platform_link", carl, link_day, "cancelled"),
        ],
        participants,
    )
    assert lines == [
        DeadlineLine("participant_reminder", "2027-03-13T08:00:00Z", "scheduled", None, ()),
        DeadlineLine(
            "platform_link", link_day, "done", "2027-03-29T07:00:09Z", ("Ben Bos", "Anna Aerts")
        ),
        DeadlineLine("platform_link", link_day, "cancelled", None, (None,)),
        DeadlineLine(
            "evaluation_invitation", evaluation_day, "scheduled", None, ("Ben Bos", "Anna Aerts")
        ),
    ]
