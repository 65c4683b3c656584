"""The portal's pages over HTTP, the services replaced by a fake gateway (httpx.MockTransport).

What is checked here holds for every page, whatever the services answer: security
headers and the strict CSP, the sealed session cookie, CSRF on every POST, the
`Idempotency-Key` of a form reaching the API, refusals shown on their field with what
was typed kept, a service away shown as "try again" (503) with the form kept, an
expired session sent to the login page, the reader's language.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient

from portal.adapters.api import Api, Tokens
from portal.service import create_app
from portal.settings import PortalSettings

PACKAGE = Path(__file__).resolve().parents[1] / "portal"
KEY = Fernet.generate_key().decode()
ACCOUNT = {
    "id": "7d3c1f0e-2b8a-4c55-9a43-1f2e3d4c5b6a",
    "email": "manon@corp.example",
    "full_name": "Manon Martin",
    "language": "fr",
    "account_kind": "company",
    "roles": ["enrollment_manager"],
    "company_id": "0c6e1a52-61a4-4c1c-8a5e-3f3b8f6d2e10",
    "created_at": "2027-01-04T09:00:00+01:00",
}
SESSION = {
    "id": "5f1e2d3c-4b5a-4678-9abc-def012345678",
    "course_id": "1e2d3c4b-5a69-4788-9abc-def012345679",
    "course_code": "PY-101",
    "course_title": "Python pour débutants",
    "starts_at": "2027-02-15T09:00:00+01:00",
    "ends_at": "2027-02-15T17:00:00+01:00",
    "location": "remote",
    "seats": 12,
    "seats_left": 11,
    "price": "1234.50",
    "agreement_price": False,
}


class FakeGateway:
    """Answers the portal's calls from a table of (method, path) -> answer; records them."""

    def __init__(self) -> None:
        self.calls: list[httpx.Request] = []
        self.answers: dict[tuple[str, str], Callable[[httpx.Request], httpx.Response]] = {
            ("GET", "/enrollment/sessions"): lambda r: httpx.Response(200, json=[SESSION]),
            ("GET", "/enrollment/courses"): lambda r: httpx.Response(200, json=[]),
            ("POST", "/accounts/token"): lambda r: httpx.Response(
                200, json={"access_token": "a.b.c", "token_type": "bearer", "expires_in": 900}
            ),
            ("GET", "/accounts/me"): lambda r: httpx.Response(200, json=ACCOUNT),
            ("GET", "/enrollment/bookings"): lambda r: httpx.Response(200, json=[]),
        }

    def answer(self, method: str, path: str, status: int, body: Any = None) -> None:
        def respond(_: httpx.Request) -> httpx.Response:
            if status >= 400:
                return httpx.Response(
                    status,
                    content=json.dumps(body or {}),
                    headers={"content-type": "application/problem+json"},
                )
            return httpx.Response(status, json=body)

        self.answers[(method, path)] = respond

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        respond = self.answers.get((request.method, request.url.path))
        if respond is None:
            return httpx.Response(404, json={"code": "no_such_route", "detail": "nothing"})
        return respond(request)


@pytest.fixture
def gateway() -> FakeGateway:
    return FakeGateway()


def portal(transport: httpx.AsyncBaseTransport) -> TestClient:
    settings = PortalSettings(
        service_name="portal",
        api_base_url="http://gateway.test",
        session_keys=(KEY,),
        secure_cookies=False,
    )
    return TestClient(create_app(settings, transport=transport), follow_redirects=False)


@pytest.fixture
def browser(gateway: FakeGateway) -> Iterator[TestClient]:
    with portal(httpx.MockTransport(gateway)) as client:
        client.headers["Accept-Language"] = "fr-BE,fr;q=0.9"
        yield client


def csrf_of(page: httpx.Response) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def log_in(browser: TestClient) -> None:
    page = browser.get("/login")
    answer = browser.post(
        "/login",
        data={"csrf_token": csrf_of(page), "email": ACCOUNT["email"], "password": "x" * 12},
    )
    assert answer.status_code == 303, answer.text


def test_every_page_has_the_strict_policy_and_the_security_headers(browser) -> None:
    page = browser.get("/")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "form-action 'self'" in policy
    assert "base-uri 'none'" in policy
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store"
    assert browser.get("/static/portal.css").headers["cache-control"].startswith("public")


def test_no_template_holds_inline_script_style_or_event_handler() -> None:
    for template in (PACKAGE / "templates").rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name
        assert not re.search(r"<style|\sstyle=", text), template.name
        assert not re.search(r"\son[a-z]+=", text), template.name
        assert "hx-on" not in text, template.name
        assert "hx-vars" not in text, template.name


def test_the_vendored_htmx_is_the_published_file() -> None:
    vendored = PACKAGE / "static" / "vendor" / "htmx-2.0.11.min.js"
    digest = hashlib.sha256(vendored.read_bytes()).hexdigest()
    assert digest == "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"
    assert (PACKAGE / "static" / "vendor" / "htmx-LICENSE.txt").exists()


def test_logging_in_keeps_the_token_in_a_sealed_httponly_cookie_only(browser, gateway) -> None:
    log_in(browser)
    cookie = next(c for c in browser.cookies.jar if c.name == "session")
    assert "a.b.c" not in cookie.value  # sealed: the token cannot be read from it
    header = next(h for h in gateway.calls if h.url.path == "/accounts/me").headers["authorization"]
    assert header == "Bearer a.b.c"
    page = browser.get("/enrollments")
    assert page.status_code == 200
    assert "a.b.c" not in page.text
    assert "Manon Martin" in page.text
    login = browser.post("/login", data={"csrf_token": "x"})
    assert login.status_code == 403


def test_the_cookie_is_httponly_samesite_lax_and_secure_outside_development(gateway) -> None:
    settings = PortalSettings(
        service_name="portal", api_base_url="http://gateway.test", session_keys=(KEY,)
    )
    app = create_app(settings, transport=httpx.MockTransport(gateway))
    with TestClient(app, base_url="https://portal.test") as client:
        page = client.get("/login")
        set_cookie = page.headers["set-cookie"]
    assert set_cookie.startswith("__Host-session=")
    assert "HttpOnly" in set_cookie
    assert "SameSite=Lax" in set_cookie
    assert "Secure" in set_cookie
    assert "Path=/" in set_cookie
    assert "Domain" not in set_cookie


def test_a_post_without_the_sessions_csrf_field_is_refused(browser, gateway) -> None:
    browser.get("/forgot-password")
    answer = browser.post("/forgot-password", data={"email": "a@b.example"})
    assert answer.status_code == 403
    assert "Ce formulaire a expiré" in answer.text
    assert not [c for c in gateway.calls if c.url.path == "/accounts/password/forgot"]


def test_a_form_sends_the_idempotency_key_it_was_rendered_with(browser, gateway) -> None:
    gateway.answer("POST", "/accounts/password/forgot", 202, {"detail": "ok"})
    page = browser.get("/forgot-password")
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page.text).group(1)
    for _ in range(2):  # a double submit: the same key twice, the API replays
        answer = browser.post(
            "/forgot-password",
            data={"csrf_token": csrf_of(page), "idempotency_key": key, "email": "a@b.example"},
        )
        assert answer.status_code == 200
    sent = [c for c in gateway.calls if c.url.path == "/accounts/password/forgot"]
    assert [c.headers["idempotency-key"] for c in sent] == [key, key]


def test_a_refused_field_shows_beside_it_and_the_form_keeps_what_was_typed(
    browser, gateway
) -> None:
    gateway.answer(
        "POST",
        "/accounts/companies/register",
        422,
        {
            "type": "/problems/invalid_registration_number",
            "title": "Données non valables",
            "status": 422,
            "detail": "numéro SIREN ou SIRET non valable",
            "code": "invalid_registration_number",
            "errors": [
                {
                    "field": "registration_number",
                    "code": "invalid_registration_number",
                    "message": "not a valid SIREN/SIRET",
                }
            ],
        },
    )
    page = browser.get("/register/company")
    answer = browser.post(
        "/register/company",
        data={
            "csrf_token": csrf_of(page),
            "legal_name": "Corp SAS",
            "country": "FR",
            "registration_number": "732829321",
            "full_name": "Manon Martin",
            "email": "manon@corp.example",
            "password": "a secret passphrase",
        },
    )
    assert answer.status_code == 422
    assert re.search(r'id="e-registration-number">numéro SIREN ou SIRET non valable<', answer.text)
    assert 'aria-invalid="true"' in answer.text
    assert 'value="Corp SAS"' in answer.text
    assert 'value="732829321"' in answer.text
    assert "a secret passphrase" not in answer.text  # never a password in a page
    assert "Traceback" not in answer.text
    assert '"errors"' not in answer.text
    forwarded = next(c for c in gateway.calls if c.url.path == "/accounts/companies/register")
    assert forwarded.headers["accept-language"] == "fr"


def test_a_service_away_shows_try_again(gateway) -> None:
    def away(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with portal(httpx.MockTransport(away)) as client:
        page = client.get("/", headers={"Accept-Language": "fr"})
    assert page.status_code == 503
    assert "Service momentanément indisponible" in page.text
    assert page.headers["retry-after"] == "5"


def test_a_503_on_a_form_keeps_the_form_and_says_try_again(browser, gateway) -> None:
    gateway.answer("POST", "/accounts/token", 503, {"code": "database_unavailable"})
    page = browser.get("/login")
    answer = browser.post(
        "/login",
        data={"csrf_token": csrf_of(page), "email": "kept@example.be", "password": "x" * 12},
    )
    assert answer.status_code == 503
    assert 'value="kept@example.be"' in answer.text
    assert "Réessayez dans quelques secondes" in answer.text


def test_an_expired_session_leads_to_the_login_page_and_back(browser, gateway) -> None:
    log_in(browser)
    gateway.answer("GET", "/enrollment/bookings", 401, {"code": "invalid_token"})
    answer = browser.get("/enrollments")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=%2Fenrollments"
    assert "Votre session a expiré" in browser.get("/login").text


def test_a_page_for_signed_in_people_asks_to_log_in_first(browser) -> None:
    answer = browser.get("/confirm-email?token=abc")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=%2Fconfirm-email%3Ftoken%3Dabc"


def test_next_never_leads_to_another_site(browser) -> None:
    page = browser.get("/login?next=//evil.example/x")
    assert "//evil.example" not in page.text
    switch = browser.get("/language/nl?next=https://evil.example")
    assert switch.headers["location"] == "/"


def test_the_reader_chooses_the_language_or_the_browser_does(browser) -> None:
    assert "Sessions de formation" in browser.get("/").text
    dutch = browser.get("/", headers={"Accept-Language": "nl-BE,nl;q=0.9"})
    assert "Opleidingssessies" in dutch.text
    assert 'lang="nl"' in dutch.text
    browser.get("/language/en?next=/")
    assert "Training sessions" in browser.get("/").text


def test_staff_pages_are_refused_to_customers(browser) -> None:
    log_in(browser)
    assert browser.get("/staff/validations").status_code == 403


def test_an_unknown_page_is_a_page_not_a_trace(browser) -> None:
    answer = browser.get("/no/such/page")
    assert answer.status_code == 404
    assert "Cette page n&#39;existe pas" in answer.text


async def test_lists_are_read_whole_as_arrays_or_as_cursor_pages() -> None:
    pages = {
        None: {"items": [{"id": 1}, {"id": 2}], "next_cursor": "c1", "next": "/x?cursor=c1"},
        "c1": {"items": [{"id": 3}], "next_cursor": None, "next": None},
    }

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/enrollment/bookings/pending":
            return httpx.Response(200, json=pages[request.url.params.get("cursor")])
        return httpx.Response(200, json=[{"id": 9}])

    async with httpx.AsyncClient(
        transport=httpx.MockTransport(answer), base_url="http://gateway.test"
    ) as client:
        api = Api(client, Tokens(access="t"), "fr")
        assert [b["id"] for b in await api.pending_bookings()] == [1, 2, 3]
        assert [b["id"] for b in await api.my_bookings()] == [9]


async def test_a_refused_access_token_is_refreshed_once_when_a_refresh_token_is_held() -> None:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.url.path} {request.headers.get('authorization', '')}")
        if request.url.path == "/accounts/token/refresh":
            return httpx.Response(200, json={"access_token": "new", "refresh_token": "r2"})
        if request.headers.get("authorization") == "Bearer old":
            return httpx.Response(401, json={"code": "invalid_token"})
        return httpx.Response(200, json=ACCOUNT)

    async with httpx.AsyncClient(
        transport=httpx.MockTransport(answer), base_url="http://gateway.test"
    ) as client:
        tokens = Tokens(access="old", refresh="r1")
        assert (await Api(client, tokens, "fr").me())["email"] == ACCOUNT["email"]
    assert seen == [
        "/accounts/me Bearer old",
        "/accounts/token/refresh ",
        "/accounts/me Bearer new",
    ]
    assert (tokens.access, tokens.refresh, tokens.changed) == ("new", "r2", True)


# --- in-company pages and the test clock's banner ----------------------------------------------

HR_ACCOUNT = {**ACCOUNT, "email": "hanna@acme.example", "roles": ["hr"]}
GROUP_ID = "3c2b1a09-8f7e-4d6c-9b5a-4a3b2c1d0e0f"
GROUP = {
    "id": GROUP_ID,
    "reference": "IC2027-0001-01",
    "recap_line": "IC2027-0001/01 - Excel avancé - 12/04/2027 - 09:00-12:30",
    "course_title": "Excel avancé",
    "company_name": "Acme SA",
    "starts_at": "2027-04-12T07:00:00Z",
    "ends_at": "2027-04-12T10:30:00Z",
    "participants_until": "2027-04-09T07:00:00Z",
    "trainer_name": "Tina Trainer",
    "class_link": None,
    "state": "planned",
    "participant_count": 0,
}


def test_a_banner_says_the_platforms_time_while_a_test_clock_is_in_force(browser, gateway):
    assert "Horloge de test" not in browser.get("/").text
    gateway.answers[("GET", "/enrollment/sessions")] = lambda r: httpx.Response(
        200, json=[SESSION], headers={"X-Test-Clock": "2027-04-13T10:45:00+00:00"}
    )
    browser.get("/")  # an API answer carried the header ...
    page = browser.get("/login")  # ... and every page says it, even one calling no API
    assert "Horloge de test active : sur la plateforme, il est 13/04/2027 12:45" in page.text


def hr_group_page(browser, gateway) -> httpx.Response:
    gateway.answer("GET", "/accounts/me", 200, HR_ACCOUNT)
    for path, body in (
        (f"/incompany/groups/{GROUP_ID}", GROUP),
        (f"/incompany/groups/{GROUP_ID}/participants", []),
        (f"/incompany/groups/{GROUP_ID}/deadlines", []),
        (f"/incompany/groups/{GROUP_ID}/evaluation-results", {"responses": 0}),
        (f"/incompany/groups/{GROUP_ID}/evaluations", []),
    ):
        gateway.answer("GET", path, 200, body)
    log_in(browser)
    return browser.get(f"/hr/groups/{GROUP_ID}")


def test_hr_sees_a_wrong_national_register_number_on_its_field_before_any_api_call(
    browser, gateway
) -> None:
    page = hr_group_page(browser, gateway)
    assert page.status_code == 200
    assert 'hx-post="/hr/national-register-number"' in page.text  # checked as typed
    typed = {
        "csrf_token": csrf_of(page),
        "full_name": "Person 1",
        "email": "person1@acme.example",
        "national_register_number": "85.07.30-001.00",
        "language": "fr",
    }
    answer = browser.post(f"/hr/groups/{GROUP_ID}/participants", data=typed)
    assert answer.status_code == 422
    assert 'id="e-national-register-number"' in answer.text
    assert "chiffres de contrôle" in answer.text
    assert 'value="Person 1"' in answer.text  # the form kept
    assert not [c for c in gateway.calls if c.method == "POST" and "participants" in c.url.path]
    check = browser.post(
        "/hr/national-register-number",
        data={"csrf_token": typed["csrf_token"], "national_register_number": "85.07.30-001.60"},
    )
    assert "Numéro valide" in check.text


def test_hr_enters_a_participant_and_the_api_gets_the_number(browser, gateway) -> None:
    page = hr_group_page(browser, gateway)
    gateway.answer("POST", f"/incompany/groups/{GROUP_ID}/participants", 201, {"id": "x"})
    answer = browser.post(
        f"/hr/groups/{GROUP_ID}/participants",
        data={
            "csrf_token": csrf_of(page),
            "full_name": "Person 1",
            "email": "person1@acme.example",
            "national_register_number": "85.07.30-001.60",
            "language": "fr",
        },
    )
    assert answer.status_code == 303
    [sent] = [c for c in gateway.calls if c.method == "POST" and "participants" in c.url.path]
    assert json.loads(sent.content)["national_register_number"] == "85.07.30-001.60"
    assert sent.headers["Idempotency-Key"]


def test_a_participant_page_is_not_for_hr(browser, gateway) -> None:
    hr_group_page(browser, gateway)
    assert browser.get("/trainings").status_code == 403
    assert browser.get("/staff/incompany").status_code == 403


def test_a_participant_sees_one_training_and_the_evaluation_only_from_the_day_after(
    browser, gateway
) -> None:
    gateway.answer("GET", "/accounts/me", 200, {**ACCOUNT, "roles": ["participant"]})
    participation = {
        "participant_id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
        "course_title": "Excel avancé",
        "company_name": "Acme SA",
        "starts_at": "2027-04-12T07:00:00Z",
        "ends_at": "2027-04-12T10:30:00Z",
        "group_state": "planned",
        "class_link": None,
        "platform_url": "https://learn.example/start?sig=abc",
        "evaluation_answered": False,
    }
    pid = participation["participant_id"]
    gateway.answer("GET", f"/incompany/me/participations/{pid}", 200, participation)
    log_in(browser)
    page = browser.get(f"/trainings/{pid}")
    assert page.status_code == 200
    assert "https://learn.example/start?sig=abc" in page.text
    evaluation = browser.get(f"/trainings/{pid}/evaluation")
    assert "valuation ouvre le 13/04/2027" in evaluation.text  # real time: long before
    assert 'name="ratings.content"' not in evaluation.text


# --- the in-company lists: one table shape (templates/_tables.html) ----------------------------

REQUEST = {
    "id": "6b5a4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d",
    "course_title": "Excel avancé",
    "company_name": "Acme SA",
    "desired_from": "2027-04-01",
    "desired_until": "2027-05-01",
    "expected_participants": 8,
    "state": "submitted",
}


def table_of(page: httpx.Response) -> tuple[list[str], list[list[str]]]:
    """The table's headings, and per row each cell's data-label (what a phone shows)."""
    headings = re.findall(r'<th scope="col">([^<]*)</th>', page.text)
    rows = re.findall(r"<tr>(.*?)</tr>", page.text.split("<tbody>")[1], re.S)
    return headings, [re.findall(r'<td data-label="([^"]*)"', row) for row in rows]


@pytest.mark.parametrize(
    ("roles", "path", "link", "empty"),
    [
        (["hr"], "/hr/requests", "/hr/requests/", "Aucune demande pour l&#39;instant."),
        (
            ["planner"],
            "/staff/incompany",
            "/staff/incompany/requests/",
            "Aucune demande à planifier.",
        ),
        (["hr"], "/hr/groups", "/hr/groups/", "Aucun groupe pour l&#39;instant."),
        (
            ["customer_service"],
            "/staff/groups",
            "/staff/groups/",
            "Aucun groupe pour l&#39;instant.",
        ),
    ],
)
def test_every_in_company_list_labels_each_cell_with_its_column_on_a_narrow_screen(
    browser, gateway, roles, path, link, empty
) -> None:
    gateway.answer("GET", "/accounts/me", 200, {**ACCOUNT, "roles": roles})
    gateway.answer("GET", "/incompany/requests", 200, [REQUEST, {**REQUEST, "id": "other"}])
    gateway.answer("GET", "/incompany/groups", 200, [GROUP, {**GROUP, "id": "other"}])
    log_in(browser)
    page = browser.get(path)
    assert page.status_code == 200, page.text
    assert '<table class="responsive">' in page.text
    assert '<caption class="visually-hidden">' in page.text
    headings, rows = table_of(page)
    assert len(headings) >= 4
    assert rows == [headings, headings]  # every cell, in order, named by its column
    assert f'href="{link}{REQUEST["id"] if "requests" in link else GROUP_ID}"' in page.text
    gateway.answer("GET", "/incompany/requests", 200, [])
    gateway.answer("GET", "/incompany/groups", 200, [])
    nothing = browser.get(path)
    assert "<table" not in nothing.text
    assert empty in nothing.text


def test_hr_reads_each_participant_deadline_once_with_the_participants_named(
    browser, gateway
) -> None:
    people = [
        {
            "id": f"p-{n}",
            "full_name": f"Person {n}",
            "email": f"person{n}@acme.example",
            "national_register_number": "**.**.**-***.60",
            "state": "active",
        }
        for n in range(1, 7)
    ]
    people[5]["state"] = "cancelled"
    deadlines = [
        {
            "kind": "participant_reminder",
            "subject": "group",
            "due_at": "2027-03-13T08:00:00Z",
            "state": "done",
            "fired_at": "2027-03-13T08:00:02Z",
        },
        *(
            {
                "kind": kind,
                "subject": p["id"],
                "due_at": due,
                "fired_at": None,
                "state": "cancelled" if p["state"] == "cancelled" else "scheduled",
            }
            for kind, due in (
                ("platform_link", "2027-03-29T07:00:00Z"),
                ("evaluation_invitation", "2027-04-13T07:00:00Z"),
            )
            for p in people
        ),
    ]
    hr_group_page(browser, gateway)
    gateway.answer("GET", f"/incompany/groups/{GROUP_ID}/participants", 200, people)
    gateway.answer("GET", f"/incompany/groups/{GROUP_ID}/deadlines", 200, deadlines)
    page = browser.get(f"/hr/groups/{GROUP_ID}")
    assert page.status_code == 200, page.text
    [asked] = {
        c.url.params.get("include_cancelled")
        for c in gateway.calls
        if c.url.path.endswith("/participants")
    }
    assert asked == "true"  # the removed participant's name too
    section = page.text.split('id="deadlines"')[1].split("</section>")[0]
    assert '<table class="responsive compact">' in section  # label beside value on a phone
    rows = re.findall(r"<tr>(.*?)</tr>", section.split("<tbody>")[1], re.S)
    assert len(rows) == 5  # not 1 + 2 x 6
    five = "".join(f"<li>Person{n}</li>" for n in range(1, 6))
    assert [re.sub(r"\s+", "", r).count(five) for r in rows] == [0, 1, 0, 1, 0]
    assert "Le groupe" in rows[0]
    assert "<li>Person 6</li>" in rows[2]
    assert "Annulée" in rows[2]
    # the participants list itself still shows only the five on it
    participants = page.text.split('id="participants"')[1].split("</table>")[0]
    assert "Person 6" not in participants
