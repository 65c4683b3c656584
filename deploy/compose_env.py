"""Write deploy/.env for `docker compose -f deploy/compose.yaml` once: `make up` runs it.

It holds what must not be in the repository: the token signing key pair
(Ed25519, PEM), the key sealing links between accounts and notifications, the
PostgreSQL, per-service database and RabbitMQ passwords and the portal's
session key, all freshly generated. An existing file is kept as it is, and
given only the values it lacks (a stack made before the portal gets its
session key); delete it to start over, together with the compose volumes: the
databases keep the old passwords.

    python deploy/compose_env.py [--force] [--path deploy/.env]
"""

from __future__ import annotations

import argparse
import base64
import os
import secrets
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

SERVICES = ("accounts", "enrollment", "incompany", "billing", "notifications")
DEFAULT_PATH = Path(__file__).resolve().parent / ".env"


def key_pair() -> tuple[str, str]:
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


def password() -> str:
    """URL-safe (letters, digits, - and _): it goes into database and AMQP URLs as is."""
    return secrets.token_urlsafe(24)


def quoted(value: str) -> str:
    """A double-quoted .env value; compose turns the \\n escapes back into newlines."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def render() -> str:
    private, public = key_pair()
    values = {
        "JWT_PRIVATE_KEY": private,
        "JWT_PUBLIC_KEY": public,
        "POSTGRES_PASSWORD": password(),
        "RABBITMQ_PASSWORD": password(),
        **{f"{service.upper()}_DB_PASSWORD": password() for service in SERVICES},
        # incompany: national register numbers encrypted at rest (Fernet), found through
        # a keyed blind index, and signed learning-platform links: three separate keys.
        "INCOMPANY_NRN_ENCRYPTION_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "INCOMPANY_NRN_INDEX_KEY": secrets.token_urlsafe(48),
        "INCOMPANY_PLATFORM_LINK_KEY": secrets.token_urlsafe(48),
        # accounts and notifications: the key sealing single-use links' tokens in events.
        "LINK_SEALING_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        # portal: its session cookies are sealed (Fernet) with this key.
        "PORTAL_SESSION_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
    }
    lines = ["# Written by deploy/compose_env.py; secrets of the compose stack. Never commit."]
    lines += [f"{name}={quoted(value)}" for name, value in values.items()]
    return "\n".join(lines) + "\n"


def missing_lines(existing: str) -> str:
    """The lines of a fresh file whose names `existing` lacks (values added since it was
    written), so an older file is completed, never rewritten."""
    present = {line.split("=", 1)[0] for line in existing.splitlines() if "=" in line}
    fresh = render().splitlines()[1:]
    return "".join(line + "\n" for line in fresh if line.split("=", 1)[0] not in present)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    args = parser.parse_args(argv)
    if args.path.exists() and not args.force:
        added = missing_lines(args.path.read_text())
        if added:
            with args.path.open("a") as env_file:
                env_file.write(added)
        names = ", ".join(line.split("=", 1)[0] for line in added.splitlines())
        sys.stdout.write(f"{args.path} exists: kept{f', added {names}' if names else ''}\n")
        return 0
    descriptor = os.open(args.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as env_file:
        env_file.write(render())
    sys.stdout.write(f"{args.path} written (signing key pair and passwords)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
