"""Events about the platform itself rather than one service's business (issue 14).

Accounts publishes them on the platform's behalf (it holds the admin API that
causes them); every other service consumes them in its chassis.
"""

from uuid import UUID

from pydantic import AwareDatetime, Field

from contracts.envelope import Event


class TestClockMovedV1(Event):
    """An admin moved the platform's test clock forward (after Stripe's test clocks).

    A deployment started with test clocks enabled (never production) runs on the real
    clock plus `offset_microseconds`; each service applies the offset to its clock,
    keeps it across restarts, and wakes its scans so that every deadline due by the
    new time fires as if the time had passed. Offsets only grow: a service ignores
    one smaller than what it already applies, so moves arriving out of order or twice
    change nothing.
    """

    __test__ = False  # a contract, not a pytest test class
    name = "platform.test-clock.moved.v1"

    offset_microseconds: int = Field(ge=0, description="Platform time minus real time.")
    platform_time: AwareDatetime = Field(description="The platform's time set by this move.")
    moved_by: UUID = Field(description="The admin who moved it.")
