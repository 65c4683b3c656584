"""The portal's settings (from `PORTAL_<NAME>` or `<NAME>`, like every service's).

The portal has no database and no broker: it is a client of the five services'
public APIs through the gateway at `api_base_url`. What it keeps between two
requests of a browser is in one encrypted cookie (`adapters/session_cookie.py`),
under `session_keys`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import NoDecode

from chassis.settings import ServiceSettings


class PortalSettings(ServiceSettings):
    api_base_url: str = "http://127.0.0.1:8000"
    """The gateway the portal calls the services through: `<api_base_url>/<service>/...`."""
    api_timeout_seconds: float = Field(default=15.0, gt=0)
    api_keepalive_seconds: float = Field(default=2.0, ge=0)
    """How long an idle connection to the gateway is kept for the next call. Shorter than
    the gateway's own keep-alive (uvicorn 5 s, nginx 75 s), so the portal is not the one
    sending on a connection the other end is closing at that very moment."""
    session_keys: Annotated[tuple[SecretStr, ...], NoDecode] = ()
    """Fernet keys (urlsafe base64 of 32 bytes), comma-separated: the first seals new
    cookies, every one opens them, so a key is rotated by putting the new one first and
    dropping the old one once no cookie sealed with it can still be alive."""
    secure_cookies: bool = True
    """Cookies only over HTTPS (`Secure`); false for local development over plain HTTP."""
    session_max_age_seconds: int = Field(default=12 * 3600, ge=60)
    """A session cookie older than this is refused, whatever the tokens inside say."""
    default_language: str = "fr"

    @field_validator("session_keys", mode="before")
    @classmethod
    def _keys(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(key.strip() for key in value.split(",") if key.strip())
        return value

    @field_validator("api_base_url")
    @classmethod
    def _absolute(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("api_base_url must be an absolute http(s) URL")
        return value.rstrip("/")

    @field_validator("default_language")
    @classmethod
    def _language(cls, value: str) -> str:
        if value not in ("fr", "nl", "en"):
            raise ValueError("default_language is one of fr, nl, en")
        return value
