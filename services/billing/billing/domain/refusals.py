"""Why billing refuses a request: the chassis's refusals, each with a code a client can branch on.

Raised by the rules (`amounts.py`) and the handlers; the chassis answers them as
problem details with their status, `code` and `detail`.
"""

from __future__ import annotations

from chassis.refusals import Conflict, Forbidden, Invalid, NotFound


class AmountRefused(Invalid):
    """The amount is malformed: not positive, or finer than a cent (422)."""

    code = "amount_refused"


class AmountExceedsRemaining(Conflict):
    """The amount would invoice more than the price (R-C4), or nothing is left (409)."""

    code = "amount_exceeds_remaining"


class UnknownBillable(NotFound):
    """Nothing billable has this reference: not validated yet, or a wrong id (404)."""

    code = "unknown_billable"


class NoKeyForReference(UnknownBillable):
    """Only a public booking is found by its reference: a group may owe several fees (404).

    Its own code tells a client to look at the group's invoices instead.
    """

    code = "invoiced_when_charged"


class BillableCancelled(Conflict):
    """The reference was cancelled: it can be credited, no longer invoiced (409)."""

    code = "billable_cancelled"


class UnknownInvoice(NotFound):
    code = "unknown_invoice"


class UnknownCreditNote(NotFound):
    code = "unknown_credit_note"


class BilledToSomeoneElse(Forbidden):
    """The caller may read invoices, but not this one: they are not its payer (403)."""

    code = "billed_to_someone_else"
