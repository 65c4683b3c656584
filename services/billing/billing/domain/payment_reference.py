"""The payment reference printed on an invoice: a Belgian structured communication; no I/O.

Belgian banks read "+++123/4567/89012+++" (in Dutch "gestructureerde
mededeling", in French "communication structurée"): ten digits, then two
check digits, the ten digits modulo 97, where a remainder of 0 is written 97.
The payer's bank refuses a mistyped one, and the payment finds its invoice
without anyone reading free text.

The ten digits are the invoice number's: "2026-000042" gives 2026000042, so
each invoice has its own reference, read back from the number alone.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"^(\d{4})-(\d{6})$")
_STRUCTURED = re.compile(r"^\+\+\+(\d{3})/(\d{4})/(\d{5})\+\+\+$")


def check_digits(base: int) -> int:
    """The two check digits of a ten-digit base: base mod 97, 97 when that is 0."""
    if not 0 <= base < 10**10:
        raise ValueError(f"a structured communication has ten digits before its check, got {base}")
    return base % 97 or 97


def structured_communication(base: int) -> str:
    """ "+++202/6000/04297+++" style: the ten digits of `base` and their check digits."""
    digits = f"{base:010d}{check_digits(base):02d}"
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def is_valid(communication: str) -> bool:
    """Whether a "+++ddd/dddd/ddddd+++" text carries the right check digits."""
    match = _STRUCTURED.match(communication)
    if match is None:
        return False
    digits = "".join(match.groups())
    base, check = int(digits[:10]), int(digits[10:])
    return check_digits(base) == check


def invoice_payment_reference(invoice_number: str) -> str:
    """The structured communication of an invoice numbered "YYYY-NNNNNN"."""
    match = _NUMBER.match(invoice_number)
    if match is None:
        raise ValueError(f"{invoice_number!r} is not an invoice number (YYYY-NNNNNN)")
    year, sequence = match.groups()
    return structured_communication(int(year + sequence))
