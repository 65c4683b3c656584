"""Development keys `make run` makes once and keeps (owner-only) under DATA_DIR.

Made on the first run, read on every later one, so tokens, sealed links in
messages still pending and encrypted national register numbers stay readable
after a restart. Production sets its own (docs/OPERATIONS.md); an environment
variable named here still wins over the file.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from cryptography.fernet import Fernet

from accounts.adapters.signing import generate_key_pair
from chassis.sealing import new_key as new_sealing_key
from portal.adapters.session_cookie import new_key as new_session_key


def kept(data_dir: Path, name: str, make: Callable[[], str]) -> str:
    """The key in `data_dir/name`, made by `make` the first time (mode 0600)."""
    path = data_dir / name
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(make())
    return path.read_text().strip()


def token_keys(data_dir: Path) -> tuple[str, str]:
    """A development signing key pair, made once and kept (owner-only) under DATA_DIR."""
    private_path, public_path = data_dir / "jwt-private.pem", data_dir / "jwt-public.pem"
    if not private_path.exists():
        private, public = generate_key_pair()
        private_path.touch(mode=0o600)
        private_path.write_text(private)
        public_path.write_text(public)
    return private_path.read_text(), public_path.read_text()


def link_sealing_key(data_dir: Path) -> str:
    """The key sealing links' tokens between accounts and notifications
    (`LINK_SEALING_KEYS` wins), so links in messages still pending open after a restart."""
    return os.environ.get("LINK_SEALING_KEYS") or kept(
        data_dir, "link-sealing.key", new_sealing_key
    )


def portal_session_key(data_dir: Path) -> str:
    """The key of the portal's session cookies (`PORTAL_SESSION_KEYS` wins)."""
    return os.environ.get("PORTAL_SESSION_KEYS") or kept(
        data_dir, "portal-session.key", new_session_key
    )


INCOMPANY_KEYS = {
    "nrn_encryption_keys": ("incompany-nrn-encryption.key", lambda: Fernet.generate_key().decode()),
    "nrn_index_key": ("incompany-nrn-index.key", lambda: secrets.token_urlsafe(32)),
    "platform_link_key": ("incompany-platform-link.key", lambda: secrets.token_urlsafe(32)),
}
"""Incompany's protected data (participants' national register numbers, R-I8) and signed
platform links (R-I10): without them its participant endpoints answer 503."""


def incompany_keys(data_dir: Path) -> dict[str, str]:
    """Incompany's three keys, each from `INCOMPANY_<NAME>` (or `<NAME>`) when set, else kept
    under DATA_DIR."""
    return {
        setting: os.environ.get(f"INCOMPANY_{setting.upper()}")
        or os.environ.get(setting.upper())
        or kept(data_dir, filename, make)
        for setting, (filename, make) in INCOMPANY_KEYS.items()
    }
