"""In-company messages (section I): who gets which, in their language, with the recap lines
exactly as incompany words them, in Brussels time; and each in fr, nl and en."""

from __future__ import annotations

import pytest

from notifications.domain import addressing
from notifications.domain import incompany_addressing as incompany
from notifications.domain.catalogue import LANGUAGES, Template
from notifications.domain.rendering import render, template_exists

PORTAL = {"portal_url": "https://portal.example"}
"""What sending adds to a message's context: the portal's address its links start with."""

INCOMPANY_TEMPLATES = [
    Template.PROPOSED_DATES,
    Template.RECAP,
    Template.PARTICIPANT_REMINDER,
    Template.GROUP_CONFIRMED_HR,
    Template.GROUP_CONFIRMED_PARTICIPANT,
    Template.PLATFORM_LINK,
    Template.LIST_MISSING,
    Template.EVALUATION_INVITATION,
    Template.GROUP_CANCELLED_HR,
    Template.GROUP_CANCELLED_PARTICIPANT,
    Template.GROUP_RESCHEDULED,
    Template.FEE_INVOICE,
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", INCOMPANY_TEMPLATES)
def test_every_in_company_message_exists_in_french_dutch_and_english(template, language):
    assert template_exists(template, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_r_i4_the_recap_lists_each_group_line_exactly_as_the_event_gives_it(events, language):
    event = events.request_confirmed(language=language)
    [owed] = incompany.recap(event)
    body = render(owed.template, owed.language, {**owed.context, **PORTAL}).body.splitlines()
    assert event.recap_lines == [
        "IC2027-0003/01 - Excel avancé - 03/03/2027 - 09:00-12:30",
        "IC2027-0003/02 - Excel avancé - 04/03/2027 - 14:00-17:30",
    ]
    first = body.index(event.recap_lines[0])
    assert body[first : first + 2] == event.recap_lines


def test_r_i4_the_recap_goes_to_hr_and_to_whoever_confirmed_when_someone_else(events):
    owed = incompany.recap(events.request_confirmed(confirmed_by="Boss@Dupont.example"))
    assert [(o.recipient_email, o.template) for o in owed] == [
        ("hr@dupont.example", Template.RECAP),
        ("boss@dupont.example", Template.RECAP),
    ]
    assert render(Template.RECAP, "fr", {**owed[1].context, **PORTAL}).body.startswith("Bonjour,\n")


def test_r_i3_the_proposed_dates_list_each_option_in_brussels_time(events):
    [owed] = incompany.proposed_dates(events.dates_proposed(language="fr"))
    body = render(owed.template, "fr", {**owed.context, **PORTAL}).body
    assert "Option 1 :\n  - le mercredi 3 mars 2027 de 09:00 à 12:30\n" in body
    assert "Option 2 :\n  - le mercredi 10 mars 2027 de 14:00 à 17:30\n" in body
    assert owed.recipient_email == "hr@dupont.example"


def test_r_i6_the_reminder_asks_hr_for_the_participants_before_the_cut_off(events):
    [owed] = incompany.participant_reminder(events.reminder_due(language="en"))
    rendered = render(owed.template, "en", {**owed.context, **PORTAL})
    assert rendered.subject == "Reminder: enter the participants of group IC2027-0003-01"
    assert "Sunday, 28 February 2027 at 09:00 (Brussels time)" in " ".join(rendered.body.split())
    assert "Participants entered so far: 2 (minimum: 6)." in rendered.body


def test_r_i9_the_definitive_confirmation_goes_to_hr_and_each_participant_in_their_language(
    events,
):
    event = events.definitively_confirmed(language="fr")
    dutch = event.participants[1].model_copy(update={"language": "nl"})
    event = event.model_copy(update={"participants": [event.participants[0], dutch]})
    owed = incompany.definitive_confirmation(event)
    assert [(o.template, o.recipient_email, o.language) for o in owed] == [
        (Template.GROUP_CONFIRMED_HR, "hr@dupont.example", "fr"),
        (Template.GROUP_CONFIRMED_PARTICIPANT, "pierre@dupont.example", "fr"),
        (Template.GROUP_CONFIRMED_PARTICIPANT, "sofie@dupont.example", "nl"),
    ]
    hr = render(owed[0].template, "fr", {**owed[0].context, **PORTAL}).body
    assert "Participants inscrits (2) :\n  - Pierre Lambert\n  - Sofie Peeters\n" in hr
    sofie = render(owed[2].template, "nl", {**owed[2].context, **PORTAL})
    assert sofie.subject == "Uw opleiding is bevestigd: Excel avancé"
    assert "Op woensdag 3 maart 2027 van 09:00 tot 12:30 (tijd in Brussel), online" in sofie.body


def test_r_i9_an_hr_contact_who_also_takes_part_gets_both_messages(events):
    event = events.definitively_confirmed()
    me = event.participants[0].model_copy(update={"email": "HR@dupont.example"})
    owed = incompany.definitive_confirmation(event.model_copy(update={"participants": [me]}))
    assert {(o.template, o.recipient_email) for o in owed} == {
        (Template.GROUP_CONFIRMED_HR, "hr@dupont.example"),
        (Template.GROUP_CONFIRMED_PARTICIPANT, "hr@dupont.example"),
    }


def test_r_i10_the_platform_link_goes_to_its_participant_only(events):
    event = events.platform_link(language="nl")
    [owed] = incompany.platform_link(event)
    assert (owed.recipient_email, owed.language) == ("pierre@dupont.example", "nl")
    assert event.platform_url in render(owed.template, "nl", {**owed.context, **PORTAL}).body


def test_r_i12_each_participant_is_invited_to_evaluate(events):
    event = events.evaluation_invited(language="en")
    [owed] = incompany.evaluation_invitation(event)
    rendered = render(owed.template, "en", {**owed.context, **PORTAL})
    assert rendered.subject == "Your opinion of the training Excel avancé"
    assert event.evaluation_url in rendered.body


def test_r_i13_the_cancellation_is_told_to_hr_and_to_the_participants(events):
    owed = incompany.group_cancelled(events.group_cancelled(language="fr"))
    assert [(o.template, o.recipient_email) for o in owed] == [
        (Template.GROUP_CANCELLED_HR, "hr@dupont.example"),
        (Template.GROUP_CANCELLED_PARTICIPANT, "pierre@dupont.example"),
        (Template.GROUP_CANCELLED_PARTICIPANT, "sofie@dupont.example"),
    ]
    body = render(owed[0].template, "fr", {**owed[0].context, **PORTAL}).body
    assert "Motif : Réorganisation du service" in body
    assert "dimanche 21 février 2027 à 09:00 (heure de Bruxelles) par hr@dupont.example" in body


def test_r_i15_hr_is_told_the_list_was_missing_at_the_cut_off(events):
    [owed] = incompany.list_missing(events.list_missing(language="fr"))
    rendered = render(owed.template, "fr", {**owed.context, **PORTAL})
    assert rendered.subject == "Liste des participants manquante : IC2027-0003-01"
    assert "dimanche 28 février 2027 à 09:00" in rendered.body


def test_a_moved_class_states_the_old_and_new_date_to_hr_and_participants(events):
    owed = incompany.group_rescheduled(events.group_rescheduled(language="nl"))
    assert [o.recipient_email for o in owed] == [
        "hr@dupont.example",
        "pierre@dupont.example",
        "sofie@dupont.example",
    ]
    body = render(owed[1].template, "nl", {**owed[1].context, **PORTAL}).body
    assert "Vorige datum: woensdag 3 maart 2027 van 09:00 tot 12:30" in body
    assert "Nieuwe datum: woensdag 17 maart 2027 van 09:00 tot 12:30" in body


@pytest.mark.parametrize(
    ("language", "subject", "wording"),
    [
        ("fr", "Facture 2027-000007 : frais de formation en entreprise", "375,00\u00a0€"),
        ("nl", "Factuur 2027-000007: kosten voor een opleiding in de onderneming", "€\u00a0375,00"),
        ("en", "Invoice 2027-000007: in-company training fee", "€375.00"),
    ],
)
def test_r_i14_to_r_i16_a_fee_invoice_is_worded_as_an_in_company_fee(
    events, language, subject, wording
):
    [owed] = addressing.invoice_issued(events.fee_invoice(language=language))
    rendered = render(owed.template, language, {**owed.context, "portal_url": "https://p.example"})
    assert (owed.template, rendered.subject) == (Template.FEE_INVOICE, subject)
    assert wording in rendered.body
    assert "inscription :" not in rendered.body  # not an enrollment's share of a price


def test_an_enrollment_invoice_keeps_its_own_wording(events):
    [owed] = addressing.invoice_issued(events.invoice())
    assert owed.template == Template.INVOICE_ISSUED


@pytest.mark.parametrize("language", LANGUAGES)
def test_hr_and_participant_emails_link_the_request_group_or_training_page(events, language):
    """docs/LINKS.md: HR's emails open the request or the group in the portal, a
    participant's their training (/trainings/{participant_id}); never another's page."""
    owed = [
        *incompany.proposed_dates(events.dates_proposed(language=language)),
        *incompany.recap(events.request_confirmed(language=language)),
        *incompany.participant_reminder(events.reminder_due(language=language)),
        *incompany.definitive_confirmation(events.definitively_confirmed(language=language)),
        *incompany.platform_link(events.platform_link(language=language)),
        *incompany.list_missing(events.list_missing(language=language)),
        *incompany.group_cancelled(events.group_cancelled(language=language)),
        *incompany.group_rescheduled(events.group_rescheduled(language=language)),
    ]
    for message in owed:
        context = message.context
        body = render(message.template, language, {**context, **PORTAL}).body
        links = [w for w in body.split() if w.startswith("https://portal.example/")]
        if "participant_id" in context:
            expected = f"https://portal.example/trainings/{context['participant_id']}"
        elif "group" in context:
            expected = f"https://portal.example/hr/groups/{context['group']['group_id']}"
        else:
            expected = f"https://portal.example/hr/requests/{context['request_id']}"
        assert links == [expected], (message.template, message.recipient_email, body)


def test_a_message_recorded_before_it_knew_its_reader_links_no_one_elses_page(events):
    """A moved class's message stored before the context said who reads it (HR or which
    participant) is still sent, without a link rather than with HR's to a participant."""
    [_, participant, _] = incompany.group_rescheduled(events.group_rescheduled(language="fr"))
    context = {k: v for k, v in participant.context.items() if k != "participant_id"}
    body = render(participant.template, "fr", {**context, **PORTAL}).body
    assert "https://portal.example/" not in body
