"""Notifications' refusals in French and Dutch, by code (chassis.problem_texts). No I/O.

English is the detail the handler wrote; every code notifications raises has its
texts here (tests/test_refusal_texts.py).
"""

from __future__ import annotations

from chassis.problem_texts import Texts

REFUSAL_TEXTS: Texts = {
    "unknown_message": {"fr": "aucun message à cette adresse", "nl": "geen bericht op dit adres"},
    "not_resendable": {
        "fr": "seul un message incertain ou en échec peut être renvoyé",
        "nl": "enkel een onzeker of mislukt bericht kan opnieuw verstuurd worden",
    },
    "message_changed": {
        "fr": "le message a changé entre-temps ; rechargez-le",
        "nl": "het bericht is intussen gewijzigd; laad het opnieuw",
    },
    "offset_removed": {
        "fr": "offset : cette liste se parcourt par curseur ; suivez `next` depuis la "
        "première page",
        "nl": "offset: deze lijst wordt per cursor doorlopen; volg `next` vanaf de eerste pagina",
    },
}
