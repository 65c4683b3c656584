"""The portal's security headers: a strict Content-Security-Policy (no inline script or
style anywhere: the portal's own files only), no framing, no sniffing, and the headers
every service sends (`chassis.security_headers.COMMON`). Pages about a person are never
stored by a cache; the static files (versioned names) are."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chassis.security_headers import COMMON

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
STATIC_PREFIX = "/static/"


class PortalSecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith(STATIC_PREFIX)
        caching = b"public, max-age=86400" if static else b"no-store"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in (
                    *COMMON,
                    (b"content-security-policy", POLICY.encode()),
                    (b"cache-control", caching),
                ):
                    if name not in present:
                        headers.append((name, value))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
