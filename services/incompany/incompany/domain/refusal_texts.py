"""Incompany's refusals in French and Dutch, by code (chassis.problem_texts). No I/O.

English is the detail the handler wrote, which names the field and the values;
these say the same for a reader of French or Dutch (`Accept-Language`). A text's
`{names}` are filled from the refusal's `params`. Every code incompany raises has
its texts here (tests/test_refusal_texts.py).
"""

from __future__ import annotations

from chassis.problem_texts import Texts

REFUSAL_TEXTS: Texts = {
    # 422: the input breaks a rule
    "required": {"fr": "{field} : obligatoire", "nl": "{field}: verplicht"},
    "too_long": {
        "fr": "{field} : au plus {limit} caractères",
        "nl": "{field}: hoogstens {limit} tekens",
    },
    "company_account_required": {
        "fr": "réservé aux comptes d'entreprise",
        "nl": "enkel voor bedrijfsaccounts",
    },
    "request_refused": {
        "fr": "la période souhaitée ne convient pas : elle commence dans le passé ou finit "
        "avant de commencer",
        "nl": "de gewenste periode klopt niet: ze begint in het verleden of eindigt voor ze begint",
    },
    "course_withdrawn": {
        "fr": "cette formation n'est plus proposée en entreprise",
        "nl": "deze opleiding wordt niet meer in het bedrijf aangeboden",
    },
    "training_plan_required": {
        "fr": "votre entreprise n'a pas de plan de formation pour l'année de la période "
        "souhaitée : déposez-le d'abord",
        "nl": "uw bedrijf heeft geen opleidingsplan voor het jaar van de gewenste periode: "
        "dien het eerst in",
    },
    "too_few_participants": {
        "fr": "une formation en entreprise demande au moins 6 participants",
        "nl": "een opleiding in het bedrijf vereist minstens 6 deelnemers",
    },
    "planning_refused": {
        "fr": "ces dates ne conviennent pas : elles doivent être futures, finir après leur "
        "début et tenir dans la période souhaitée et les disponibilités du formateur",
        "nl": "deze data passen niet: ze moeten in de toekomst liggen, eindigen na hun begin "
        "en binnen de gewenste periode en de beschikbaarheid van de opleider vallen",
    },
    "schedule_refused": {
        "fr": "ces nouvelles dates ne conviennent pas : la classe doit finir après son début "
        "et laisser le temps d'inscrire les participants",
        "nl": "deze nieuwe data passen niet: de les moet eindigen na het begin en tijd laten "
        "om de deelnemers in te schrijven",
    },
    "invalid_national_register_number": {
        "fr": "numéro de registre national non valable : 11 chiffres, chiffres de contrôle compris",
        "nl": "ongeldig rijksregisternummer: 11 cijfers, controlecijfers inbegrepen",
    },
    "invalid_class_link": {
        "fr": "lien de classe non valable : une adresse http(s) complète de 500 caractères au plus",
        "nl": "ongeldige klaslink: een volledig http(s)-adres van hoogstens 500 tekens",
    },
    "invalid_document": {
        "fr": "document refusé : vide, trop volumineux ou d'un type non accepté (PDF, image, "
        "document bureautique)",
        "nl": "document geweigerd: leeg, te groot of van een niet aanvaard type (PDF, "
        "afbeelding, kantoordocument)",
    },
    "evaluation_refused": {
        "fr": "évaluation refusée : le formulaire n'est pas ouvert, ou une note n'est pas "
        "un entier de 1 à 5",
        "nl": "evaluatie geweigerd: het formulier is niet open, of een score is geen geheel "
        "getal van 1 tot 5",
    },
    "not_a_participant": {
        "fr": "présences : cette personne n'est pas participante du groupe",
        "nl": "aanwezigheid: deze persoon is geen deelnemer van de groep",
    },
    # 404: nothing with this id, or not the caller's
    "unknown_course": {
        "fr": "aucune formation de ce code au catalogue",
        "nl": "geen opleiding met deze code in de catalogus",
    },
    "unknown_training_plan": {
        "fr": "aucun plan de formation à cette adresse",
        "nl": "geen opleidingsplan op dit adres",
    },
    "unknown_request": {"fr": "aucune demande à cette adresse", "nl": "geen aanvraag op dit adres"},
    "unknown_availability": {
        "fr": "aucune disponibilité à cette adresse pour cette demande",
        "nl": "geen beschikbaarheid op dit adres voor deze aanvraag",
    },
    "unknown_proposal": {
        "fr": "aucune proposition de dates de ce numéro pour cette demande",
        "nl": "geen datavoorstel met dit nummer voor deze aanvraag",
    },
    "unknown_attestation": {
        "fr": "aucune attestation à cette adresse (ou vous n'en avez pas encore déposé)",
        "nl": "geen attest op dit adres (of u hebt er nog geen ingediend)",
    },
    "unknown_group": {"fr": "aucun groupe à cette adresse", "nl": "geen groep op dit adres"},
    "unknown_participant": {
        "fr": "aucun participant de ce numéro dans ce groupe",
        "nl": "geen deelnemer met dit nummer in deze groep",
    },
    "erasure_target": {
        "fr": "indiquez soit le numéro de registre national, soit l'adresse e-mail de la personne",
        "nl": "geef ofwel het rijksregisternummer, ofwel het e-mailadres van de persoon op",
    },
    "unknown_person": {
        "fr": "aucun participant avec ce numéro ou cette adresse",
        "nl": "geen deelnemer met dit nummer of dit adres",
    },
    "unknown_participation": {
        "fr": "aucune de vos participations à cette adresse",
        "nl": "geen van uw deelnames op dit adres",
    },
    "evaluation_not_answered": {
        "fr": "vous n'avez pas encore répondu à cette évaluation",
        "nl": "u hebt deze evaluatie nog niet ingevuld",
    },
    # 409: the state does not allow it now
    "company_not_known_yet": {
        "fr": "l'inscription de votre entreprise n'est pas encore arrivée ; réessayez dans "
        "une minute",
        "nl": "de registratie van uw bedrijf is nog niet aangekomen; probeer over een minuut "
        "opnieuw",
    },
    "course_exists": {
        "fr": "une formation de ce code existe déjà",
        "nl": "er bestaat al een opleiding met deze code",
    },
    "plan_exists": {
        "fr": "votre entreprise a déjà ce plan de formation pour cette année",
        "nl": "uw bedrijf heeft dit opleidingsplan voor dat jaar al",
    },
    "request_confirmed": {
        "fr": "la demande est confirmée : ses groupes sont planifiés",
        "nl": "de aanvraag is bevestigd: de groepen zijn gepland",
    },
    "proposal_not_open": {
        "fr": "cette proposition n'est plus ouverte",
        "nl": "dit voorstel staat niet meer open",
    },
    "group_not_active": {
        "fr": "le groupe est annulé ou terminé",
        "nl": "de groep is geannuleerd of afgelopen",
    },
    "class_started": {
        "fr": "la classe a commencé : elle ne peut plus être déplacée ni annulée",
        "nl": "de les is begonnen: ze kan niet meer verplaatst of geannuleerd worden",
    },
    "class_not_ended": {
        "fr": "les présences s'enregistrent après la fin de la classe",
        "nl": "de aanwezigheid wordt na het einde van de les geregistreerd",
    },
    "attendance_recorded": {
        "fr": "les présences sont déjà enregistrées : le groupe est terminé",
        "nl": "de aanwezigheid is al geregistreerd: de groep is afgelopen",
    },
    "list_closed": {
        "fr": "la liste des participants est close : elle se modifie jusqu'à 3 jours avant "
        "le début",
        "nl": "de deelnemerslijst is afgesloten: ze kan tot 3 dagen voor het begin wijzigen",
    },
    "already_participant": {
        "fr": "cette personne participe déjà à ce groupe",
        "nl": "deze persoon neemt al deel aan deze groep",
    },
    "participant_email_taken": {
        "fr": "un autre participant du groupe a cette adresse e-mail",
        "nl": "een andere deelnemer van de groep heeft dit e-mailadres",
    },
    "participant_cancelled": {
        "fr": "ce participant est déjà désinscrit",
        "nl": "deze deelnemer is al uitgeschreven",
    },
    "attestation_approved": {
        "fr": "votre attestation est déjà approuvée",
        "nl": "uw attest is al goedgekeurd",
    },
    "attestation_pending": {
        "fr": "votre attestation attend d'être examinée",
        "nl": "uw attest wacht op beoordeling",
    },
    "attestation_reviewed": {
        "fr": "cette attestation est déjà examinée",
        "nl": "dit attest is al beoordeeld",
    },
    "evaluation_answered": {
        "fr": "vous avez déjà répondu à cette évaluation",
        "nl": "u hebt deze evaluatie al ingevuld",
    },
    "evaluation_closed": {
        "fr": "pas d'évaluation : la classe a été annulée, ou vous y étiez absent",
        "nl": "geen evaluatie: de les werd geannuleerd, of u was afwezig",
    },
    # 412, 403, 503
    "precondition_failed": {
        "fr": "If-Match : la ressource a changé depuis votre lecture ; relisez-la et recommencez",
        "nl": "If-Match: de resource is gewijzigd sinds u ze las; lees ze opnieuw en probeer "
        "het nog eens",
    },
    "attestation_required": {
        "fr": "votre attestation RH doit d'abord être approuvée (manquante, en attente ou refusée)",
        "nl": "uw HR-attest moet eerst goedgekeurd zijn (ontbreekt, wacht of is geweigerd)",
    },
    "not_the_trainer": {
        "fr": "seuls le formateur du groupe et le personnel enregistrent ses présences",
        "nl": "enkel de opleider van de groep en het personeel registreren de aanwezigheid",
    },
    "keys_not_configured": {
        "fr": "une clé de configuration manque au service ; l'exploitant doit la définir",
        "nl": "de dienst mist een configuratiesleutel; de beheerder moet ze instellen",
    },
}
