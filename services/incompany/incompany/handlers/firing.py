"""What firing each kind of deadline does (R-I6, R-I9, R-I10, R-I15, R-I12).

Called by the scan inside the unit of work that claimed the deadline, so the
state change and the events it publishes commit together, or not at all. The
scan loads what firing reads for a whole batch at once (the group, the
participant, the group's active participants), so firing itself queries nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from contracts.incompany import (
    EvaluationInvitedV1,
    GroupDefinitivelyConfirmedV1,
    ParticipantListMissingV1,
    ParticipantReminderDueV1,
    PlatformLinkIssuedV1,
)
from incompany.adapters import platform_links
from incompany.adapters.facts import company_of, group_facts, hr_contact_of, participants_facts
from incompany.adapters.facts import participant_facts as facts_of
from incompany.adapters.tables import Group, Participant
from incompany.domain.deadlines import DeadlineKind, Delays, participant_cutoff
from incompany.domain.groups import CONFIRMED, PLANNED
from incompany.domain.refusals import KeysNotConfigured
from incompany.handlers import Uow


def fire(
    kind: DeadlineKind,
    group: Group,
    participant: Participant | None,
    active: Sequence[Participant],
    uow: Uow,
    delays: Delays,
) -> None:
    """Fire one deadline; `active` are the group's active participants, in entry order."""
    settings = uow.settings
    now = uow.clock.now()
    if kind is DeadlineKind.PARTICIPANT_REMINDER:
        count = len(active)
        uow.publish(
            ParticipantReminderDueV1(
                company=company_of(group),
                hr_contact=hr_contact_of(group),
                group=group_facts(group),
                participant_count=count,
                minimum_participants=settings.minimum_participants,
                participants_until=participant_cutoff(group.starts_at, delays),
            )
        )
    elif kind is DeadlineKind.DEFINITIVE_CONFIRMATION:
        # R-I13: without news from the customer, the session is confirmed.
        if group.state == PLANNED:
            group.state = CONFIRMED
        group.definitively_confirmed_at = now
        uow.publish(
            GroupDefinitivelyConfirmedV1(
                company=company_of(group),
                hr_contact=hr_contact_of(group),
                group=group_facts(group),
                participants=participants_facts(active),
                confirmed_at=now,
            )
        )
    elif kind is DeadlineKind.PLATFORM_LINK:
        if participant is None:
            raise ValueError("a platform link deadline concerns a participant")
        issue_platform_link(group, participant, uow)
    elif kind is DeadlineKind.PARTICIPANT_CUTOFF:
        if not active:
            group.list_missing_reported_at = now
            uow.publish(
                ParticipantListMissingV1(
                    company=company_of(group),
                    hr_contact=hr_contact_of(group),
                    group=group_facts(group),
                    cutoff_at=participant_cutoff(group.starts_at, delays),
                    detected_at=now,
                )
            )
    elif kind is DeadlineKind.EVALUATION_INVITATION:
        if participant is None:
            raise ValueError("an evaluation invitation concerns a participant")
        uow.publish(
            EvaluationInvitedV1(
                company=company_of(group),
                group=group_facts(group),
                participant=facts_of(participant),
                # the portal's evaluation page (services/portal, participant area)
                evaluation_url=(
                    f"{settings.public_base_url}/trainings/{participant.id}/evaluation"
                ),
            )
        )
    else:  # pragma: no cover - DeadlineKind is closed
        raise ValueError(f"unknown deadline kind {kind!r}")


def issue_platform_link(group: Group, participant: Participant, uow: Uow) -> None:
    """R-I10: a signed per-participant link, kept for their account and emailed."""
    settings = uow.settings
    if settings.platform_link_key is None:
        raise KeysNotConfigured("platform links cannot be signed: set platform_link_key")
    now = uow.clock.now()
    expires_at = group.ends_at + timedelta(days=settings.platform_link_valid_days)
    participant.platform_url = platform_links.signed_link(
        settings.platform_base_url,
        settings.platform_link_key.get_secret_value(),
        participant_id=participant.id,
        group_id=group.id,
        expires_at=expires_at,
    )
    participant.platform_link_expires_at = expires_at
    participant.platform_link_issued_at = now
    uow.publish(
        PlatformLinkIssuedV1(
            company=company_of(group),
            group=group_facts(group),
            participant=facts_of(participant),
            platform_url=participant.platform_url,
            expires_at=expires_at,
        )
    )
