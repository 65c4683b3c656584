"""Who is owed which message for each in-company event (section I), with its context; no I/O.

The HR contact follows the company's in-company training (R-I5); participants
hear about their own class. Each recipient is written to in their own
language (the event carries it). Dates and times are shown in the zone the
event carries (`group.time_zone`, Europe/Brussels). When the HR contact is
also a participant, they receive both messages: they differ in template.
"""

from __future__ import annotations

from typing import Any

from contracts.identity import normalise_email
from contracts.incompany import (
    CompanyFacts,
    DatesProposedV1,
    EvaluationInvitedV1,
    GroupCancelledV1,
    GroupDefinitivelyConfirmedV1,
    GroupFacts,
    GroupRescheduledV1,
    HrContact,
    ParticipantFacts,
    ParticipantListMissingV1,
    ParticipantReminderDueV1,
    PlatformLinkIssuedV1,
    RequestConfirmedV1,
)
from notifications.domain.addressing import Owed, owe
from notifications.domain.catalogue import Template

HR = "hr"


def _group(group: GroupFacts) -> dict[str, Any]:
    return group.model_dump(mode="json")


def _to(
    template: Template,
    email: str,
    language: str,
    name: str,
    company: CompanyFacts,
    context: dict[str, Any],
) -> Owed:
    return owe(
        template, email, language, {"recipient_name": name, "company_name": company.name, **context}
    )


def _to_hr(template: Template, hr: HrContact, company: CompanyFacts, **context: Any) -> Owed:
    """`audience` tells a template HR and participants share (a moved class) which page to
    link: the group's HR page (docs/LINKS.md)."""
    context = {"audience": HR, **context}
    return _to(template, str(hr.email), hr.language, hr.full_name, company, context)


def _to_participant(
    template: Template, participant: ParticipantFacts, company: CompanyFacts, **context: Any
) -> Owed:
    return _to(
        template,
        str(participant.email),
        participant.language,
        participant.full_name,
        company,
        # their training's page in the portal: /trainings/{participant_id} (docs/LINKS.md)
        {"participant_id": str(participant.participant_id), **context},
    )


def proposed_dates(event: DatesProposedV1) -> list[Owed]:
    """R-I3: the HR contact gets the trainer's dates and confirms one option online."""
    return [
        _to_hr(
            Template.PROPOSED_DATES,
            event.hr_contact,
            event.company,
            request_id=str(event.request_id),
            course_code=event.course_code,
            course_title=event.course_title,
            expected_participants=event.expected_participants,
            options=[option.model_dump(mode="json") for option in event.options],
            time_zone=event.time_zone,
        )
    ]


def recap(event: RequestConfirmedV1) -> list[Owed]:
    """R-I4: the recap lists each group as the event words it, one calendar event per group.

    It goes to the HR contact, and to whoever confirmed when that is someone else
    (in the HR contact's language: the event gives no other).
    """
    context = {
        "request_id": str(event.request_id),
        "project_number": event.project_number,
        "course_title": event.course_title,
        "recap_lines": list(event.recap_lines),
        "groups": [_group(group) for group in event.groups],
    }
    messages = [_to_hr(Template.RECAP, event.hr_contact, event.company, **context)]
    if normalise_email(str(event.confirmed_by_email)) != normalise_email(
        str(event.hr_contact.email)
    ):
        messages.append(
            _to(
                Template.RECAP,
                str(event.confirmed_by_email),
                event.hr_contact.language,
                "",
                event.company,
                context,
            )
        )
    return messages


def participant_reminder(event: ParticipantReminderDueV1) -> list[Owed]:
    """R-I6: three weeks before, the HR contact is asked to enter the participants (R-I7)."""
    return [
        _to_hr(
            Template.PARTICIPANT_REMINDER,
            event.hr_contact,
            event.company,
            group=_group(event.group),
            participant_count=event.participant_count,
            minimum_participants=event.minimum_participants,
            participants_until=event.participants_until.isoformat(),
        )
    ]


def definitive_confirmation(event: GroupDefinitivelyConfirmedV1) -> list[Owed]:
    """R-I9: the HR contact and each participant, with the class's calendar file."""
    group = _group(event.group)
    return [
        _to_hr(
            Template.GROUP_CONFIRMED_HR,
            event.hr_contact,
            event.company,
            group=group,
            participant_names=[p.full_name for p in event.participants],
        ),
        *(
            _to_participant(Template.GROUP_CONFIRMED_PARTICIPANT, p, event.company, group=group)
            for p in event.participants
        ),
    ]


def platform_link(event: PlatformLinkIssuedV1) -> list[Owed]:
    """R-I10: the participant's own signed learning-platform link (also in their account)."""
    return [
        _to_participant(
            Template.PLATFORM_LINK,
            event.participant,
            event.company,
            group=_group(event.group),
            platform_url=event.platform_url,
            expires_at=event.expires_at.isoformat(),
        )
    ]


def list_missing(event: ParticipantListMissingV1) -> list[Owed]:
    """R-I15: the HR contact learns the list was still missing at the cut-off."""
    return [
        _to_hr(
            Template.LIST_MISSING,
            event.hr_contact,
            event.company,
            group=_group(event.group),
            cutoff_at=event.cutoff_at.isoformat(),
        )
    ]


def evaluation_invitation(event: EvaluationInvitedV1) -> list[Owed]:
    """R-I12: the day after the class, each participant is asked to evaluate it."""
    return [
        _to_participant(
            Template.EVALUATION_INVITATION,
            event.participant,
            event.company,
            group=_group(event.group),
            evaluation_url=event.evaluation_url,
        )
    ]


def group_cancelled(event: GroupCancelledV1) -> list[Owed]:
    """R-I13: the HR contact and the participants; the calendar event is cancelled."""
    group = _group(event.group)
    return [
        _to_hr(
            Template.GROUP_CANCELLED_HR,
            event.hr_contact,
            event.company,
            group=group,
            cancelled_at=event.cancelled_at.isoformat(),
            cancelled_by_email=str(event.cancelled_by_email),
            reason=event.reason,
        ),
        *(
            _to_participant(Template.GROUP_CANCELLED_PARTICIPANT, p, event.company, group=group)
            for p in event.participants
        ),
    ]


def group_rescheduled(event: GroupRescheduledV1) -> list[Owed]:
    """The class moved: the HR contact and the participants get the new date and calendar."""
    context = {
        "group": _group(event.group),
        "previous_starts_at": event.previous_starts_at.isoformat(),
        "previous_ends_at": event.previous_ends_at.isoformat(),
    }
    return [
        _to_hr(Template.GROUP_RESCHEDULED, event.hr_contact, event.company, **context),
        *(
            _to_participant(Template.GROUP_RESCHEDULED, p, event.company, **context)
            for p in event.participants
        ),
    ]
