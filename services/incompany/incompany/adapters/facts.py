"""The contract's shapes (`contracts.incompany`) made from incompany's rows."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from contracts.incompany import CompanyFacts, GroupFacts, HrContact, ParticipantFacts
from incompany.adapters.tables import Group, Participant, TrainingRequest


def company_of(row: Group | TrainingRequest) -> CompanyFacts:
    return CompanyFacts(company_id=row.company_id, name=row.company_name)


def hr_contact_of(row: Group | TrainingRequest) -> HrContact:
    return _hr_contact(row.hr_email, row.hr_name, row.hr_language)


@functools.lru_cache(maxsize=4096)
def _hr_contact(email: str, full_name: str, language: str) -> HrContact:
    """Validating the email address is the dearest part of building an event (half of
    it, measured); an HR user follows all their company's groups, so a batch of
    deadlines repeats few contacts. HrContact is frozen: one instance can be shared."""
    return HrContact(email=email, full_name=full_name, language=language)


def group_facts(group: Group) -> GroupFacts:
    return GroupFacts(
        group_id=group.id,
        request_id=group.request_id,
        project_number=group.project_number,
        group_number=group.group_number,
        group_reference=group.reference,
        course_code=group.course_code,
        course_title=group.course_title,
        starts_at=group.starts_at,
        ends_at=group.ends_at,
        class_link=group.class_link,
    )


def participant_facts(participant: Participant) -> ParticipantFacts:
    return ParticipantFacts(
        participant_id=participant.id,
        full_name=participant.full_name,
        email=participant.email,
        language=participant.language,
    )


def participants_facts(participants: Iterable[Participant]) -> list[ParticipantFacts]:
    return [participant_facts(p) for p in participants]
