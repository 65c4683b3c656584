"""A Belgian national register number as HR types it (R-I8): checked on the portal while
it is typed, so a slip is seen before the form is sent; incompany checks it again and is
the one that decides. The number is never echoed back in a message. No I/O.
"""

from __future__ import annotations

from stdnum import exceptions
from stdnum.be import nn


def problem_with(number: str) -> str | None:
    """The words key of what is wrong with `number`, or None when it is a valid number."""
    typed = number.strip()
    if not typed:
        return "nrn.missing"
    if len(typed) > 40:
        return "nrn.length"
    try:
        nn.validate(typed)
    except exceptions.InvalidChecksum:
        return "nrn.checksum"
    except exceptions.InvalidLength:
        return "nrn.length"
    except exceptions.InvalidFormat:
        return "nrn.format"
    except exceptions.ValidationError:
        return "nrn.birth_date"
    return None
