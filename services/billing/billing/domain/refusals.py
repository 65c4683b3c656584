"""Why billing refuses a request: the chassis's refusals, each with a code a client can branch on.

Raised by the rules (`amounts.py`) and the handlers; the chassis answers them as
problem details with their status, `code` and `detail`.
"""

from __future__ import annotations

from chassis.refusals import Conflict, Forbidden, Invalid, NotFound


class AmountRefused(Invalid):
    """The amount is malformed: not positive, or finer than a cent (422)."""

    code = "amount_refused"

    def __init__(self, detail: str, *, amount: object) -> None:
        super().__init__(detail, params={"amount": str(amount)})


class AmountExceedsRemaining(Conflict):
    """The amount would invoice more than the price (R-C4), or nothing is left (409)."""

    code = "amount_exceeds_remaining"

    def __init__(self, detail: str, *, remaining: str) -> None:
        super().__init__(detail, params={"remaining": remaining})


class UnknownBillable(NotFound):
    """Nothing billable has this reference: not validated yet, or a wrong id (404)."""

    code = "unknown_billable"

    def __init__(self, detail: str, *, reference_id: object) -> None:
        super().__init__(detail, params={"reference_id": str(reference_id)})


class NoKeyForReference(UnknownBillable):
    """Only a public booking is found by its reference: a group may owe several fees (404).

    Its own code tells a client to look at the group's invoices instead.
    """

    code = "invoiced_when_charged"


class BillableCancelled(Conflict):
    """The reference was cancelled: it can be credited, no longer invoiced (409)."""

    code = "billable_cancelled"

    def __init__(self, kind: str, reference_id: object) -> None:
        super().__init__(
            f"{kind} {reference_id} was cancelled", params={"reference_id": str(reference_id)}
        )


class UnknownInvoice(NotFound):
    code = "unknown_invoice"

    def __init__(self, invoice_id: object) -> None:
        super().__init__(f"no invoice {invoice_id}", params={"invoice_id": str(invoice_id)})


class UnknownCreditNote(NotFound):
    code = "unknown_credit_note"

    def __init__(self, credit_note_id: object) -> None:
        super().__init__(
            f"no credit note {credit_note_id}", params={"credit_note_id": str(credit_note_id)}
        )


class BilledToSomeoneElse(Forbidden):
    """The caller may read invoices, but not this one: they are not its payer (403)."""

    code = "billed_to_someone_else"
