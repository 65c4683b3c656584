"""Who receives which message for each event, without a database."""

from __future__ import annotations

from notifications.domain import addressing
from notifications.domain.catalogue import Template
from notifications.domain.staff import STAFF_RECIPIENT, delivery_address


def test_r_a5_the_confirmation_link_goes_to_the_new_address_and_the_warning_to_the_current(
    events,
):
    event = events.email_change()
    owed = {o.template: o for o in addressing.email_change(event)}
    confirmation = owed[Template.EMAIL_CHANGE_CONFIRMATION]
    warning = owed[Template.EMAIL_CHANGE_WARNING]
    assert (confirmation.recipient_email, warning.recipient_email) == (
        "new@example.be",
        "old@example.be",
    )


def test_r_a5_only_the_new_address_gets_the_link(events):
    warning = next(
        o
        for o in addressing.email_change(events.email_change())
        if o.template == Template.EMAIL_CHANGE_WARNING
    )
    assert "confirm_url" not in warning.context


def test_r_c3_the_confirmation_goes_to_whoever_placed_the_booking_and_to_the_trainee(events):
    owed = addressing.booking_confirmation(events.validated())
    assert [o.recipient_email for o in owed] == ["manager@corp.example", "trainee@corp.example"]


def test_r_c3_a_person_booking_for_themselves_gets_one_confirmation(events):
    owed = addressing.booking_confirmation(events.validated(trainee_email="Manager@Corp.example"))
    assert [o.recipient_email for o in owed] == ["manager@corp.example"]


def test_r_c3_the_placer_is_linked_to_their_user_account(events):
    event = events.validated()
    placer, trainee = addressing.booking_confirmation(event)
    assert (placer.recipient_user_id, trainee.recipient_user_id) == (event.placed_by_user_id, None)


def test_addresses_are_recorded_lower_case_so_login_emails_match(events):
    [owed] = addressing.password_reset(events.reset(email="Ann.Peeters@Example.be"))
    assert owed.recipient_email == "ann.peeters@example.be"


def test_the_language_of_the_event_is_the_language_of_the_message(events):
    [owed] = addressing.invoice_issued(events.invoice(language="nl"))
    assert owed.language == "nl"


def test_r_c2_overdue_validations_are_addressed_to_staff(events):
    [owed] = addressing.validation_overdue(
        events.overdue(), staff_email=STAFF_RECIPIENT, language="fr"
    )
    assert delivery_address(owed.recipient_email, "alerts@training.example") == (
        "alerts@training.example"
    )


def test_a_customer_address_is_delivered_as_recorded():
    assert delivery_address("ann@example.be", "alerts@training.example") == "ann@example.be"
