"""Every refusal answered as RFC 9457 problem details, in one place for every service."""

from __future__ import annotations

import httpx
import pytest
from fastapi import Depends, FastAPI
from pydantic import BaseModel, EmailStr, Field

from chassis import openapi, problems
from chassis.api import get_optional_principal
from chassis.refusals import Conflict, NotFound, TooManyRequests, Unavailable
from chassis.wire_types import EMAIL_PATTERN


class Order(BaseModel):
    quantity: int = Field(ge=1)


class Contact(BaseModel):
    email: EmailStr


class SeatsTaken(Conflict):
    code = "seats_taken"


TEXTS = {
    "seats_taken": {
        "fr": "la session {session} est complète",
        "nl": "de sessie {session} is volzet",
    }
}


def an_app() -> FastAPI:
    app = FastAPI()
    problems.install(app, "tests", TEXTS)
    openapi.document(app)

    @app.get("/things/{thing}", responses=problems.responses(404))
    async def thing(thing: str) -> dict[str, str]:
        raise NotFound(f"no thing {thing}")

    @app.post("/orders")
    async def order(body: Order) -> dict[str, int]:
        raise SeatsTaken("the session is full", field="session_id", params={"session": "PY-101"})

    @app.post("/login")
    async def login() -> None:
        raise TooManyRequests("too many attempts", retry_after_seconds=42)

    @app.get("/down")
    async def down() -> None:
        raise Unavailable("the keys are not configured")

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals")

    return app


@pytest.fixture
async def client():
    transport = httpx.ASGITransport(app=an_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_a_refusal_is_a_problem_with_its_status_code_and_detail(client):
    answer = await client.get("/things/42")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json() == {
        "type": "/problems/not_found",
        "title": "Not found",
        "status": 404,
        "detail": "no thing 42",
        "code": "not_found",
        "instance": "/things/42",
    }


async def test_a_service_refusal_keeps_its_own_code_and_names_its_field(client):
    answer = await client.post("/orders", json={"quantity": 2})
    assert answer.status_code == 409
    assert answer.json()["code"] == "seats_taken"
    assert answer.json()["errors"] == [
        {"field": "session_id", "code": "seats_taken", "message": "the session is full"}
    ]


async def test_invalid_input_lists_every_field_error(client):
    answer = await client.post("/orders", json={"quantity": 0})
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "invalid"
    assert body["errors"][0]["field"] == "body.quantity"
    assert body["detail"].startswith("body.quantity: ")


async def test_retry_after_comes_with_429_and_503(client):
    throttled = await client.post("/login")
    assert (throttled.status_code, throttled.headers["retry-after"]) == (429, "42")
    down = await client.get("/down")
    assert (down.status_code, down.headers["retry-after"]) == (503, "5")


async def test_an_unknown_route_and_a_wrong_method_are_problems_too(client):
    missing = await client.get("/nowhere")
    assert (missing.status_code, missing.json()["code"]) == (404, "no_such_route")
    wrong = await client.delete("/orders")
    assert (wrong.status_code, wrong.json()["code"]) == (405, "method_not_allowed")


async def test_a_server_error_tells_nothing_of_its_cause(client):
    answer = await client.get("/boom")
    assert answer.status_code == 500
    assert answer.json()["code"] == "internal_error"
    assert "secret" not in answer.text


def test_the_openapi_document_describes_errors_as_problems():
    document = an_app().openapi()
    assert "HTTPValidationError" not in document["components"]["schemas"]
    assert set(document["components"]["schemas"]["Problem"]["required"]) >= {
        "type",
        "title",
        "status",
        "detail",
        "code",
    }
    answers = document["paths"]["/things/{thing}"]["get"]["responses"]
    for status in ("404", "422"):
        schema = answers[status]["content"]["application/problem+json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/Problem"}


def test_the_chassis_documents_what_its_layers_answer():
    document = an_app().openapi()
    order = document["paths"]["/orders"]["post"]
    assert set(order["responses"]) >= {"201", "400", "409", "413", "422", "503"} - {"201"}
    assert any(p["name"] == "Idempotency-Key" for p in order["parameters"])
    thing = document["paths"]["/things/{thing}"]["get"]["responses"]
    assert {"404", "422", "503"} <= set(thing)
    assert "401" not in thing  # no token read on that route


async def test_the_words_follow_accept_language_and_the_code_does_not(client):
    french = await client.post(
        "/orders", json={"quantity": 2}, headers={"Accept-Language": "fr-BE,fr;q=0.9,en;q=0.5"}
    )
    assert french.headers["content-language"] == "fr"
    assert french.json()["title"] == "Conflit"
    assert french.json()["detail"] == "la session PY-101 est complète"
    assert french.json()["code"] == "seats_taken"
    dutch = await client.get("/nowhere", headers={"Accept-Language": "nl"})
    assert (dutch.json()["title"], dutch.json()["detail"]) == (
        "Niet gevonden",
        "niets op dit adres",
    )
    english = await client.post("/orders", json={"quantity": 2}, headers={"Accept-Language": "de"})
    assert english.json()["detail"] == "the session is full"
    assert english.headers["content-language"] == "en"


async def test_a_refusal_without_a_translation_keeps_its_english_detail(client):
    answer = await client.get("/things/42", headers={"Accept-Language": "fr"})
    assert (answer.json()["title"], answer.json()["detail"]) == ("Introuvable", "no thing 42")


async def test_a_body_that_does_not_parse_is_400_and_documented_on_every_route_with_a_body():
    app = an_app()

    @app.put("/orders/{number}")
    async def change(number: int, body: Order) -> dict[str, int]:
        return {"quantity": body.quantity}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        answer = await client.put(
            "/orders/1", content=b"c\xff", headers={"content-type": "application/json"}
        )
    assert answer.status_code == 400
    assert "400" in app.openapi()["paths"]["/orders/{number}"]["put"]["responses"]


async def test_a_wrong_method_lists_in_allow_every_method_the_path_serves():
    """RFC 9110: `Allow` on a 405 names the methods of the resource, even when two routes
    serve its path (Starlette's own 405 named those of the first route only)."""
    app = an_app()

    @app.put("/things/{thing}")
    async def put_thing(thing: str) -> dict[str, str]:
        return {"thing": thing}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        answer = await client.delete("/things/1")
    assert (answer.status_code, answer.headers["allow"]) == (405, "GET, PUT")
    assert answer.headers["content-type"] == "application/problem+json"


def test_an_optional_token_and_an_email_address_are_published_as_they_are_taken():
    app = an_app()

    @app.post("/contacts")
    async def contact(body: Contact, who: object = Depends(get_optional_principal)) -> None:
        return None

    operation = app.openapi()["paths"]["/contacts"]["post"]
    assert operation["security"][0] == {}  # no token at all is fine
    email = app.openapi()["components"]["schemas"]["Contact"]["properties"]["email"]
    assert (email["pattern"], email["maxLength"]) == (EMAIL_PATTERN, 254)
