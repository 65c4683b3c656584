"""Belgian national register numbers (R-I8): checked with python-stdnum, shown masked. No I/O.

A number is checked (length, digits, birth date, check digits) before it is
ever stored, and only its compact form is encrypted (`nrn_protection.py`).
Error messages name the field and never repeat the number.
"""

from __future__ import annotations

from stdnum import exceptions
from stdnum.be import nn

from incompany.domain.refusals import InvalidNationalRegisterNumber

FIELD = "national_register_number"


def checked(number: str) -> str:
    """The compact 11-digit form of a valid national register number.

    Separators (spaces, dots, dashes) are accepted, as people write them.
    """
    if not isinstance(number, str) or not number.strip():
        raise InvalidNationalRegisterNumber(f"{FIELD}: is required")
    if len(number) > 40:
        raise InvalidNationalRegisterNumber(f"{FIELD}: must have 11 digits")
    try:
        return nn.validate(number)
    except exceptions.InvalidChecksum as error:
        raise InvalidNationalRegisterNumber(
            f"{FIELD}: the check digits do not match the number; please check it"
        ) from error
    except exceptions.InvalidLength as error:
        raise InvalidNationalRegisterNumber(f"{FIELD}: must have 11 digits") from error
    except exceptions.InvalidFormat as error:
        raise InvalidNationalRegisterNumber(
            f"{FIELD}: must be digits, optionally written YY.MM.DD-XXX.CC"
        ) from error
    except exceptions.ValidationError as error:
        raise InvalidNationalRegisterNumber(
            f"{FIELD}: does not begin with a valid birth date"
        ) from error


FORGOTTEN = "**.**.**-***.**"
"""How a number no longer kept is shown (a cancelled or erased participant's)."""


def masked(compact: str) -> str:
    """The number as responses show it: only the two check digits, `**.**.**-***.28`."""
    return f"**.**.**-***.{compact[-2:]}"
