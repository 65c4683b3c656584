"""An enrollment's history notes, in the reader's language.

Enrollment writes its history notes in English for programs (`invoice 2027-000001:
617.25 of 1234.50`, `change request: cancel`); the portal recognises the notes it
knows and words them itself, with the amounts as money. A note it does not know,
such as the reason staff typed, is shown as it was written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Note:
    """The key of a note's words and their parameters; `words=""`: the text as written."""

    words: str
    params: dict[str, Any] = field(default_factory=dict)
    text: str = ""


_KNOWN: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], Note]], ...] = (
    (
        re.compile(r"^invoice (?P<number>\S+): (?P<invoiced>[\d.]+) of (?P<price>[\d.]+)$"),
        lambda m: Note("note.invoice", dict(m.groupdict())),
    ),
    (
        re.compile(r"^change request: (?P<kind>cancel|move)$"),
        lambda m: Note(f"note.change_request.{m['kind']}"),
    ),
    (re.compile(r"^placed by customer service$"), lambda m: Note("note.placed_by_staff")),
    (
        re.compile(r"^cancelled at the customer's request$"),
        lambda m: Note("note.cancelled_on_request"),
    ),
    (re.compile(r"^moved to another session$"), lambda m: Note("note.moved")),
    (
        re.compile(r"^change request declined: (?P<reason>.*)$", re.DOTALL),
        lambda m: Note("note.declined", {"reason": m["reason"]}),
    ),
)


def read(note: str) -> Note:
    for pattern, word in _KNOWN:
        match = pattern.match(note.strip())
        if match:
            return word(match)
    return Note("", text=note)
