"""Events published by the incompany service: in-company digital training (R-I1..R-I16).

Every event is self-contained: it carries the company (id and name), the HR
contact (email, name, language) and the group's facts, so a consumer
(notifications writing an email, billing issuing a fee, accounts creating a
participant's account) never has to ask incompany anything.

Facts, not fees: a cancellation says when it happened and when the group was
to start; billing owns the fee rules (R-I13..R-I16) and their amounts.
Instants are aware datetimes in UTC; business time is Europe/Brussels
(`GroupFacts.time_zone`), in which dates and times are shown to people.
A national register number never travels in an event.
"""

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from contracts.accounts import Language
from contracts.emails import Email
from contracts.envelope import Event

BUSINESS_TIME_ZONE = "Europe/Brussels"


class CompanyFacts(BaseModel):
    """The customer company, as accounts registered it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    company_id: UUID
    name: str = Field(min_length=1, max_length=200)
    """The company's legal name."""


class HrContact(BaseModel):
    """The company's HR person who follows the in-company training (R-I5)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    email: Email
    full_name: str = Field(min_length=1, max_length=200)
    language: Language = "fr"


class ParticipantFacts(BaseModel):
    """A participant of a group: who to write to. Never their national register number."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    participant_id: UUID
    full_name: str = Field(min_length=1, max_length=200)
    email: Email
    language: Language = "fr"


class GroupFacts(BaseModel):
    """One in-company group: one online class of one course, on one date (R-I3, R-I4)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    group_id: UUID
    request_id: UUID
    project_number: str = Field(max_length=30)
    """"IC2027-0003": one per confirmed request."""
    group_number: int = Field(ge=1)
    group_reference: str = Field(max_length=40)
    """"IC2027-0003-01": how HR finds the group (R-I8)."""
    course_code: str = Field(max_length=40)
    course_title: str = Field(max_length=300)
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    time_zone: Literal["Europe/Brussels"] = BUSINESS_TIME_ZONE
    """Where the class's dates and times are shown (R-I4 lines, ICS)."""
    class_link: str | None = Field(default=None, max_length=500)
    """The video-conference link of the online class (R-I11); None until set."""


class ProposedSession(BaseModel):
    """One online class in a proposed option: one group's date and time."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    starts_at: AwareDatetime
    ends_at: AwareDatetime


class ProposedOption(BaseModel):
    """A set of dates the customer may confirm as a whole: one session per group."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    proposal_id: UUID
    sessions: list[ProposedSession] = Field(min_length=1)


class DatesProposedV1(Event):
    """Staff sent the customer dates the trainer can teach; the customer confirms one (R-I3).

    Consumers: notifications (an email to the HR contact listing the options).
    """

    name = "incompany.dates.proposed.v1"

    request_id: UUID
    company: CompanyFacts
    hr_contact: HrContact
    course_code: str = Field(max_length=40)
    course_title: str = Field(max_length=300)
    expected_participants: int = Field(ge=1)
    options: list[ProposedOption] = Field(min_length=1)
    time_zone: Literal["Europe/Brussels"] = BUSINESS_TIME_ZONE


class RequestConfirmedV1(Event):
    """The customer confirmed an option: the groups exist (R-I3), recap owed (R-I4).

    `recap_lines` holds one line per group, exactly
    `Project No/Group - Course title - Date - Time`, in Brussels time, e.g.
    `IC2027-0003/01 - Excel avancé - 03/03/2027 - 09:00-12:30`.
    Consumers: notifications (the recap email, with a calendar file per group).
    """

    name = "incompany.request.confirmed.v1"

    request_id: UUID
    project_number: str = Field(max_length=30)
    company: CompanyFacts
    hr_contact: HrContact
    course_code: str = Field(max_length=40)
    course_title: str = Field(max_length=300)
    groups: list[GroupFacts] = Field(min_length=1)
    recap_lines: list[str] = Field(min_length=1)
    confirmed_by_email: Email


class ParticipantReminderDueV1(Event):
    """Three weeks before the start, HR is asked to enter the participants (R-I6).

    Consumers: notifications (a reminder to the HR contact, with the cut-off).
    """

    name = "incompany.group.participant-reminder-due.v1"

    company: CompanyFacts
    hr_contact: HrContact
    group: GroupFacts
    participant_count: int = Field(ge=0)
    """Participants entered so far."""
    minimum_participants: int = Field(ge=1)
    participants_until: AwareDatetime
    """The participant cut-off (R-I7): no change after this instant."""


class GroupDefinitivelyConfirmedV1(Event):
    """Fifteen days before the start the group is definitively confirmed (R-I9);
    the customer did not cancel, so the session stands (R-I13).

    Consumers: notifications (to the HR contact and to each participant, with a
    calendar file).
    """

    name = "incompany.group.definitively-confirmed.v1"

    company: CompanyFacts
    hr_contact: HrContact
    group: GroupFacts
    participants: list[ParticipantFacts]
    confirmed_at: AwareDatetime


class PlatformLinkIssuedV1(Event):
    """A participant's signed learning-platform link was generated (R-I10).

    It is also shown to the participant through their account.
    Consumers: notifications (an email to the participant).
    """

    name = "incompany.platform-link.issued.v1"

    company: CompanyFacts
    group: GroupFacts
    participant: ParticipantFacts
    platform_url: str = Field(max_length=2000)
    expires_at: AwareDatetime


class ParticipantListMissingV1(Event):
    """At the participant cut-off, three days before the start, the group had no
    participant at all (R-I15).

    Consumers: billing (the missing-list fee; at most one such fee per group,
    whatever else happens to it), notifications (tell the HR contact).
    """

    name = "incompany.group.participant-list-missing.v1"

    company: CompanyFacts
    hr_contact: HrContact
    group: GroupFacts
    cutoff_at: AwareDatetime
    detected_at: AwareDatetime


class EvaluationInvitedV1(Event):
    """The day after the class, a participant is invited to evaluate it (R-I12).

    Consumers: notifications (an email to the participant with the form's link).
    """

    name = "incompany.evaluation.invited.v1"

    company: CompanyFacts
    group: GroupFacts
    participant: ParticipantFacts
    evaluation_url: str = Field(max_length=2000)


class GroupCancelledV1(Event):
    """The customer (or staff on their behalf) cancelled a group (R-I13, R-I14).

    Facts only: billing compares `cancelled_at` with `group.starts_at` (in
    Brussels time) to decide whether a fee is due. `participant_list_missing`
    says whether `incompany.group.participant-list-missing.v1` was published
    for this group before, for billing's one-fee-per-group rule (R-I15).
    Consumers: billing (cancellation fee), notifications (to the HR contact and
    the participants).
    """

    name = "incompany.group.cancelled.v1"

    company: CompanyFacts
    hr_contact: HrContact
    group: GroupFacts
    participants: list[ParticipantFacts]
    cancelled_at: AwareDatetime
    cancelled_by_email: Email
    reason: str = Field(max_length=1000)
    definitively_confirmed: bool
    """Whether the definitive confirmation (R-I9) had been sent before."""
    participant_list_missing: bool


class GroupCompletedV1(Event):
    """The class took place and its attendance is recorded (R-I16).

    Consumers: billing (a fee per missing person when `attended_count` is
    below `minimum_participants`).
    """

    name = "incompany.group.completed.v1"

    company: CompanyFacts
    hr_contact: HrContact
    group: GroupFacts
    registered_count: int = Field(ge=0)
    attended_count: int = Field(ge=0)
    minimum_participants: int = Field(ge=1)
    completed_at: AwareDatetime


class ParticipantAddedV1(Event):
    """HR entered a participant in a group (R-I8).

    Consumers: accounts (an account for the participant if they have none, R-A7).
    """

    name = "incompany.participant.added.v1"

    company: CompanyFacts
    group: GroupFacts
    participant: ParticipantFacts
    added_by_email: Email


class GroupRescheduledV1(Event):
    """Staff moved a group's class to another date or time; its deadlines follow.

    Consumers: notifications (the new date to the HR contact and participants,
    with an updated calendar file).
    """

    name = "incompany.group.rescheduled.v1"

    company: CompanyFacts
    hr_contact: HrContact
    group: GroupFacts
    """The group with its new dates."""
    previous_starts_at: AwareDatetime
    previous_ends_at: AwareDatetime
    participants: list[ParticipantFacts]
