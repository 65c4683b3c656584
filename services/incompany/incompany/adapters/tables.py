"""The incompany database: catalogue, training plans, requests and their planning,
HR attestations, groups, participants, evaluations, and the deadlines of each group.

Instants are UTC (`UTCDateTime`); business dates (a desired period) are plain
dates in Brussels. A national register number is stored only encrypted
(`nrn_ciphertext`) beside its keyed blind index (`nrn_index`), never in clear.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from chassis.db import BigIntId, UTCDateTime
from chassis.tables import delivery_tables

metadata = MetaData()
delivery = delivery_tables(metadata)


class Base(DeclarativeBase):
    metadata = metadata


class Company(Base):
    """A company as accounts registered it (`accounts.company.registered.v1`)."""

    __tablename__ = "companies"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    legal_name: Mapped[str] = mapped_column(String(200))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Course(Base):
    """A course of the digital catalogue that may be requested in-company (R-I1)."""

    __tablename__ = "courses"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    duration_minutes: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(2000))
    active: Mapped[bool] = mapped_column(Boolean)
    """Inactive courses stay for the groups that used them but cannot be requested."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TrainingPlan(Base):
    """A company's training plan (R-I2): without one, no request."""

    __tablename__ = "training_plans"
    __table_args__ = (
        UniqueConstraint(
            "company_id", "year", "reference", name="uq_training_plans_company_id_year_reference"
        ),
        Index("ix_training_plans_submitted_at_id", "submitted_at", "id"),  # the list's order
    )

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    company_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    year: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(100))
    document: Mapped[bytes] = mapped_column(LargeBinary)
    document_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    document_size: Mapped[int] = mapped_column(Integer)
    document_sha256: Mapped[str] = mapped_column(String(64))
    submitted_by_user_id: Mapped[UUID] = mapped_column(Uuid)
    submitted_by_email: Mapped[str] = mapped_column(String(320))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TrainingRequest(Base):
    """A company's request for an in-company course (R-I1, R-I2), planned by staff (R-I3).

    States: requested -> proposed (dates sent) -> confirmed (groups created).
    """

    __tablename__ = "training_requests"
    __table_args__ = (
        Index("ix_training_requests_created_at_id", "created_at", "id"),  # the list's order
        Index("ix_training_requests_state_created_at_id", "state", "created_at", "id"),
    )

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    company_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    company_name: Mapped[str] = mapped_column(String(200))
    course_id: Mapped[UUID] = mapped_column(ForeignKey("courses.id"))
    course_code: Mapped[str] = mapped_column(String(40))
    course_title: Mapped[str] = mapped_column(String(300))
    training_plan_id: Mapped[UUID] = mapped_column(ForeignKey("training_plans.id"))
    desired_from: Mapped[date] = mapped_column(Date)
    desired_until: Mapped[date] = mapped_column(Date)
    expected_participants: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(String(2000))
    hr_email: Mapped[str] = mapped_column(String(320))
    hr_name: Mapped[str] = mapped_column(String(200))
    hr_language: Mapped[str] = mapped_column(String(2))
    requested_by_user_id: Mapped[UUID] = mapped_column(Uuid)
    requested_by_email: Mapped[str] = mapped_column(String(320))
    state: Mapped[str] = mapped_column(String(20))
    project_number: Mapped[str | None] = mapped_column(String(30), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AvailabilitySlot(Base):
    """When the trainer can teach within the desired period (R-I3)."""

    __tablename__ = "availability_slots"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    request_id: Mapped[UUID] = mapped_column(ForeignKey("training_requests.id"), index=True)
    trainer_name: Mapped[str] = mapped_column(String(200))
    trainer_user_id: Mapped[UUID | None] = mapped_column(Uuid)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by_email: Mapped[str] = mapped_column(String(320))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Proposal(Base):
    """An option of dates sent to the customer: one session per group (R-I3).

    States: open, chosen (the customer confirmed it), declined (another was chosen).
    """

    __tablename__ = "proposals"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    request_id: Mapped[UUID] = mapped_column(ForeignKey("training_requests.id"), index=True)
    state: Mapped[str] = mapped_column(String(20))
    proposed_by_email: Mapped[str] = mapped_column(String(320))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ProposalSession(Base):
    __tablename__ = "proposal_sessions"
    __table_args__ = (
        UniqueConstraint("proposal_id", "position", name="uq_proposal_sessions_proposal_position"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    proposal_id: Mapped[UUID] = mapped_column(ForeignKey("proposals.id"))
    position: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    trainer_name: Mapped[str] = mapped_column(String(200))
    trainer_user_id: Mapped[UUID | None] = mapped_column(Uuid)


class Attestation(Base):
    """An HR user's signed attestation of their position (R-A6), reviewed by staff.

    States: pending, approved, rejected. The latest one of a user decides.
    """

    __tablename__ = "attestations"
    __table_args__ = (
        Index("ix_attestations_submitted_at_id", "submitted_at", "id"),  # the list's order
        Index("ix_attestations_state_submitted_at_id", "state", "submitted_at", "id"),
    )

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    company_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    user_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    email: Mapped[str] = mapped_column(String(320))
    full_name: Mapped[str] = mapped_column(String(200))
    position_title: Mapped[str] = mapped_column(String(200))
    document: Mapped[bytes] = mapped_column(LargeBinary)
    document_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    document_size: Mapped[int] = mapped_column(Integer)
    document_sha256: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(20))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_email: Mapped[str | None] = mapped_column(String(320))
    rejection_reason: Mapped[str | None] = mapped_column(String(1000))


class Group(Base):
    """One online class of a confirmed request (R-I3), followed by HR (R-I5).

    States: planned -> confirmed (definitive confirmation, R-I9) -> completed
    (attendance recorded, R-I16); planned or confirmed -> cancelled (R-I13).
    """

    __tablename__ = "groups"
    __table_args__ = (
        UniqueConstraint(
            "project_number", "group_number", name="uq_groups_project_number_group_number"
        ),
        # The list of groups: by start, filtered by state or course.
        Index("ix_groups_state_starts_at_id", "state", "starts_at", "id"),
        Index("ix_groups_course_code_starts_at_id", "course_code", "starts_at", "id"),
    )

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    request_id: Mapped[UUID] = mapped_column(ForeignKey("training_requests.id"), index=True)
    company_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    company_name: Mapped[str] = mapped_column(String(200))
    course_code: Mapped[str] = mapped_column(String(40))
    course_title: Mapped[str] = mapped_column(String(300))
    project_number: Mapped[str] = mapped_column(String(30))
    group_number: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    class_link: Mapped[str | None] = mapped_column(String(500))
    trainer_name: Mapped[str] = mapped_column(String(200))
    trainer_user_id: Mapped[UUID | None] = mapped_column(Uuid)
    hr_email: Mapped[str] = mapped_column(String(320))
    hr_name: Mapped[str] = mapped_column(String(200))
    hr_language: Mapped[str] = mapped_column(String(2))
    state: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    definitively_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    list_missing_reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_by_email: Mapped[str | None] = mapped_column(String(320))
    cancellation_reason: Mapped[str | None] = mapped_column(String(1000))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attended_count: Mapped[int | None] = mapped_column(Integer)


class Participant(Base):
    """A person entered by HR in a group (R-I8).

    One row per person and group (unique blind index): cancelling keeps the row
    (state cancelled) and entering the same person again reactivates it.
    """

    __tablename__ = "participants"
    __table_args__ = (
        UniqueConstraint("group_id", "nrn_index", name="uq_participants_group_id_nrn_index"),
    )

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    group_id: Mapped[UUID] = mapped_column(ForeignKey("groups.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), index=True)
    """Lower-case: the participant's login email finds their trainings."""
    language: Mapped[str] = mapped_column(String(2))
    nrn_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    """None once the participant is cancelled or erased: the number is no longer kept."""
    nrn_index: Mapped[str | None] = mapped_column(String(64), index=True)
    """None once erased, or once a cancelled row could not be re-indexed (its number gone)."""
    state: Mapped[str] = mapped_column(String(20))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    added_by_email: Mapped[str] = mapped_column(String(320))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    platform_url: Mapped[str | None] = mapped_column(String(2000))
    platform_link_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    platform_link_issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attended: Mapped[bool | None] = mapped_column(Boolean)
    """None until attendance is recorded (R-I16)."""
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When the person's data was erased on request (name, email, number: GDPR art. 17)."""


class Evaluation(Base):
    """A participant's one answer to the evaluation form (R-I12)."""

    __tablename__ = "evaluations"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    participant_id: Mapped[UUID] = mapped_column(ForeignKey("participants.id"), unique=True)
    group_id: Mapped[UUID] = mapped_column(ForeignKey("groups.id"), index=True)
    content_rating: Mapped[int] = mapped_column(Integer)
    trainer_rating: Mapped[int] = mapped_column(Integer)
    organisation_rating: Mapped[int] = mapped_column(Integer)
    platform_rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(String(2000))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Deadline(Base):
    """One deadline of a group (and of one participant where it concerns one).

    Unique per (group, kind, subject): `subject` is "group" or the participant's
    id. States: scheduled -> done (fired), missed (too late to still make
    sense), cancelled (no longer applies). See `domain/deadlines.py` for the rules and
    `handlers/deadlines.py` for how a row is claimed and fired exactly once.
    """

    __tablename__ = "deadlines"
    __table_args__ = (
        UniqueConstraint("group_id", "kind", "subject", name="uq_deadlines_group_kind_subject"),
        # What the scan claims (and the metrics count): scheduled rows by due instant.
        # Partial, so the settled rows, the vast majority in time, cost it nothing.
        Index(
            "ix_deadlines_due",
            "due_at",
            "id",
            postgresql_where=text("state = 'scheduled'"),
            sqlite_where=text("state = 'scheduled'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    group_id: Mapped[UUID] = mapped_column(ForeignKey("groups.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(36))
    participant_id: Mapped[UUID | None] = mapped_column(ForeignKey("participants.id"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(20))
    fired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ProjectCounter(Base):
    """The last project number used in a Brussels year (IC2027-0001, -0002, ...)."""

    __tablename__ = "project_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer)


def stored_values(row: Base) -> list[object]:
    """Every column's value of a row, in the table's order: what its entity tag hashes
    (`domain/versions.py`)."""
    return [getattr(row, column.key) for column in row.__table__.columns]
