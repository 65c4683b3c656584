"""Enrollment's refusals in French and Dutch, by code (`chassis.problem_texts`). No I/O.

English is the detail the handler wrote; a reader asking for `fr` or `nl`
(Accept-Language) gets these, their `{names}` filled from the refusal's
`params` (`domain/refusals.py`). The chassis's own codes (`role_required`,
`invalid`, ...) have their words in `chassis.problem_texts`.
"""

from __future__ import annotations

from chassis.problem_texts import Texts

REFUSAL_TEXTS: Texts = {
    "unknown_booking": {
        "fr": "aucune inscription {booking_id}",
        "nl": "geen inschrijving {booking_id}",
    },
    "unknown_session": {
        "fr": "aucune session {session_id}",
        "nl": "geen sessie {session_id}",
    },
    "unknown_course": {
        "fr": "aucune formation {course} au catalogue",
        "nl": "geen opleiding {course} in de catalogus",
    },
    "unknown_change_request": {
        "fr": "aucune demande de modification {request_id}",
        "nl": "geen wijzigingsverzoek {request_id}",
    },
    "unknown_agreement": {
        "fr": "aucune convention {agreement_id} pour l'entreprise {company_id}",
        "nl": "geen raamovereenkomst {agreement_id} voor het bedrijf {company_id}",
    },
    "course_code_taken": {
        "fr": "une formation porte déjà le code {course_code}",
        "nl": "er bestaat al een opleiding met de code {course_code}",
    },
    "company_not_registered": {
        "fr": "aucune entreprise {company_id} (son compte est-il enregistré ?)",
        "nl": "geen bedrijf {company_id} (is zijn account geregistreerd?)",
    },
    "unknown_courses": {
        "fr": "course_prices : formations inconnues au catalogue : {codes}",
        "nl": "course_prices: opleidingen die niet in de catalogus staan: {codes}",
    },
    "agreement_terms_required": {
        "fr": "une convention donne un taux de remise (discount_rate), des prix par formation "
        "(course_prices), ou les deux",
        "nl": "een raamovereenkomst geeft een kortingspercentage (discount_rate), prijzen per "
        "opleiding (course_prices), of beide",
    },
    "session_ends_before_start": {
        "fr": "ends_at doit suivre starts_at",
        "nl": "ends_at moet na starts_at liggen",
    },
    "session_in_the_past": {
        "fr": "starts_at doit être dans le futur",
        "nl": "starts_at moet in de toekomst liggen",
    },
    "session_started": {
        "fr": "cette session a déjà commencé",
        "nl": "deze sessie is al begonnen",
    },
    "seats_full": {
        "fr": "plus assez de places dans cette session : {asked} demandées, {left} restantes",
        "nl": "niet genoeg plaatsen meer in deze sessie: {asked} gevraagd, {left} over",
    },
    "duplicate_trainee": {
        "fr": "chaque participant ne peut figurer qu'une fois dans une demande",
        "nl": "elke deelnemer mag maar één keer in een aanvraag staan",
    },
    "placing_for_others": {
        "fr": "seul le service clientèle inscrit quelqu'un d'autre",
        "nl": "alleen de klantendienst schrijft iemand anders in",
    },
    "placed_for_required": {
        "fr": "placed_for est requis : la personne que le service clientèle inscrit (R-A2)",
        "nl": "placed_for is verplicht: de persoon die de klantendienst inschrijft (R-A2)",
    },
    "placed_by_name_required": {
        "fr": "placed_by_name est requis quand vous n'êtes aucun des participants",
        "nl": "placed_by_name is verplicht als u geen van de deelnemers bent",
    },
    "individual_books_only_self": {
        "fr": "un compte individuel n'inscrit que son titulaire : le participant doit être vous",
        "nl": "een individuele account schrijft alleen de houder in: de deelnemer moet u zijn",
    },
    "not_your_booking": {
        "fr": "cette inscription a été faite par quelqu'un d'autre",
        "nl": "deze inschrijving werd door iemand anders gedaan",
    },
    "transition_refused": {
        "fr": "le statut de cette inscription ne le permet pas",
        "nl": "de status van deze inschrijving laat dit niet toe",
    },
    "not_pending": {
        "fr": "seule une inscription en attente de validation peut être validée ou refusée",
        "nl": "alleen een inschrijving die op validatie wacht kan gevalideerd of geweigerd worden",
    },
    "booking_closed": {
        "fr": "une inscription refusée ou annulée ne peut plus être annulée, déplacée ni modifiée",
        "nl": "een geweigerde of geannuleerde inschrijving kan niet meer geannuleerd, verplaatst "
        "of gewijzigd worden",
    },
    "change_request_open": {
        "fr": "cette inscription a déjà une demande de modification en cours",
        "nl": "deze inschrijving heeft al een openstaand wijzigingsverzoek",
    },
    "change_request_resolved": {
        "fr": "cette demande de modification a déjà été traitée",
        "nl": "dit wijzigingsverzoek werd al behandeld",
    },
    "other_course": {
        "fr": "une inscription ne peut être déplacée que vers une autre session de la même "
        "formation",
        "nl": "een inschrijving kan alleen naar een andere sessie van dezelfde opleiding",
    },
    "target_session_not_for_this_kind": {
        "fr": "target_session_id ne sert qu'à un déplacement",
        "nl": "target_session_id dient alleen voor een verplaatsing",
    },
    "target_session_required": {
        "fr": "target_session_id est requis pour déplacer une inscription",
        "nl": "target_session_id is verplicht om een inschrijving te verplaatsen",
    },
    "target_session_is_current": {
        "fr": "target_session_id est la session actuelle de l'inscription",
        "nl": "target_session_id is de huidige sessie van de inschrijving",
    },
    "decline_reason_required": {
        "fr": "une demande refusée a besoin d'un motif que le client lira",
        "nl": "een geweigerd verzoek heeft een reden nodig die de klant zal lezen",
    },
}
