"""Incompany's own settings (from `INCOMPANY_<NAME>` or `<NAME>`).

Every delay and threshold of section I of PRODUCT.md is configuration with
the product's defaults. The three keys protect personal data and links:

- `nrn_encryption_keys`: Fernet keys (comma-separated, newest first) that
  encrypt national register numbers at rest; older keys still decrypt, so a key
  can be rotated.
- `nrn_index_key`: a separate HMAC-SHA256 key for the blind index through
  which a number is looked up (duplicates in a group) without decrypting.
- `nrn_previous_index_key`: only while an index key is rotated: the old index key,
  still tried by lookups until `incompany nrn-reindex` has re-indexed every row.
- `platform_link_key`: signs each participant's learning-platform link (R-I10).

Without them the service runs, but participant data cannot be recorded: the
participant endpoints answer 503 saying which setting is missing.
"""

from __future__ import annotations

from typing import Self

from cryptography.fernet import Fernet
from pydantic import Field, SecretStr, field_validator, model_validator

from chassis.settings import ServiceSettings

CLASS_LINK_FIELDS = {"group_reference", "group_id", "project_number"}
MIN_SECRET_BYTES = 32


class IncompanySettings(ServiceSettings):
    minimum_participants: int = Field(default=6, ge=1, le=100)
    """R-I2: a request needs at least this many participants (and R-I16 bills below it)."""
    participant_reminder_days: int = Field(default=21, ge=1, le=120)
    """R-I6: the reminder to enter participants, this many days before the start."""
    definitive_confirmation_days: int = Field(default=15, ge=1, le=120)
    """R-I9: the definitive confirmation, this many days before the start."""
    platform_link_delay_hours: int = Field(default=24, ge=0, le=24 * 14)
    """R-I10: the learning-platform link, this long after the definitive confirmation."""
    participant_cutoff_days: int = Field(default=3, ge=0, le=60)
    """R-I7: participants may be added or cancelled until this many days before the start."""
    evaluation_delay_days: int = Field(default=1, ge=0, le=60)
    """R-I12: the evaluation invitation, this many days after the end of the class."""

    deadline_poll_seconds: float = Field(default=30.0, gt=0)
    """How often the deadline scan looks for due deadlines."""
    deadline_late_after_seconds: float = Field(default=300.0, gt=0)
    """A scheduled deadline still unfired this long after its instant counts as late (metrics)."""
    deadline_batch_size: int = Field(default=500, ge=1, le=10_000)
    """At most this many due deadlines claimed and settled in one transaction (one scan
    pass); a full pass is followed at once by the next."""
    deadline_max_retry_seconds: float = Field(default=3600.0, gt=0)
    """A deadline whose firing fails is retried with backoff, at most this far apart."""

    class_link_template: str = ""
    """R-I11: e.g. `https://learn.example/class/{group_reference}`; empty: staff set links."""
    platform_base_url: str = "https://learn.example/start"
    """R-I10: the learning platform's entry point; signed query parameters are appended."""
    platform_link_valid_days: int = Field(default=60, ge=1, le=3650)
    """A platform link stays valid this many days after the end of the class."""
    public_base_url: str = "http://127.0.0.1:8000"
    """The customer space, where the evaluation form lives (R-I12)."""

    nrn_encryption_keys: SecretStr | None = None
    nrn_index_key: SecretStr | None = None
    nrn_previous_index_key: SecretStr | None = None
    platform_link_key: SecretStr | None = None

    max_document_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    """The largest training plan or attestation document accepted."""

    @field_validator("platform_base_url", "public_base_url")
    @classmethod
    def _absolute_http_url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("must be an absolute http(s) URL")
        return value.rstrip("/")

    @field_validator("class_link_template")
    @classmethod
    def _known_placeholders(cls, value: str) -> str:
        if not value:
            return value
        if not value.startswith(("https://", "http://")):
            raise ValueError("class_link_template must be an absolute http(s) URL")
        try:
            value.format(**dict.fromkeys(CLASS_LINK_FIELDS, "x"))
        except (KeyError, IndexError, ValueError) as error:
            known = ", ".join("{" + f + "}" for f in sorted(CLASS_LINK_FIELDS))
            raise ValueError(f"class_link_template may use only {known}") from error
        return value

    @field_validator("nrn_encryption_keys")
    @classmethod
    def _fernet_keys(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        for key in value.get_secret_value().split(","):
            try:
                Fernet(key.strip().encode())
            except ValueError as error:
                raise ValueError(
                    "nrn_encryption_keys must be Fernet keys (32 url-safe base64 bytes), "
                    "comma-separated"
                ) from error
        return value

    @field_validator("nrn_index_key", "nrn_previous_index_key", "platform_link_key")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if len(value.get_secret_value().encode()) < MIN_SECRET_BYTES:
            raise ValueError(f"must be at least {MIN_SECRET_BYTES} bytes long")
        return value

    @model_validator(mode="after")
    def _distinct_keys(self) -> Self:
        index = self.nrn_index_key.get_secret_value() if self.nrn_index_key else None
        platform = self.platform_link_key.get_secret_value() if self.platform_link_key else None
        encryption = (
            self.nrn_encryption_keys.get_secret_value().split(",")
            if self.nrn_encryption_keys
            else []
        )
        if index is not None and (index == platform or index in encryption):
            raise ValueError("nrn_index_key must differ from the other keys")
        return self

    def missing_participant_keys(self) -> list[str]:
        """The names of the key settings that participant data needs and are not set."""
        names = ("nrn_encryption_keys", "nrn_index_key", "platform_link_key")
        return [name for name in names if getattr(self, name) is None]
