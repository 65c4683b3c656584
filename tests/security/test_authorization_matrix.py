"""Every endpoint of every service x every caller: who gets in, who sees what (OWASP ASVS V8).

The routes are read from the services' FastAPI apps, so a new endpoint without
a rule below fails until someone decides who may call it. Each route is called:

- with no token and with forged or spoilt ones (expired, another key, alg none,
  HS256 keyed with the public key, wrong audience or issuer, tampered payload,
  unknown role, not a JWT, issued in the future): 401, except on the public
  routes of `PUBLIC`, each with its reason;
- by a real, logged-in person of each role (an admin, customer service, a
  planner, a trainer, an individual, an enrollment manager and an HR user of
  company A and of company B, a participant of A), on company A's and company
  B's resources: 403 for a role the route does not admit; for a resource the
  caller does not own, exactly the status the service answers by design (403,
  or 404 "as if it did not exist"); a read of one's own, or by staff, 200;
- writes are never made by the matrix: an admitted caller gets an invalid body
  (422) or an unknown id (404), which proves the door opens without changing
  anything; refused callers get a valid body, so only authorization stops them.

No body a customer receives may hold another company's ids, emails, numbers,
prices or references (seeded through the APIs: see `Platform.seed_world`),
except what the caller itself sent.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import pytest_asyncio

from accounts.service import DEFINITION as ACCOUNTS
from billing.service import DEFINITION as BILLING
from contracts.identity import Role
from enrollment.service import DEFINITION as ENROLLMENT
from incompany.service import DEFINITION as INCOMPANY
from notifications.service import DEFINITION as NOTIFICATIONS
from testkit.platform.routes import route_key, routes_reading_a_body, served_routes

pytestmark = [pytest.mark.postgres]

A, B = "A", "B"
OTHER = {A: B, B: A}
ADMIN, CS, PLANNER, TRAINER = Role.ADMIN, Role.CUSTOMER_SERVICE, Role.PLANNER, Role.TRAINER
INDIVIDUAL, MANAGER, HR = Role.INDIVIDUAL, Role.ENROLLMENT_MANAGER, Role.HR
PARTICIPANT = Role.PARTICIPANT
EVERYONE = frozenset(Role)
UNKNOWN = "00000000-0000-4000-8000-000000000000"
NOT_AN_OBJECT: dict[str, Any] = {"json": ["not", "an", "object"]}
SERVICES = (ACCOUNTS, ENROLLMENT, INCOMPANY, BILLING, NOTIFICATIONS)


PUBLIC: dict[str, str] = {
    "GET /openapi.json": "the API's description: no data",
    "GET /docs": "the API's documentation page: no data",
    "GET /docs/oauth2-redirect": "part of the documentation page",
    "GET /redoc": "the API's documentation page: no data",
    "GET /health/live": "probes of the orchestrator: no data",
    "GET /health/ready": "probes of the orchestrator: which dependency is down, no data",
    "GET /metrics": "Prometheus scrape: counters by route template, no personal data",
    "accounts POST /register": "R-A1: anyone creates an individual account",
    "accounts POST /token": "logging in: the credentials are the body",
    "accounts POST /companies/register": "R-A1: anyone creates a company account",
    "accounts POST /password/set": "R-A2: the link's single-use token is the credential",
    "accounts POST /password/forgot": "R-A3: for people who cannot log in",
    "accounts POST /password/reset": "R-A3: the link's single-use token is the credential",
    "accounts POST /token/refresh": "the refresh token in the body is the credential",
    "accounts POST /token/revoke": "the refresh token in the body is the credential (RFC 7009)",
    "accounts POST /verify-email": "the link's single-use token is the credential",
}
OPTIONAL_TOKEN: dict[str, str] = {
    "enrollment GET /courses": "the public catalogue; a manager's token shows their prices (R-B2)",
    "enrollment GET /sessions": "the public catalogue",
    "enrollment GET /sessions/{session_id}": "the public catalogue",
    "enrollment GET /courses/{course_code}": "the public catalogue",
}


@dataclass(frozen=True)
class Rule:
    """Who may call a route, and what a caller gets on a resource that is not theirs.

    `owners`: who owns a company's resource named in the path: "company" (its
    manager and HR user), "placer" (the manager who placed the booking),
    "manager" or "hr" (that one of the company), "participant", or None (no
    company resource in the path). `sees_all`: roles that reach every
    company's resource (by default the office staff among `roles`).
    `foreign`: the status of an admitted caller on a resource it does not own.
    `body`: a valid request body for a side's resource (a refused caller must be
    refused for who it is, not for its body); `query`: parameters that try to
    reach the other company's data through a list.
    """

    roles: frozenset[Role] = EVERYONE
    owners: str | None = None
    foreign: int = 404
    sees_all: frozenset[Role] | None = None
    body: Callable[[Any, str], dict[str, Any]] | None = None
    query: Callable[[Any, str], dict[str, Any]] | None = None
    changes: bool | None = None
    """None: a write unless the method is GET."""
    skip_admitted: str = ""
    """Why admitted callers are not called (e.g. logout would end their session)."""

    def staff(self) -> frozenset[Role]:
        if self.sees_all is not None:
            return self.sees_all
        return self.roles & {ADMIN, CS, PLANNER}


def roles(*admitted: Role) -> frozenset[Role]:
    return frozenset(admitted)


def ids(platform: Any, side: str) -> dict[str, str]:
    return platform.sides[side].ids


def json_body(make: Callable[[Any, str], Any]) -> Callable[[Any, str], dict[str, Any]]:
    return lambda platform, side: {"json": make(platform, side)}


CLOCKS_OFF = "test clocks are off here: the admitted admin gets 404 test_clocks_disabled"
PDF_FILE = {"files": {"document": ("x.pdf", b"%PDF-1.4 x", "application/pdf")}}
STAFF, OFFICE = roles(ADMIN, CS), roles(ADMIN, CS, PLANNER)
CUSTOMERS = roles(INDIVIDUAL, MANAGER, HR)

RULES: dict[str, Rule] = {
    # accounts: a session must be open (real logins here); the participant is not an account.
    "accounts POST /logout": Rule(skip_admitted="it would end the caller's session"),
    "accounts POST /logout-everywhere": Rule(skip_admitted="it would end the caller's sessions"),
    "accounts POST /verify-email/resend": Rule(skip_admitted="it emails a link, or answers 409"),
    "accounts GET /me": Rule(),
    # Test clocks are off in this deployment, as in production: an admin is answered 404
    # test_clocks_disabled (tests/test_test_clocks.py drives them on); everyone else 403.
    "accounts GET /test-clock": Rule(roles(ADMIN), skip_admitted=CLOCKS_OFF),
    "accounts PUT /test-clock": Rule(roles(ADMIN), skip_admitted=CLOCKS_OFF),
    "accounts POST /companies/{company_id}/users": Rule(
        roles(MANAGER),
        owners="manager",
        foreign=403,
        body=json_body(
            lambda p, s: {"email": f"new-{s}@x.example", "full_name": "N", "role": "hr"}
        ),
    ),
    "accounts POST /staff": Rule(roles(ADMIN)),
    # erasure on request (GDPR art. 17): refused callers name a real person (403 first),
    # admitted staff an unknown id (404): nobody is erased
    "accounts POST /users/{user_id}/erasure": Rule(roles(ADMIN, CS)),
    "accounts POST /me/email": Rule(),
    "accounts POST /me/email/confirm": Rule(),
    # enrollment: bookings follow the login email that placed them (R-A4).
    "enrollment POST /courses": Rule(roles(PLANNER, CS, ADMIN)),
    "enrollment POST /sessions": Rule(roles(PLANNER, CS, ADMIN)),
    "enrollment GET /companies": Rule(STAFF),
    "enrollment POST /companies/{company_id}/agreements": Rule(STAFF),
    "enrollment GET /companies/{company_id}/agreements": Rule(STAFF),
    "enrollment GET /companies/{company_id}/agreements/{agreement_id}": Rule(STAFF),
    "enrollment POST /bookings": Rule(roles(INDIVIDUAL, MANAGER, CS, ADMIN)),
    # lists: a caller's own, or an empty page (issue 13); staff see and search all
    "enrollment GET /bookings": Rule(
        query=lambda p, s: {"company_id": p.sides[OTHER[s]].company_id}
    ),
    "enrollment GET /bookings/pending": Rule(STAFF),
    "enrollment GET /bookings/{booking_id}": Rule(owners="placer", foreign=403, sees_all=STAFF),
    "enrollment POST /bookings/{booking_id}/validate": Rule(STAFF),
    "enrollment POST /bookings/{booking_id}/reject": Rule(STAFF),
    "enrollment POST /bookings/{booking_id}/change-requests": Rule(
        owners="placer",
        foreign=403,
        sees_all=STAFF,
        body=json_body(lambda p, s: {"kind": "cancel", "message": "please"}),
    ),
    "enrollment GET /change-requests": Rule(
        query=lambda p, s: {"booking_id": ids(p, OTHER[s])["other booking"], "state": "all"}
    ),
    "enrollment GET /change-requests/{request_id}": Rule(
        owners="placer", foreign=403, sees_all=STAFF
    ),
    "enrollment POST /change-requests/{request_id}/resolve": Rule(STAFF),
    # incompany: another company's things answer 404, as if they did not exist.
    "incompany POST /courses": Rule(roles(PLANNER, ADMIN)),
    "incompany PUT /courses/{code}": Rule(roles(PLANNER, ADMIN)),
    "incompany GET /courses": Rule(roles(MANAGER, HR, PLANNER, CS, ADMIN, TRAINER)),
    "incompany GET /courses/{code}": Rule(roles(MANAGER, HR, PLANNER, CS, ADMIN, TRAINER)),
    "incompany POST /training-plans": Rule(roles(MANAGER, HR)),
    "incompany GET /training-plans": Rule(
        roles(MANAGER, HR, PLANNER, CS, ADMIN),
        query=lambda p, s: {"company_id": p.sides[OTHER[s]].company_id},
    ),
    "incompany GET /training-plans/{plan_id}": Rule(
        roles(MANAGER, HR, PLANNER, CS, ADMIN), owners="company"
    ),
    "incompany GET /training-plans/{plan_id}/document": Rule(
        roles(MANAGER, HR, PLANNER, CS, ADMIN), owners="company"
    ),
    "incompany POST /requests": Rule(roles(MANAGER, HR)),
    "incompany GET /requests": Rule(
        roles(MANAGER, HR, PLANNER, CS, ADMIN, TRAINER),
        query=lambda p, s: {"company_id": p.sides[OTHER[s]].company_id},
    ),
    "incompany GET /requests/{request_id}": Rule(
        roles(MANAGER, HR, PLANNER, CS, ADMIN, TRAINER),
        owners="company",
        sees_all=roles(PLANNER, CS, ADMIN, TRAINER),
    ),
    "incompany POST /requests/{request_id}/availability": Rule(
        roles(PLANNER, ADMIN, TRAINER), owners="company", sees_all=roles(PLANNER, ADMIN, TRAINER)
    ),
    "incompany GET /requests/{request_id}/availability": Rule(
        roles(PLANNER, ADMIN, TRAINER), owners="company", sees_all=roles(PLANNER, ADMIN, TRAINER)
    ),
    "incompany GET /requests/{request_id}/availability/{slot_id}": Rule(
        roles(PLANNER, ADMIN, TRAINER), owners="company", sees_all=roles(PLANNER, ADMIN, TRAINER)
    ),
    "incompany POST /requests/{request_id}/proposals": Rule(roles(PLANNER, ADMIN)),
    "incompany POST /requests/{request_id}/confirm": Rule(
        roles(MANAGER, HR),
        owners="company",
        body=json_body(lambda p, s: {"proposal_id": UNKNOWN}),
    ),
    "incompany POST /requests/{request_id}/confirmation": Rule(  # deprecated alias
        roles(MANAGER, HR),
        owners="company",
        body=json_body(lambda p, s: {"proposal_id": UNKNOWN}),
    ),
    "incompany POST /attestations": Rule(roles(HR)),
    "incompany GET /attestations/mine": Rule(roles(HR)),
    "incompany GET /attestations": Rule(STAFF),
    "incompany GET /attestations/{attestation_id}": Rule(roles(HR, CS, ADMIN), owners="hr"),
    "incompany GET /attestations/{attestation_id}/document": Rule(
        roles(HR, CS, ADMIN), owners="hr"
    ),
    "incompany POST /attestations/{attestation_id}/approve": Rule(STAFF),
    "incompany POST /attestations/{attestation_id}/reject": Rule(STAFF),
    "incompany POST /attestations/{attestation_id}/approval": Rule(STAFF),  # deprecated alias
    "incompany POST /attestations/{attestation_id}/rejection": Rule(STAFF),  # deprecated alias
    "incompany GET /groups": Rule(
        roles(MANAGER, HR, PLANNER, CS, ADMIN, TRAINER),
        query=lambda p, s: {"company_id": p.sides[OTHER[s]].company_id},
    ),
    "incompany GET /groups/{group_id}": Rule(
        roles(MANAGER, HR, PLANNER, CS, ADMIN, TRAINER), owners="company"
    ),
    "incompany PUT /groups/{group_id}/class-link": Rule(roles(PLANNER, ADMIN)),
    "incompany PUT /groups/{group_id}/schedule": Rule(roles(PLANNER, ADMIN)),
    "incompany POST /groups/{group_id}/cancel": Rule(
        roles(HR, CS, ADMIN),
        owners="hr",
        sees_all=STAFF,
        body=json_body(lambda p, s: {"reason": "changed our minds"}),
    ),
    "incompany POST /groups/{group_id}/cancellation": Rule(  # deprecated alias
        roles(HR, CS, ADMIN),
        owners="hr",
        sees_all=STAFF,
        body=json_body(lambda p, s: {"reason": "changed our minds"}),
    ),
    "incompany PUT /groups/{group_id}/attendance": Rule(roles(TRAINER, PLANNER, ADMIN)),
    "incompany GET /groups/{group_id}/evaluations": Rule(
        roles(HR, PLANNER, CS, ADMIN), owners="hr"
    ),
    "incompany GET /groups/{group_id}/evaluation-results": Rule(
        roles(HR, PLANNER, CS, ADMIN), owners="hr"
    ),
    "incompany GET /groups/{group_id}/deadlines": Rule(
        roles(HR, PLANNER, CS, ADMIN), owners="company"
    ),
    "incompany GET /groups/{group_id}/participants": Rule(
        roles(HR, PLANNER, CS, ADMIN, TRAINER), owners="hr"
    ),
    "incompany POST /groups/{group_id}/participants": Rule(
        roles(HR),
        owners="hr",
        body=json_body(
            lambda p, s: {
                "full_name": "Intruder",
                "email": "intruder@x.example",
                "national_register_number": "85073003328",
            }
        ),
    ),
    "incompany GET /groups/{group_id}/participants/{participant_id}": Rule(
        roles(HR, PLANNER, CS, ADMIN, TRAINER), owners="hr"
    ),
    "incompany DELETE /groups/{group_id}/participants/{participant_id}": Rule(
        roles(HR), owners="hr"
    ),
    "incompany POST /participants/search": Rule(
        roles(HR, PLANNER, CS, ADMIN),
        owners="hr",
        foreign=200,  # answered, but with nothing of the other company (the leak check)
        changes=False,
        body=json_body(lambda p, s: {"national_register_number": ids(p, s)["nrn"]}),
    ),
    "incompany POST /participants/erasures": Rule(
        roles(CS, ADMIN),
        body=json_body(lambda p, s: {"national_register_number": ids(p, s)["nrn"]}),
    ),
    # matched on the caller's verified email: anyone else's is an empty page, never 403
    "incompany GET /me/participations": Rule(),
    "incompany GET /me/participations/{participant_id}": Rule(
        owners="participant", sees_all=frozenset()
    ),
    "incompany GET /me/participations/{participant_id}/evaluation": Rule(
        owners="participant",
        sees_all=frozenset(),
        changes=True,  # the seeded class is ahead, unanswered: its owner tries an unknown id
    ),
    "incompany POST /me/participations/{participant_id}/evaluation": Rule(
        roles(PARTICIPANT),
        owners="participant",
        body=json_body(
            lambda p, s: {"ratings": {"content": 5, "trainer": 5, "organisation": 5, "platform": 5}}
        ),
    ),
    # billing: a customer sees what is billed to their email or their company.
    "billing POST /invoices": Rule(STAFF),
    "billing GET /invoices": Rule(
        query=lambda p, s: {"reference_id": ids(p, OTHER[s])["booking"]},
    ),
    "billing GET /invoices/{invoice_id}": Rule(
        roles(INDIVIDUAL, MANAGER, HR, CS, ADMIN), owners="company", foreign=403
    ),
    "billing GET /invoices/{invoice_id}/pdf": Rule(
        roles(INDIVIDUAL, MANAGER, HR, CS, ADMIN), owners="company", foreign=403
    ),
    "billing GET /credit-notes": Rule(
        query=lambda p, s: {"reference_id": ids(p, OTHER[s])["other booking"]},
    ),
    "billing GET /credit-notes/{credit_note_id}/pdf": Rule(
        roles(INDIVIDUAL, MANAGER, HR, CS, ADMIN), owners="company", foreign=403
    ),
    "billing GET /billables/{reference_id}": Rule(STAFF),
    "billing GET /billables": Rule(STAFF),
    # notifications: what was sent to the caller; staff see every message.
    "notifications GET /messages": Rule(),
    "notifications POST /messages/{message_id}/resend": Rule(STAFF),
}

PATH_IDS: dict[tuple[str, str], str] = {
    ("accounts", "company_id"): "company",
    ("accounts", "user_id"): "user",
    ("enrollment", "company_id"): "company",
    ("enrollment", "booking_id"): "booking",
    ("enrollment", "request_id"): "change request",
    ("enrollment", "agreement_id"): "agreement",
    ("incompany", "plan_id"): "plan",
    ("incompany", "request_id"): "request",
    ("incompany", "attestation_id"): "attestation",
    ("incompany", "group_id"): "group",
    ("incompany", "participant_id"): "participant",
    ("incompany", "slot_id"): "availability",
    ("billing", "invoice_id"): "invoice",
    ("billing", "credit_note_id"): "credit note",
    ("billing", "reference_id"): "booking",
    ("notifications", "message_id"): "message",
}
PUBLIC_PATH_IDS = {"session_id": "session", "code": "IC-SEC", "course_code": "SEC-101"}

KNOWN_BUGS: dict[str, str] = {}
"""Route -> the bug the matrix finds there, for routes of services this suite may not edit."""

ROUTES = served_routes(SERVICES)


def public_reason(service: str, method: str, path: str) -> str | None:
    return PUBLIC.get(f"{method} {path}") or PUBLIC.get(route_key(service, method, path))


@dataclass
class Outcome:
    """What the matrix saw: calls made, and what went wrong."""

    calls: int = 0
    failures: list[str] = field(default_factory=list)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def world(platform, secrets):
    await platform.seed_world(secrets)
    return platform


@pytest.fixture(scope="module")
def tally(ledger):
    totals = {"calls": 0, "routes": 0, "failures": 0}
    yield totals
    ledger.note(
        f"authorization matrix: {totals['calls']} calls over {totals['routes']} routes of 5 "
        f"services; {totals['failures']} unexpected answers (leaks included)"
    )


def owns(person: Any, side: str, owners: str | None) -> bool:
    if owners is None or person.side != side:
        return False
    return {
        "company": person.role in (MANAGER, HR),
        "placer": person.role == MANAGER,
        "manager": person.role == MANAGER,
        "hr": person.role == HR,
        "participant": person.role == PARTICIPANT,
    }[owners]


def fill(path: str, service: str, platform: Any, side: str, unknown: bool = False) -> str:
    """The path with the ids of `side`'s resources (or unknown ones)."""
    filled = path
    for (owner, name), kind in PATH_IDS.items():
        if owner == service and "{" + name + "}" in filled:
            value = (
                platform.sides[side].company_id if kind == "company" else ids(platform, side)[kind]
            )
            filled = filled.replace("{" + name + "}", UNKNOWN if unknown else value)
    for name, kind in PUBLIC_PATH_IDS.items():
        value = platform.public_ids.get(kind, kind)
        filled = filled.replace("{" + name + "}", value)
    return filled


def sent_text(path: str, request: dict[str, Any]) -> str:
    return path + json.dumps(request, default=str)


def leaks(person: Any, platform: Any, text: str, sent: str) -> list[str]:
    """Another company's private text found in what `person` received, minus what it sent."""
    if person.role in (ADMIN, CS, PLANNER, TRAINER):
        return []
    others = [s for name, s in platform.sides.items() if name != person.side]
    return sorted(
        secret
        for side in others
        for secret in side.private
        if secret in text and secret not in sent
    )


async def check_route(platform: Any, service: str, method: str, path: str) -> Outcome:
    outcome = Outcome()
    key = route_key(service, method, path)
    client = platform.client(service)

    async def call(who: str, target: str, expected: set[int] | None, **request: Any) -> Any:
        answer = await client.request(method, target, **request)
        outcome.calls += 1
        status = answer.status_code
        if status >= 500 or (expected is not None and status not in expected):
            wanted = "/".join(map(str, sorted(expected))) if expected else "< 500"
            outcome.failures.append(
                f"{key} as {who} on {target}: {status}, expected {wanted}: {answer.text[:200]}"
            )
        return answer

    public = public_reason(service, method, path)
    optional = OPTIONAL_TOKEN.get(key)
    rule = RULES.get(key)
    if public is None and optional is None and rule is None:
        outcome.failures.append(f"{key}: no rule says who may call it; add one to RULES")
        return outcome
    manager_a = platform.people["manager A"]
    forged = platform.tokens.forged(manager_a.token)
    any_target = fill(path, service, platform, A)
    bad_token_status = None if public else {401}
    await call("nobody", any_target, {200} if optional else bad_token_status, **NOT_AN_OBJECT)
    for defect, token in forged.items():
        headers = {"Authorization": f"Bearer {token}"}
        await call(f"a token {defect}", any_target, bad_token_status, headers=headers)
    if public is not None:
        return outcome
    if optional is not None:
        for person in platform.people.values():
            for side in (A, B):
                target = fill(path, service, platform, side)
                answer = await call(person.key, target, {200}, headers=person.headers)
                found = leaks(person, platform, answer.text, target)
                if found:
                    outcome.failures.append(f"{key}: {person.key} received {found}")
        return outcome
    assert rule is not None
    changes = rule.changes if rule.changes is not None else method != "GET"
    for person in platform.people.values():
        if person.role == PARTICIPANT and service == "accounts":
            continue  # accounts makes no participant accounts yet: its token has no session
        for side in (A, B) if "{" in path else (person.side or A,):
            target = fill(path, service, platform, side)
            valid = rule.body(platform, side) if rule.body else {}
            query = {"params": rule.query(platform, side)} if rule.query else {}
            admitted = person.role in rule.roles
            sees = (
                rule.owners is None
                or person.role in rule.staff()
                or owns(person, side, rule.owners)
            )
            request: dict[str, Any] = {"headers": person.headers, **query}
            if not admitted:
                expected, request = {403}, {**request, **(valid or NOT_AN_OBJECT)}
            elif not sees:
                expected, request = {rule.foreign}, {**request, **valid}
            elif rule.skip_admitted:
                continue
            elif not changes:
                expected, request = {200}, {**request, **valid}
            elif "body" in _parameters(service, method, path):
                expected, request = {422}, {**request, **NOT_AN_OBJECT}
            else:
                target = fill(path, service, platform, side, unknown=True)
                expected = {404}
            answer = await call(person.key, target, expected, **request)
            found = leaks(person, platform, answer.text, sent_text(target, request))
            if found:
                outcome.failures.append(f"{key}: {person.key} received {found} from {target}")
    return outcome


def _parameters(service: str, method: str, path: str) -> set[str]:
    """'body' if the route reads a body (JSON or form), else nothing."""
    return BODIES.get(route_key(service, method, path), set())


BODIES = routes_reading_a_body(SERVICES)


def _param(service: str, method: str, path: str) -> Any:
    key = route_key(service, method, path)
    marks = []
    if key in KNOWN_BUGS:
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[key]))
    return pytest.param(service, method, path, id=key, marks=marks)


@pytest.mark.parametrize(("service", "method", "path"), [_param(*r) for r in ROUTES])
async def test_each_route_admits_exactly_whom_it_should(world, tally, service, method, path):
    outcome = await check_route(world, service, method, path)
    tally["calls"] += outcome.calls
    tally["routes"] += 1
    tally["failures"] += len(outcome.failures)
    assert outcome.calls > 0
    assert not outcome.failures, "\n".join(outcome.failures)


def test_every_route_is_classified_once():
    """A route is public, optionally authenticated, or has a rule; never two of these."""
    keys = {route_key(*r) for r in ROUTES}
    for key in keys:
        service, method, path = key.split(" ", 2)
        kinds = [
            public_reason(service, method, path) is not None,
            key in OPTIONAL_TOKEN,
            key in RULES,
        ]
        assert sum(kinds) == 1, f"{key} is classified {sum(kinds)} times"
    assert not (set(RULES) - keys), f"rules for routes that do not exist: {set(RULES) - keys}"


def test_the_forged_tokens_differ_from_the_good_one_only_by_their_defect(world):
    """The matrix's forged tokens would be accepted but for their defect: a sanity check."""
    import jwt

    good = world.people["manager A"].token
    forged = world.tokens.forged(good)
    verifier = world.services["enrollment"].runtime.tokens
    assert verifier.verify(good).email == "manager@company-a.example"
    claims = jwt.decode(good, options={"verify_signature": False})
    resigned = world.tokens.sign(claims)
    assert verifier.verify(resigned).user_id == uuid.UUID(claims["sub"])
    assert len(forged) == 10
