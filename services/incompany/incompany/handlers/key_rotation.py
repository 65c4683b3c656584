"""After a key rotation: every national register number re-encrypted, or re-indexed, under
the new key, so the old key can be removed from the settings (issue 18, docs/OPERATIONS.md).

Both walk the participants by id, one batch per transaction (rows locked while
rewritten), and are safe to run again or to interrupt: a row already under the
new key is left as it is (re-encrypting it again only costs time). Until
re-indexing is done, lookups try the previous index key too
(`nrn_previous_index_key`).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import select

from incompany.adapters.nrn_protection import protector_of
from incompany.adapters.tables import Participant
from incompany.handlers import Uow


@dataclass(frozen=True)
class RotationBatch:
    after: UUID | None
    """The last participant id of the previous batch (None: from the start)."""
    limit: int


@dataclass(frozen=True)
class BatchDone:
    seen: int
    changed: int
    last: UUID | None


async def _batch(uow: Uow, batch: RotationBatch) -> list[Participant]:
    query = select(Participant).order_by(Participant.id).limit(batch.limit).with_for_update()
    if batch.after is not None:
        query = query.where(Participant.id > batch.after)
    return list(await uow.session.scalars(query))


async def reencrypt_numbers(batch: RotationBatch, uow: Uow) -> BatchDone:
    """Each number of the batch encrypted again under the first of `nrn_encryption_keys`."""
    protector = protector_of(uow.settings)
    rows = await _batch(uow, batch)
    changed = 0
    for participant in rows:
        if participant.nrn_ciphertext is not None:
            participant.nrn_ciphertext = protector.rotate(participant.nrn_ciphertext)
            changed += 1
    await uow.commit()
    return BatchDone(len(rows), changed, rows[-1].id if rows else None)


async def reindex_numbers(batch: RotationBatch, uow: Uow) -> BatchDone:
    """Each row's blind index recomputed under `nrn_index_key` from its decrypted number.

    A cancelled participant's number is no longer kept, so its index cannot be
    recomputed: during a rotation (a previous index key set) it is cleared, and
    entering that person again makes a new row rather than reactivating this one."""
    settings = uow.settings
    protector = protector_of(settings)
    rotating = settings.nrn_previous_index_key is not None
    rows = await _batch(uow, batch)
    changed = 0
    for participant in rows:
        if participant.nrn_ciphertext is None:
            if rotating and participant.nrn_index is not None:
                participant.nrn_index = None
                changed += 1
            continue
        index = protector.blind_index(protector.decrypt(participant.nrn_ciphertext))
        if participant.nrn_index != index:
            participant.nrn_index = index
            changed += 1
    await uow.commit()
    return BatchDone(len(rows), changed, rows[-1].id if rows else None)
