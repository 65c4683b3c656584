"""The five services' public REST APIs, as the portal calls them through the gateway.

The one module that knows their paths and shapes, so an API change is adopted here:

- lists: an API answers a JSON array today and a page
  `{"items": [...], "next_cursor": ..., "next": ...}` tomorrow; `_items` reads
  both and `_every` follows `next_cursor` to the end;
- tokens: `POST /accounts/token` gives an access token, and a refresh token once
  accounts issues them; an access token refused (401) is refreshed once, through
  `POST /accounts/token/refresh`, and the call tried again (`Tokens.changed` tells
  the caller to store the new pair);
- every call forwards the reader's language (`Accept-Language`: problem details
  come back in it) and the request's correlation id; every creating POST carries
  the `Idempotency-Key` its form was rendered with.

A refusal (4xx) raises `Refused` with the problem details; an API that cannot
answer (503, a 5xx, the gateway unreachable or too slow) raises `Unavailable`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from chassis.correlation import HEADER as CORRELATION_HEADER
from chassis.correlation import current_correlation_id
from portal.adapters.incompany_api import InCompanyApi
from portal.domain.platform_time import PlatformTime
from portal.domain.problems import Problem

MAX_PAGES = 50
"""A list longer than this many pages is cut (50 pages of 200: 10,000 items)."""
PAGE_LIMIT = 200


class Refused(Exception):
    """The API refused the request (4xx): its problem details."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(f"{problem.status} {problem.code}: {problem.detail}")
        self.problem = problem


class Unavailable(Exception):
    """The API could not answer: 503, another 5xx, or no answer at all."""

    def __init__(self, service: str, status: int | None, retry_after_seconds: int | None = None):
        super().__init__(f"{service}: {status or 'no answer'}")
        self.service = service
        self.status = status
        self.retry_after_seconds = retry_after_seconds


@dataclass
class Tokens:
    """The signed-in person's tokens; `changed` once a refresh replaced them."""

    access: str | None = None
    refresh: str | None = None
    changed: bool = False


@dataclass(frozen=True)
class Document:
    """A downloaded file (an invoice's PDF)."""

    content: bytes
    media_type: str


def _items(body: Any) -> list[dict[str, Any]]:
    """A list answer, as a bare array (today) or a page's `items` (the coming shape)."""
    if isinstance(body, list):
        return body
    if isinstance(body, Mapping) and isinstance(body.get("items"), list):
        return list(body["items"])
    raise ValueError("not a list answer")


Upload = tuple[str, bytes, str]
"""A file a form sent on: its name, content and media type (multipart to the API)."""

TEST_CLOCK_HEADER = "x-test-clock"

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOST_CONNECTION = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)
"""The connection dropped before any answer: a request safe to repeat (a read, or a POST
carrying its Idempotency-Key, which the API answers once) is sent once more."""


class Api(InCompanyApi):
    """The services' APIs for one caller: their tokens (or none) and their language.

    Every answer carrying `X-Test-Clock` (a test clock is in force, docs/API.md "Test
    clocks") tells `platform_time`, so every page can say the platform's time."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        tokens: Tokens,
        language: str,
        platform_time: PlatformTime | None = None,
    ) -> None:
        self._client = client
        self.tokens = tokens
        self.language = language
        self.platform_time = platform_time or PlatformTime()

    # --- plumbing -----------------------------------------------------------------------

    def _headers(self, idempotency_key: str | None, token: str | None) -> dict[str, str]:
        headers = {
            "Accept-Language": self.language,
            "Accept": "application/json",
            CORRELATION_HEADER: current_correlation_id(),
        }
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        return headers

    async def _send(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
        anonymous: bool = False,
        files: Mapping[str, Upload] | None = None,
        data: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        service = path.strip("/").split("/")[0]
        token = None if anonymous else self.tokens.access
        body = _Body(json, files, data)
        answer = await self._raw(method, path, service, body, params, idempotency_key, token)
        refreshable = answer.status_code == 401 and token and self.tokens.refresh
        if refreshable and await self._refreshed():
            answer = await self._raw(
                method, path, service, body, params, idempotency_key, self.tokens.access
            )
        if answer.status_code >= 500:
            retry = answer.headers.get("Retry-After")
            raise Unavailable(
                service, answer.status_code, int(retry) if retry and retry.isdigit() else None
            )
        if answer.status_code >= 400:
            raise Refused(
                Problem.from_answer(
                    answer.status_code, _json(answer), answer.headers.get("Retry-After")
                )
            )
        return answer

    async def _raw(
        self,
        method: str,
        path: str,
        service: str,
        body: _Body,
        params: Mapping[str, Any] | None,
        idempotency_key: str | None,
        token: str | None,
    ) -> httpx.Response:
        def send() -> Awaitable[httpx.Response]:
            return self._client.request(
                method,
                path,
                json=body.json,
                files=dict(body.files) if body.files else None,
                data=dict(body.data) if body.data else None,
                params={k: v for k, v in (params or {}).items() if v is not None},
                headers=self._headers(idempotency_key, token),
            )

        try:
            answer = await send()
        except LOST_CONNECTION as error:
            # the gateway closed a kept-alive connection as the request went out on it, and
            # nothing was answered: a request safe to repeat goes once more, on a new one
            if method not in SAFE_METHODS and idempotency_key is None:
                raise Unavailable(service, None) from error
            try:
                answer = await send()
            except httpx.TransportError as again:
                raise Unavailable(service, None) from again
        except httpx.TransportError as error:  # refused, timed out
            raise Unavailable(service, None) from error
        self.platform_time.heard(answer.headers.get(TEST_CLOCK_HEADER))
        return answer

    async def _refreshed(self) -> bool:
        """Trade the refresh token for a new pair (the coming accounts API); False if refused."""
        try:
            answer = await self._raw(
                "POST",
                "/accounts/token/refresh",
                "accounts",
                _Body({"refresh_token": self.tokens.refresh}),
                None,
                None,
                None,
            )
        except Unavailable:
            return False
        if answer.status_code != 200:
            return False
        body = _json(answer)
        self.tokens.access = body.get("access_token")
        self.tokens.refresh = body.get("refresh_token", self.tokens.refresh)
        self.tokens.changed = True
        return bool(self.tokens.access)

    async def _get(self, path: str, **params: Any) -> Any:
        return _json(await self._send("GET", path, params=params))

    async def _post(
        self, path: str, body: Any = None, key: str | None = None, anonymous: bool = False
    ) -> Any:
        answer = await self._send("POST", path, json=body, idempotency_key=key, anonymous=anonymous)
        return _json(answer) if answer.content else None

    async def _upload(
        self, path: str, data: Mapping[str, str], files: Mapping[str, Upload], key: str
    ) -> Any:
        """A multipart POST (a document and its form fields)."""
        return _json(await self._send("POST", path, data=data, files=files, idempotency_key=key))

    async def _delete(self, path: str) -> Any:
        answer = await self._send("DELETE", path)
        return _json(answer) if answer.content else None

    async def _every(self, path: str, **params: Any) -> list[dict[str, Any]]:
        """Every item of a list, following `next_cursor` while the API gives one."""
        found: list[dict[str, Any]] = []
        cursor = None
        for _ in range(MAX_PAGES):
            body = await self._get(path, **params, limit=PAGE_LIMIT, cursor=cursor)
            found.extend(_items(body))
            cursor = body.get("next_cursor") if isinstance(body, Mapping) else None
            if not cursor:
                break
        return found

    async def _document(self, path: str) -> Document:
        answer = await self._send("GET", path)
        return Document(answer.content, answer.headers.get("content-type", "application/pdf"))

    # --- accounts -------------------------------------------------------------------------

    async def log_in(self, email: str, password: str) -> dict[str, Any]:
        return dict(
            await self._post(
                "/accounts/token", {"email": email, "password": password}, anonymous=True
            )
        )

    async def me(self) -> dict[str, Any]:
        return dict(await self._get("/accounts/me"))

    async def log_out(self) -> None:
        await self._post("/accounts/logout")

    async def log_out_everywhere(self) -> None:
        """The coming `POST /accounts/logout-everywhere`: every session of the account."""
        await self._post("/accounts/logout-everywhere")

    async def register_individual(self, body: dict[str, Any], key: str) -> dict[str, Any]:
        return dict(await self._post("/accounts/register", body, key, anonymous=True))

    async def register_company(self, body: dict[str, Any], key: str) -> dict[str, Any]:
        return dict(await self._post("/accounts/companies/register", body, key, anonymous=True))

    async def forgot_password(self, email: str, key: str) -> None:
        await self._post("/accounts/password/forgot", {"email": email}, key, anonymous=True)

    async def set_password(self, token: str, password: str, key: str) -> None:
        await self._post(
            "/accounts/password/set", {"token": token, "password": password}, key, anonymous=True
        )

    async def reset_password(self, token: str, password: str, key: str) -> None:
        await self._post(
            "/accounts/password/reset",
            {"token": token, "new_password": password},
            key,
            anonymous=True,
        )

    async def verify_email(self, token: str, key: str) -> None:
        """The coming `POST /accounts/verify-email {token}`: a new account's address."""
        await self._post("/accounts/verify-email", {"token": token}, key, anonymous=True)

    async def change_email(self, new_email: str, password: str, key: str) -> dict[str, Any]:
        return dict(
            await self._post(
                "/accounts/me/email", {"new_email": new_email, "password": password}, key
            )
        )

    async def confirm_email(self, token: str, key: str) -> dict[str, Any]:
        return dict(await self._post("/accounts/me/email/confirm", {"token": token}, key))

    async def create_staff(self, body: dict[str, Any], key: str) -> dict[str, Any]:
        return dict(await self._post("/accounts/staff", body, key))

    # --- enrollment -------------------------------------------------------------------------

    async def courses(self) -> list[dict[str, Any]]:
        return await self._every("/enrollment/courses")

    async def sessions(self, course: str | None = None) -> list[dict[str, Any]]:
        return await self._every("/enrollment/sessions", course=course)

    async def session(self, session_id: str) -> dict[str, Any]:
        return dict(await self._get(f"/enrollment/sessions/{session_id}"))

    async def book(self, body: dict[str, Any], key: str) -> list[dict[str, Any]]:
        return _items(await self._post("/enrollment/bookings", body, key))

    async def my_bookings(self) -> list[dict[str, Any]]:
        return await self._every("/enrollment/bookings")

    async def booking(self, booking_id: str) -> dict[str, Any]:
        return dict(await self._get(f"/enrollment/bookings/{booking_id}"))

    async def pending_bookings(self) -> list[dict[str, Any]]:
        return await self._every("/enrollment/bookings/pending")

    async def validate_booking(self, booking_id: str, key: str) -> dict[str, Any]:
        return dict(await self._post(f"/enrollment/bookings/{booking_id}/validate", None, key))

    async def reject_booking(self, booking_id: str, reason: str, key: str) -> dict[str, Any]:
        return dict(
            await self._post(f"/enrollment/bookings/{booking_id}/reject", {"reason": reason}, key)
        )

    async def ask_for_change(
        self, booking_id: str, body: dict[str, Any], key: str
    ) -> dict[str, Any]:
        return dict(
            await self._post(f"/enrollment/bookings/{booking_id}/change-requests", body, key)
        )

    async def change_requests(self, state: str = "open") -> list[dict[str, Any]]:
        return await self._every("/enrollment/change-requests", state=state)

    async def resolve_change_request(
        self, request_id: str, body: dict[str, Any], key: str
    ) -> dict[str, Any]:
        return dict(
            await self._post(f"/enrollment/change-requests/{request_id}/resolve", body, key)
        )

    async def companies(self) -> list[dict[str, Any]]:
        return await self._every("/enrollment/companies")

    # --- billing ----------------------------------------------------------------------------

    async def invoices(self, reference_id: str | None = None) -> list[dict[str, Any]]:
        return await self._every("/billing/invoices", reference_id=reference_id)

    async def invoice(self, invoice_id: str) -> dict[str, Any]:
        return dict(await self._get(f"/billing/invoices/{invoice_id}"))

    async def invoice_pdf(self, invoice_id: str) -> Document:
        return await self._document(f"/billing/invoices/{invoice_id}/pdf")

    async def credit_notes(self, reference_id: str | None = None) -> list[dict[str, Any]]:
        return await self._every("/billing/credit-notes", reference_id=reference_id)

    async def credit_note_pdf(self, credit_note_id: str) -> Document:
        return await self._document(f"/billing/credit-notes/{credit_note_id}/pdf")

    async def billable(self, reference_id: str) -> dict[str, Any]:
        return dict(await self._get(f"/billing/billables/{reference_id}"))

    async def issue_invoice(self, body: dict[str, Any], key: str) -> dict[str, Any]:
        return dict(await self._post("/billing/invoices", body, key))

    # --- health ----------------------------------------------------------------------------

    async def gateway_answers(self) -> bool:
        try:
            answer = await self._client.get("/accounts/health/live", timeout=3)
        except httpx.TransportError:
            return False
        return answer.status_code == 200


@dataclass(frozen=True)
class _Body:
    """What a request sends: JSON, or a multipart form (fields and files)."""

    json: Any = None
    files: Mapping[str, Upload] | None = None
    data: Mapping[str, str] | None = None


def _json(answer: httpx.Response) -> Any:
    try:
        return answer.json()
    except ValueError:
        return None
