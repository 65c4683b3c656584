"""A request's states and the rules of its planning (R-I1..R-I4). No I/O.

A request: requested -> proposed (dates sent) -> confirmed (groups created).
A proposal: open -> chosen (the customer confirmed it) or declined (another was).
"""

from __future__ import annotations

from collections.abc import Sized

from incompany.domain.refusals import PlanningRefused, ProposalNotOpen, RequestConfirmed

REQUESTED, PROPOSED, CONFIRMED = "requested", "proposed", "confirmed"
OPEN, CHOSEN, DECLINED = "open", "chosen", "declined"


def still_planning(request_state: str) -> None:
    """Availability and proposals change until the customer confirms dates."""
    if request_state == CONFIRMED:
        raise RequestConfirmed("request: already confirmed; its groups are planned")


def check_options(options: Sized) -> None:
    if not len(options):
        raise PlanningRefused("options: propose at least one option of dates")


def check_proposal_open(proposal_state: str) -> None:
    if proposal_state != OPEN:
        raise ProposalNotOpen(f"proposal_id: this proposal is {proposal_state}")
