"""Billing's refusals in French and Dutch, by code (`chassis.problem_texts`). No I/O.

English is the detail the handler wrote; a reader asking for `fr` or `nl`
(Accept-Language) gets these, their `{names}` filled from the refusal's
`params` (`domain/refusals.py`). The chassis's own codes have their words in
`chassis.problem_texts`.
"""

from __future__ import annotations

from chassis.problem_texts import Texts

REFUSAL_TEXTS: Texts = {
    "amount_refused": {
        "fr": "le montant doit être positif, en centimes entiers (reçu : {amount})",
        "nl": "het bedrag moet positief zijn, in hele centen (ontvangen: {amount})",
    },
    "amount_exceeds_remaining": {
        "fr": "le montant dépasse ce qui reste à facturer ({remaining})",
        "nl": "het bedrag is hoger dan wat nog te factureren blijft ({remaining})",
    },
    "unknown_billable": {
        "fr": "rien à facturer pour la référence {reference_id}",
        "nl": "niets te factureren voor referentie {reference_id}",
    },
    "invoiced_when_charged": {
        "fr": "{reference_id} : les frais in-company sont facturés en entier quand ils sont "
        "imputés ; consultez-les avec GET /invoices?reference_id=<id du groupe>",
        "nl": "{reference_id}: in-companykosten worden volledig gefactureerd wanneer ze worden "
        "aangerekend; bekijk ze met GET /invoices?reference_id=<id van de groep>",
    },
    "billable_cancelled": {
        "fr": "{reference_id} a été annulé : il peut être crédité, plus facturé",
        "nl": "{reference_id} werd geannuleerd: het kan gecrediteerd, niet meer gefactureerd "
        "worden",
    },
    "unknown_invoice": {
        "fr": "aucune facture {invoice_id}",
        "nl": "geen factuur {invoice_id}",
    },
    "unknown_credit_note": {
        "fr": "aucune note de crédit {credit_note_id}",
        "nl": "geen creditnota {credit_note_id}",
    },
    "billed_to_someone_else": {
        "fr": "ce document est adressé à quelqu'un d'autre",
        "nl": "dit document is aan iemand anders gericht",
    },
}
