"""Access: every endpoint answers 401 without a token and 403 to a role it does not serve."""

from __future__ import annotations

import re
from uuid import UUID, uuid4

import pytest

from chassis.tokens import Principal
from contracts.identity import Role
from incompany.domain.access import acts_for_company, sees_company, sees_group

SOME = "00000000-0000-0000-0000-000000000001"
PUBLIC = {"/health/live", "/health/ready", "/metrics"}

WRONG_ROLE = [
    ("POST", "/courses", Role.HR),
    ("PUT", "/courses/XL", Role.TRAINER),
    ("GET", "/courses", Role.PARTICIPANT),
    ("GET", "/courses/XL", Role.INDIVIDUAL),
    ("POST", "/training-plans", Role.PLANNER),
    ("GET", "/training-plans", Role.TRAINER),
    ("GET", f"/training-plans/{SOME}", Role.TRAINER),
    ("GET", f"/training-plans/{SOME}/document", Role.PARTICIPANT),
    ("POST", "/requests", Role.PLANNER),
    ("GET", "/requests", Role.PARTICIPANT),
    ("GET", f"/requests/{SOME}", Role.INDIVIDUAL),
    ("POST", f"/requests/{SOME}/availability", Role.HR),
    ("GET", f"/requests/{SOME}/availability", Role.ENROLLMENT_MANAGER),
    ("GET", f"/requests/{SOME}/availability/{SOME}", Role.HR),
    ("POST", f"/requests/{SOME}/proposals", Role.TRAINER),
    ("POST", f"/requests/{SOME}/confirm", Role.PLANNER),
    ("POST", f"/requests/{SOME}/confirmation", Role.PLANNER),
    ("POST", "/attestations", Role.ENROLLMENT_MANAGER),
    ("GET", "/attestations/mine", Role.PLANNER),
    ("GET", "/attestations", Role.PLANNER),
    ("GET", f"/attestations/{SOME}", Role.ENROLLMENT_MANAGER),
    ("GET", f"/attestations/{SOME}/document", Role.TRAINER),
    ("POST", f"/attestations/{SOME}/approve", Role.HR),
    ("POST", f"/attestations/{SOME}/approval", Role.HR),
    ("POST", f"/attestations/{SOME}/reject", Role.PLANNER),
    ("POST", f"/attestations/{SOME}/rejection", Role.PLANNER),
    ("GET", "/groups", Role.PARTICIPANT),
    ("GET", f"/groups/{SOME}", Role.INDIVIDUAL),
    ("PUT", f"/groups/{SOME}/class-link", Role.HR),
    ("PUT", f"/groups/{SOME}/schedule", Role.CUSTOMER_SERVICE),
    ("POST", f"/groups/{SOME}/cancel", Role.ENROLLMENT_MANAGER),
    ("POST", f"/groups/{SOME}/cancellation", Role.ENROLLMENT_MANAGER),
    ("PUT", f"/groups/{SOME}/attendance", Role.HR),
    ("GET", f"/groups/{SOME}/evaluations", Role.ENROLLMENT_MANAGER),
    ("GET", f"/groups/{SOME}/evaluation-results", Role.ENROLLMENT_MANAGER),
    ("GET", f"/groups/{SOME}/deadlines", Role.TRAINER),
    ("GET", f"/groups/{SOME}/participants", Role.ENROLLMENT_MANAGER),
    ("POST", f"/groups/{SOME}/participants", Role.ENROLLMENT_MANAGER),
    ("GET", f"/groups/{SOME}/participants/{SOME}", Role.ENROLLMENT_MANAGER),
    ("DELETE", f"/groups/{SOME}/participants/{SOME}", Role.PLANNER),
    ("POST", "/participants/search", Role.TRAINER),
    ("POST", "/participants/erasures", Role.PLANNER),
    ("POST", f"/me/participations/{SOME}/evaluation", Role.HR),
]
ANY_CALLER = [
    ("GET", "/me/participations"),  # "none of yours" is an empty page, never 403 (issue 13)
    ("GET", f"/me/participations/{SOME}"),
    ("GET", f"/me/participations/{SOME}/evaluation"),
]


def endpoints(app) -> list[tuple[str, str]]:
    """Every (method, path) the API documents, path parameters filled in."""
    found = []
    for path, operations in app.openapi()["paths"].items():
        if path in PUBLIC:
            continue
        concrete = re.sub(r"\{[^}]+\}", SOME, path)
        found.extend((method.upper(), concrete) for method in operations)
    return sorted(found)


async def test_every_endpoint_answers_401_without_a_token(incompany):
    everything = endpoints(incompany.app)
    listed = [(m, p.replace("XL", SOME)) for m, p, _ in WRONG_ROLE] + ANY_CALLER
    assert everything == sorted(listed), "every endpoint needs its line in WRONG_ROLE"
    for method, path in everything:
        answer = await incompany.client.request(method, path)
        assert answer.status_code == 401, (method, path, answer.text)
        answer = await incompany.client.request(
            method, path, headers={"Authorization": "Bearer not-a-token"}
        )
        assert answer.status_code == 401, (method, path)


@pytest.mark.parametrize(("method", "path", "role"), WRONG_ROLE)
async def test_every_endpoint_answers_403_to_a_role_it_does_not_serve(
    incompany, method, path, role
):
    headers = incompany.minter.headers(role, company_id=uuid4())
    answer = await incompany.client.request(method, path, headers=headers)
    assert answer.status_code == 403, answer.text
    assert answer.json()["detail"].startswith("this action needs one of: ")


COMPANY = UUID(int=1)


def who(*roles: Role, company_id: UUID | None = None, user_id: UUID | None = None) -> Principal:
    return Principal(user_id or uuid4(), "x@example.be", frozenset(roles), company_id, "sid")


def test_company_users_see_their_own_company_and_office_staff_every_company():
    assert sees_company(who(Role.HR, company_id=COMPANY), COMPANY)
    assert not sees_company(who(Role.HR, company_id=uuid4()), COMPANY)
    assert not sees_company(who(Role.HR), COMPANY)
    for role in (Role.PLANNER, Role.CUSTOMER_SERVICE, Role.ADMIN):
        assert sees_company(who(role), COMPANY)
    assert not sees_company(who(Role.TRAINER), COMPANY)
    assert not sees_company(who(Role.PARTICIPANT, company_id=COMPANY), COMPANY)


def test_a_trainer_sees_only_the_groups_they_teach():
    trainer = uuid4()
    assert sees_group(who(Role.TRAINER, user_id=trainer), COMPANY, trainer)
    assert not sees_group(who(Role.TRAINER), COMPANY, trainer)


def test_staff_never_act_as_a_company_user():
    assert acts_for_company(who(Role.HR, company_id=COMPANY))
    assert not acts_for_company(who(Role.HR, Role.ADMIN, company_id=COMPANY))
