"""The platform's test clock over HTTP (issue 14, docs/API.md "Test clocks"): admins only,
and only on a deployment started with `TEST_CLOCKS_ENABLED=true` (else 404)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Self

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field, model_validator

from accounts.domain.commands import MoveTestClock
from accounts.entrypoints.http.dependencies import UowDep, signed_in_with_roles
from accounts.handlers.test_clock import TestClockState, move_test_clock, read_test_clock
from chassis import problems
from chassis.tokens import Principal
from chassis.wire_types import InstantIn
from contracts.identity import Role

router = APIRouter(tags=["test clock"])

AdminDep = Annotated[Principal, Depends(signed_in_with_roles(Role.ADMIN))]


class TestClockOut(BaseModel):
    __test__ = False

    now: datetime = Field(description="The platform's time, UTC: what every service uses")
    in_force: bool = Field(description="Whether the time was moved away from the real time")
    offset_seconds: float = Field(description="How far ahead of the real time the platform is")

    @classmethod
    def of(cls, state: TestClockState) -> Self:
        return cls(
            now=state.now, in_force=state.in_force, offset_seconds=state.offset.total_seconds()
        )


class TestClockMove(BaseModel):
    """Either `to` (an instant with its offset) or `by` (a duration), not both."""

    __test__ = False
    model_config = ConfigDict(
        json_schema_extra={  # what `_one_of` checks, in the published document
            "oneOf": [
                {
                    "required": ["to"],
                    "properties": {"to": {"type": "string"}, "by": {"type": "null"}},
                },
                {
                    "required": ["by"],
                    "properties": {
                        "to": {"type": "null"},
                        "by": {
                            "anyOf": [
                                {"type": "string", "pattern": "^P[^-]*[1-9]"},
                                {"type": "number", "exclusiveMinimum": 0},
                            ]
                        },
                    },
                },
            ]
        }
    )

    to: InstantIn | None = Field(
        default=None,
        description="The instant the platform's time jumps to, e.g. "
        "`2027-03-30T16:00:00+02:00`; later than its time now",
    )
    by: timedelta | None = Field(
        default=None, description="How far to advance, ISO 8601 (`P1D`, `PT15M`) or seconds"
    )

    @model_validator(mode="after")
    def _one_of(self) -> Self:
        if (self.to is None) == (self.by is None):
            raise ValueError("give either `to` (an instant) or `by` (a duration)")
        if self.by is not None and self.by <= timedelta(0):
            raise ValueError("by: the test clock only moves forward: give a positive duration")
        return self


@router.get(
    "/test-clock",
    summary="An admin reads the platform's time and whether a test clock is in force",
    responses=problems.responses(401, 403, 404, 503),
)
async def read(uow: UowDep, _: AdminDep) -> TestClockOut:
    return TestClockOut.of(await read_test_clock(uow))


@router.put(
    "/test-clock",
    summary="An admin moves the platform's time forward, to an instant or by a duration",
    description="Every service applies it within a second (`platform.test-clock.moved.v1`) "
    "and its scans act at once on the new time. Moving back is refused (409).",
    responses=problems.responses(401, 403, 404, 409, 422, 503),
)
async def move(body: TestClockMove, uow: UowDep, admin: AdminDep) -> TestClockOut:
    command = MoveTestClock(moved_by=admin.user_id, to=body.to, by=body.by)
    return TestClockOut.of(await move_test_clock(command, uow))
