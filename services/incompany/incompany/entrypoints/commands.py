"""Operator commands: `python -m incompany <command> [args]` (docs/OPERATIONS.md).

- `nrn-reencrypt`: after putting a new key first in NRN_ENCRYPTION_KEYS, every
  national register number is encrypted again under it; then the old key goes.
- `nrn-reindex`: after replacing NRN_INDEX_KEY (the old one moved to
  NRN_PREVIOUS_INDEX_KEY), every blind index is recomputed under the new key;
  then NRN_PREVIOUS_INDEX_KEY goes.
- `erase-participant`: a person's data erased on request (handlers/erasure.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Awaitable, Callable, Sequence

from chassis.clock import SystemClock
from chassis.db import Database
from chassis.refusals import Refusal
from incompany.adapters.tables import delivery
from incompany.domain.commands import EraseParticipant
from incompany.handlers import Uow
from incompany.handlers.erasure import Erased, erase_participant
from incompany.handlers.key_rotation import (
    BatchDone,
    RotationBatch,
    reencrypt_numbers,
    reindex_numbers,
)
from incompany.settings import IncompanySettings

Step = Callable[[RotationBatch, Uow], Awaitable[BatchDone]]


def _uow(db: Database, settings: IncompanySettings) -> Uow:
    return Uow(db.sessions, delivery.outbox, producer="incompany", clock=SystemClock(),
               settings=settings)  # fmt: skip


async def _walk(settings: IncompanySettings, step: Step, batch_size: int) -> tuple[int, int]:
    db = Database(settings.sqlalchemy_url())
    seen = changed = 0
    try:
        after = None
        while True:
            async with _uow(db, settings) as uow:
                done = await step(RotationBatch(after, batch_size), uow)
            seen, changed, after = seen + done.seen, changed + done.changed, done.last
            if done.seen < batch_size:
                return seen, changed
    finally:
        await db.dispose()


def _rotation_command(name: str, step: Step, what: str) -> Callable[..., int]:
    def command(settings: IncompanySettings, argv: Sequence[str]) -> int:
        parser = argparse.ArgumentParser(prog=f"incompany {name}", description=command.__doc__)
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction")
        args = parser.parse_args(argv)
        if args.batch_size < 1:
            parser.error("--batch-size must be at least 1")
        try:
            seen, changed = asyncio.run(_walk(settings, step, args.batch_size))
        except Refusal as error:  # the keys are not configured
            sys.stderr.write(f"{error}\n")
            return 1
        sys.stdout.write(f"{seen} participant(s) read, {changed} {what}\n")
        return 0

    return command


nrn_reencrypt = _rotation_command("nrn-reencrypt", reencrypt_numbers, "re-encrypted")
nrn_reencrypt.__doc__ = """Encrypt every national register number again under the first key.

Usage: python -m incompany nrn-reencrypt [--batch-size N]

Rotate: put the new key first in NRN_ENCRYPTION_KEYS (the old one after it),
deploy, run this, then remove the old key. Safe to run again.
"""
nrn_reindex = _rotation_command("nrn-reindex", reindex_numbers, "re-indexed")
nrn_reindex.__doc__ = """Recompute every national register number's blind index under NRN_INDEX_KEY.

Usage: python -m incompany nrn-reindex [--batch-size N]

Rotate: set NRN_INDEX_KEY to the new key and NRN_PREVIOUS_INDEX_KEY to the old
one (lookups try both meanwhile), deploy, run this, then remove
NRN_PREVIOUS_INDEX_KEY. Safe to run again.
"""


def erase_participant_command(settings: IncompanySettings, argv: Sequence[str]) -> int:
    """Erase a person's participant data on their request (GDPR art. 17).

    Usage: python -m incompany erase-participant (--national-register-number N | --email E)

    Every participation of the person keeps its row (counts, attendance, fees stay
    true) without the name, email or national register number; events published
    about them are deleted. Prints the erased participant ids as JSON.
    """
    parser = argparse.ArgumentParser(
        prog="incompany erase-participant", description=erase_participant_command.__doc__
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--national-register-number")
    target.add_argument("--email")
    args = parser.parse_args(argv)
    command = EraseParticipant(national_register_number=args.national_register_number,
                               email=args.email)  # fmt: skip
    try:
        erased = asyncio.run(_erase(settings, command))
    except Refusal as error:
        sys.stderr.write(f"{error}\n")
        return 1
    report = {
        "erased": [str(i) for i in erased.participant_ids],
        "published_events_deleted": erased.forgotten.published_events,
        "pending_events": erased.forgotten.pending_events,
    }
    sys.stdout.write(json.dumps(report) + "\n")
    return 0


async def _erase(settings: IncompanySettings, command: EraseParticipant) -> Erased:
    db = Database(settings.sqlalchemy_url())
    try:
        async with _uow(db, settings) as uow:
            return await erase_participant(command, uow)
    finally:
        await db.dispose()


COMMANDS = {
    "nrn-reencrypt": nrn_reencrypt,
    "nrn-reindex": nrn_reindex,
    "erase-participant": erase_participant_command,
}
