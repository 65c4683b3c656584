"""Bad input over HTTP, on every service: too big, too deep, unstorable, or blank.

- Request limits (chassis/limits.py, one middleware for all): a body over
  `max_request_bytes` is refused with 413 before any endpoint runs, announced
  or streamed (chunked); a JSON body nested deeper than `max_json_depth` gets
  422; each with a message saying which limit. Document uploads have their own,
  larger limit.
- Values the schema lets through but PostgreSQL cannot hold (a NUL character,
  a number beyond 64 bits) are 422, not 500 (chassis/refusals.py).
- A required name or title made only of spaces is refused with 422, rather
  than stored empty or failing later (a 500) when the event contract refuses it.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from chassis.settings import ServiceSettings

pytestmark = [pytest.mark.postgres]

LIMIT = ServiceSettings.model_fields["max_request_bytes"].default
UPLOAD_LIMIT = ServiceSettings.model_fields["max_upload_bytes"].default
DEPTH = ServiceSettings.model_fields["max_json_depth"].default

# One writing route per service, with who may call it: the limits hold before any of it runs.
WRITES = {
    "accounts": ("POST", "/register", None),
    "enrollment": ("POST", "/courses", "planner"),
    "incompany": ("POST", "/courses", "planner"),
    "billing": ("POST", "/invoices", "customer_service"),
    "notifications": ("POST", "/messages/00000000-0000-4000-8000-000000000000/resend", "admin"),
}


def nested(depth: int) -> bytes:
    return ('{"a":' * (depth - 1) + "[1]" + "}" * (depth - 1)).encode()


def headers_of(platform: Any, who: str | None, **extra: str) -> dict[str, str]:
    return {**(platform.people[who].headers if who else {}), **extra}


@pytest.mark.parametrize("service", list(WRITES))
async def test_a_body_over_the_limit_is_refused_with_413_announced_or_streamed(platform, service):
    method, path, who = WRITES[service]
    body = b'{"padding": "' + b"x" * LIMIT + b'"}'
    announced = await platform.call(
        service,
        method,
        path,
        content=body,
        headers=headers_of(platform, who, **{"content-type": "application/json"}),
    )

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    streamed = await platform.call(
        service,
        method,
        path,
        content=chunks(),
        headers=headers_of(platform, who, **{"content-type": "application/json"}),
    )
    for answer in (announced, streamed):
        assert answer.status_code == 413, answer.text
        assert answer.json()["detail"] == f"a request body may not exceed {LIMIT} bytes"
        assert answer.json()["code"] == "content_too_large"
    assert "content-length" not in streamed.request.headers


@pytest.mark.parametrize("service", list(WRITES))
async def test_json_nested_deeper_than_the_limit_is_refused_with_422(platform, service):
    method, path, who = WRITES[service]
    headers = headers_of(platform, who, **{"content-type": "application/json"})
    too_deep = await platform.call(
        service, method, path, content=nested(DEPTH + 1), headers=headers
    )
    assert too_deep.status_code == 422, too_deep.text
    assert too_deep.json()["detail"] == f"the JSON body may not nest deeper than {DEPTH} levels"
    at_the_limit = await platform.call(
        service, method, path, content=nested(DEPTH), headers=headers
    )
    assert at_the_limit.status_code < 500, at_the_limit.text
    assert "nest deeper" not in at_the_limit.text


async def test_a_body_just_under_the_limit_reaches_the_endpoint(platform):
    course = {"code": "BIG-1", "title": "Big", "list_price": "1.00"}
    course["description"] = "d" * 4000
    padding = LIMIT - len(json.dumps(course)) - 100
    body = json.dumps({**course, "padding": " " * padding}).encode()
    assert LIMIT - 200 < len(body) <= LIMIT
    answer = await platform.call(
        "enrollment",
        "POST",
        "/courses",
        content=body,
        headers=headers_of(platform, "planner", **{"content-type": "application/json"}),
    )
    assert answer.status_code == 422, answer.text  # the endpoint's own answer: extra field
    assert answer.json()["errors"][0]["field"] == "body.padding"


async def test_documents_have_their_own_larger_limit(platform):
    hr = platform.people["hr B"].headers
    document = b"%PDF-1.4 " + b"0" * (2 * LIMIT)
    accepted = await platform.call(
        "incompany",
        "POST",
        "/attestations",
        data={"full_name": "Hanna B", "position_title": "HR"},
        files={"document": ("big.pdf", document, "application/pdf")},
        headers=hr,
    )
    assert accepted.status_code != 413, accepted.text
    assert accepted.status_code < 500, accepted.text
    too_big = await platform.call(
        "incompany",
        "POST",
        "/attestations",
        data={"full_name": "Hanna B", "position_title": "HR"},
        files={"document": ("huge.pdf", b"0" * (UPLOAD_LIMIT + 1), "application/pdf")},
        headers=hr,
    )
    assert too_big.status_code == 413, too_big.text
    assert too_big.json()["detail"] == f"an upload may not exceed {UPLOAD_LIMIT} bytes"


NUL = "a\x00b"
UNSTORABLE = [
    (
        "accounts",
        "POST",
        "/register",
        None,
        {
            "json": {
                "email": "nul@example.com",
                "password": "correct horse battery",
                "full_name": NUL,
            }
        },
    ),
    (
        "accounts",
        "POST",
        "/staff",
        "admin",
        {"json": {"email": "nul-staff@example.com", "full_name": NUL, "role": "trainer"}},
    ),
    (
        "enrollment",
        "POST",
        "/courses",
        "planner",
        {"json": {"code": "NUL-1", "title": NUL, "list_price": "1.00"}},
    ),
    ("enrollment", "GET", "/sessions", None, {"params": {"course": NUL}}),
    (
        "incompany",
        "POST",
        "/courses",
        "planner",
        {"json": {"code": "NUL-1", "title": NUL, "duration_minutes": 60}},
    ),
    ("incompany", "GET", "/courses/a%00b", "planner", {}),
    ("incompany", "GET", "/groups", "planner", {"params": {"reference": NUL}}),
    ("notifications", "GET", "/messages", "admin", {"params": {"recipient": f"a{NUL}@b.c"}}),
]


@pytest.mark.parametrize(
    ("service", "method", "path", "who", "request_"),
    UNSTORABLE,
    ids=[f"{s} {m} {p} {json.dumps(r)[:40]}" for s, m, p, _, r in UNSTORABLE],
)
async def test_a_value_the_database_cannot_hold_is_422_not_500(
    platform, service, method, path, who, request_
):
    answer = await platform.call(
        service, method, path, headers=headers_of(platform, who), **request_
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"].startswith("the request holds a value the service cannot handle")
    assert NUL not in answer.text
    assert "9" * 30 not in answer.text


BLANK = [
    pytest.param(
        "accounts",
        "POST",
        "/register",
        None,
        {"email": "blank@example.com", "password": "correct horse battery", "full_name": " \t"},
        id="accounts register full_name",
    ),
    pytest.param(
        "accounts",
        "POST",
        "/companies/register",
        None,
        {
            "legal_name": "  ",
            "country": "FR",
            "registration_number": "552100554",
            "email": "blank-co@example.com",
            "password": "correct horse battery",
            "full_name": "B",
        },
        id="accounts companies/register legal_name",
    ),
    pytest.param(
        "accounts",
        "POST",
        "/staff",
        "admin",
        {"email": "blank-staff@example.com", "full_name": " ", "role": "trainer"},
        id="accounts staff full_name",
    ),
    pytest.param(
        "enrollment",
        "POST",
        "/courses",
        "planner",
        {"code": "BLANK-1", "title": "   ", "list_price": "1.00"},
        id="enrollment course title",
    ),
    pytest.param(
        "incompany",
        "POST",
        "/courses",
        "planner",
        {"code": "BLANK-1", "title": "   ", "duration_minutes": 60},
        id="incompany course title",
    ),
]


@pytest.mark.parametrize(("service", "method", "path", "who", "body"), BLANK)
async def test_a_required_name_made_of_spaces_is_refused_with_422(
    platform, service, method, path, who, body
):
    answer = await platform.call(
        service, method, path, json=body, headers=headers_of(platform, who)
    )
    assert answer.status_code == 422, answer.text
