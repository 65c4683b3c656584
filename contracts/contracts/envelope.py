"""The envelope every integration event travels in, and the registry of event names.

An event's name carries its version (`accounts.user.registered.v1`). A published
name never changes shape: a new shape is a new class with the next version, and
both are published side by side until every consumer has moved.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID, uuid4

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from contracts.emails import emails_checked

_REGISTRY: dict[str, type[Event]] = {}


class Event(BaseModel):
    """Payload of an integration event: a small, immutable fact in the past tense."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        name = cls.__dict__.get("name")
        if name is None:
            return
        parts = name.split(".")
        if len(parts) < 4 or not parts[-1].startswith("v") or not parts[-1][1:].isdigit():
            raise ValueError(f"event name {name!r} must look like '<service>.<entity>.<fact>.v<N>'")
        if name in _REGISTRY and _REGISTRY[name] is not cls:
            raise ValueError(f"event name {name!r} is already registered")
        _REGISTRY[name] = cls


def event_class(name: str) -> type[Event] | None:
    """The payload class registered for an event name, or None for an unknown name."""
    return _REGISTRY.get(name)


def registered_events() -> dict[str, type[Event]]:
    return dict(sorted(_REGISTRY.items()))


class Envelope(BaseModel):
    """What goes over the wire: identity and tracing of the event, then its payload."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: UUID = Field(description="Unique id; consumers deduplicate on it.")
    name: str = Field(description="Versioned event name, also the routing key.")
    occurred_at: AwareDatetime = Field(description="When the fact happened (UTC).")
    correlation_id: str = Field(max_length=128, description="Request or flow that caused it.")
    producer: str = Field(description="Service that published it.")
    payload: dict[str, Any]

    @classmethod
    def wrap(
        cls,
        event: Event,
        *,
        producer: str,
        occurred_at: datetime,
        correlation_id: str,
        event_id: UUID | None = None,
    ) -> Envelope:
        return cls(
            event_id=event_id or uuid4(),
            name=event.name,
            occurred_at=occurred_at,
            correlation_id=correlation_id,
            producer=producer,
            payload=event.model_dump(mode="json"),
        )

    def event(self) -> Event:
        """The typed payload; raises LookupError for a name this code does not know."""
        cls = event_class(self.name)
        if cls is None:
            raise LookupError(f"unknown event name {self.name!r}")
        with emails_checked():  # by the service that published it (contracts.emails)
            return cls.model_validate(self.payload)
