"""HR attestations (R-A6) as rules: who may submit, review, and manage. No I/O.

An HR user attests their position; staff approve or reject. Until their
latest attestation is approved, an HR user may request training but not
manage participants nor cancel groups. States: pending, approved, rejected.
"""

from __future__ import annotations

from uuid import UUID

from chassis.tokens import Principal
from contracts.identity import Role
from incompany.domain.refusals import (
    AttestationApproved,
    AttestationPending,
    AttestationRequired,
    AttestationReviewed,
    Forbidden,
    Missing,
)

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"


def check_submission(full_name: str, position_title: str) -> None:
    if not full_name.strip():
        raise Missing("full_name")
    if not position_title.strip():
        raise Missing("position_title")


def check_none_standing(latest_state: str | None) -> None:
    """A user has at most one approved or pending attestation."""
    if latest_state == APPROVED:
        raise AttestationApproved("attestation: yours is already approved")
    if latest_state == PENDING:
        raise AttestationPending("attestation: yours is waiting for review")


def check_review(state: str, *, approve: bool, reason: str) -> None:
    if state != PENDING:
        raise AttestationReviewed(f"attestation: already {state}")
    if not approve and not reason.strip():
        raise Missing("reason")


def hr_company(principal: Principal) -> UUID:
    """The company of an HR user: only they can hold an approved attestation."""
    if not principal.has_any(Role.HR) or principal.company_id is None:
        raise Forbidden(
            "this action needs one of: hr", code="role_required", params={"roles": "hr"}
        )
    return principal.company_id


def check_approved(latest_state: str | None) -> None:
    """R-A6: an HR user manages participants and groups only once attested and approved."""
    if latest_state != APPROVED:
        state = "missing" if latest_state is None else latest_state
        raise AttestationRequired(
            f"attestation: your HR attestation is {state}; participants and groups can be "
            "managed once staff have approved it (R-A6)"
        )
