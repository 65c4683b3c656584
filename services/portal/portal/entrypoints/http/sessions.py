"""The browser's session: one sealed cookie, read before a request and written after it.

It holds the access token (and the refresh token once accounts issues one), who the
person is (from `GET /accounts/me`, for the navigation), the CSRF secret of the
session and the messages to show once after a redirect. The page never sees any of
it: the cookie is httpOnly, and sealed (`adapters/session_cookie.py`). A person who
logs in gets a new session (new CSRF secret): a session fixed before login is dropped.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portal.adapters.api import Tokens
from portal.adapters.session_cookie import SessionSeal
from portal.domain.people import Person

LANGUAGE_COOKIE = "language"


@dataclass
class Session:
    csrf: str | None = None
    access: str | None = None
    refresh: str | None = None
    person: dict[str, Any] | None = None
    flash: list[dict[str, Any]] = field(default_factory=list)
    modified: bool = False

    @classmethod
    def from_content(cls, content: dict[str, Any] | None) -> Session:
        content = content or {}
        return cls(
            csrf=content.get("csrf"),
            access=content.get("access"),
            refresh=content.get("refresh"),
            person=content.get("person"),
            flash=list(content.get("flash") or []),
        )

    def content(self) -> dict[str, Any]:
        return {
            "csrf": self.csrf,
            "access": self.access,
            "refresh": self.refresh,
            "person": self.person,
            "flash": self.flash,
        }

    @property
    def empty(self) -> bool:
        return not (self.csrf or self.access or self.flash)

    def csrf_token(self) -> str:
        """The session's CSRF secret, made the first time a form needs it."""
        if self.csrf is None:
            self.csrf = secrets.token_urlsafe(32)
            self.modified = True
        return self.csrf

    def tokens(self) -> Tokens:
        return Tokens(access=self.access, refresh=self.refresh)

    def keep(self, tokens: Tokens) -> None:
        """Store tokens a refresh replaced during the request."""
        if tokens.changed:
            self.access, self.refresh = tokens.access, tokens.refresh
            self.modified = True

    def sign_in(self, tokens: Tokens, person: Person) -> None:
        """A new session for the person: new CSRF secret, their tokens, their account."""
        self.csrf = secrets.token_urlsafe(32)
        self.access, self.refresh = tokens.access, tokens.refresh
        self.person = person.as_dict()
        self.modified = True

    def sign_out(self) -> None:
        self.csrf = secrets.token_urlsafe(32)
        self.access = self.refresh = None
        self.person = None
        self.modified = True

    def say(self, words: str, **params: Any) -> None:
        """A message shown once, on the next page (after a redirect)."""
        self.flash.append({"words": words, "params": params})
        self.modified = True

    def said(self) -> list[dict[str, Any]]:
        """The messages to show now, taken out of the session."""
        messages, self.flash = self.flash, []
        if messages:
            self.modified = True
        return messages

    def signed_in(self) -> Person | None:
        if not self.access or not self.person:
            return None
        p = self.person
        return Person(
            user_id=p["id"],
            email=p["email"],
            full_name=p.get("full_name", ""),
            roles=frozenset(p.get("roles") or ()),
            company_id=p.get("company_id"),
            account_kind=p.get("account_kind", ""),
            language=p.get("language", "fr"),
        )


class SessionMiddleware:
    """Opens the cookie into `scope["state"]["session"]`; seals it back when changed."""

    def __init__(self, app: ASGIApp, seal: SessionSeal, *, secure: bool) -> None:
        self.app = app
        self.seal = seal
        self.secure = secure
        # `__Host-`: the browser takes it only Secure, for the whole site, from this host.
        self.name = "__Host-session" if secure else "session"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        raw = connection.cookies.get(self.name)
        session = Session.from_content(self.seal.open(raw) if raw else None)
        scope.setdefault("state", {})["session"] = session
        had_cookie = raw is not None

        async def send_with_cookie(message: Message) -> None:
            api = scope["state"].get("api")
            if message["type"] == "http.response.start" and api is not None:
                session.keep(api.tokens)  # a refresh during the request replaced them
            if message["type"] == "http.response.start" and session.modified:
                headers = MutableHeaders(scope=message)
                if session.empty and had_cookie:
                    headers.append("Set-Cookie", self._cookie("", max_age=0))
                elif not session.empty:
                    headers.append("Set-Cookie", self._cookie(self.seal.seal(session.content())))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _cookie(self, value: str, max_age: int | None = None) -> str:
        cookie: SimpleCookie = SimpleCookie()
        cookie[self.name] = value
        morsel = cookie[self.name]
        morsel["path"] = "/"
        morsel["httponly"] = True
        morsel["samesite"] = "Lax"
        if self.secure:
            morsel["secure"] = True
        if max_age is not None:
            morsel["max-age"] = max_age
        return morsel.OutputString()
