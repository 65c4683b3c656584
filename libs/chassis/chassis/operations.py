"""The operator's commands every service has, beside `serve` and `migrate`.

    python -m <service> dead-letters list   [--queue Q] [--limit N] [--json]
    python -m <service> dead-letters replay [--queue Q] [--limit N]
    python -m <service> outbox [--limit N] [--json]
    python -m <service> retention [--dry-run] [--json]

`dead-letters` works on the dead-letter queues of the service's own consumers
(or of `--queue`, a consumer queue or dead-letter queue name). `list` shows the
messages and puts them back where they were; `replay` republishes each one to
the events exchange with its original routing key and removes it from the
dead-letter queue only once the broker has confirmed the new copy. The other
consumers bound to that event receive the copy too; their inbox already holds
the event and skips it (or, its row pruned, refuses it as stale:
chassis.retention). `outbox` shows what waits to be published; `retention`
deletes what the retention windows have passed, as the periodic pass does.

They are ordinary `ServiceDefinition.commands`, added by `chassis.cli` unless a
service defines a command of the same name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from chassis.dead_letters import dead_letters_command
from chassis.outbox_report import outbox_command
from chassis.retention_command import retention_command
from chassis.settings import ServiceSettings

if TYPE_CHECKING:
    from chassis.service import Command, ServiceDefinition


def operator_commands(definition: ServiceDefinition) -> dict[str, Command]:
    """The chassis' commands for this service, in the shape of `ServiceDefinition.commands`."""

    def dead_letters(settings: ServiceSettings, argv: Sequence[str]) -> int:
        return dead_letters_command(definition, settings, argv)

    def outbox(settings: ServiceSettings, argv: Sequence[str]) -> int:
        return outbox_command(definition, settings, argv)

    def retention(settings: ServiceSettings, argv: Sequence[str]) -> int:
        return retention_command(definition, settings, argv)

    dead_letters.__doc__ = dead_letters_command.__doc__
    outbox.__doc__ = outbox_command.__doc__
    retention.__doc__ = retention_command.__doc__
    return {"dead-letters": dead_letters, "outbox": outbox, "retention": retention}
