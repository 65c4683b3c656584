"""The words of a problem answer in French, Dutch and English.

`title` is translated for every status. `detail` is translated when its code
has a text here (the chassis's own refusals) or in the service's catalogue
(`ServiceDefinition.refusal_texts`, one per service); the text's `{names}` are
filled from the refusal's `params`. A code without a text in the reader's
language keeps the English detail the handler wrote, so no answer is lost for
want of a translation.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from chassis.languages import Language

Texts = Mapping[str, Mapping[Language, str]]
"""code -> language -> text with `{param}` placeholders."""

TITLES: Mapping[Language, Mapping[int, str]] = {
    "en": {
        400: "Bad request",
        401: "Authentication required",
        403: "Forbidden",
        404: "Not found",
        405: "Method not allowed",
        409: "Conflict",
        410: "Gone",
        412: "Precondition failed",
        413: "Content too large",
        415: "Unsupported media type",
        422: "Invalid input",
        428: "Precondition required",
        429: "Too many requests",
        500: "Internal error",
        503: "Service unavailable",
    },
    "fr": {
        400: "Requête incorrecte",
        401: "Authentification requise",
        403: "Action interdite",
        404: "Introuvable",
        405: "Méthode non permise",
        409: "Conflit",
        410: "N'existe plus",
        412: "Version périmée",
        413: "Contenu trop volumineux",
        415: "Type de contenu non pris en charge",
        422: "Données non valables",
        428: "Version requise",
        429: "Trop de requêtes",
        500: "Erreur interne",
        503: "Service indisponible",
    },
    "nl": {
        400: "Ongeldig verzoek",
        401: "Aanmelding vereist",
        403: "Niet toegestaan",
        404: "Niet gevonden",
        405: "Methode niet toegestaan",
        409: "Conflict",
        410: "Bestaat niet meer",
        412: "Verouderde versie",
        413: "Inhoud te groot",
        415: "Inhoudstype niet ondersteund",
        422: "Ongeldige gegevens",
        428: "Versie vereist",
        429: "Te veel verzoeken",
        500: "Interne fout",
        503: "Dienst niet beschikbaar",
    },
}

CHASSIS: Texts = {
    "unauthenticated": {
        "fr": "authentification requise : envoyez un jeton d'accès",
        "nl": "aanmelding vereist: stuur een toegangstoken mee",
    },
    "invalid_token": {
        "fr": "jeton d'accès non valable ou expiré : connectez-vous à nouveau",
        "nl": "ongeldig of verlopen toegangstoken: meld u opnieuw aan",
    },
    "not_configured": {
        "fr": "la vérification des jetons d'accès n'est pas configurée sur ce service",
        "nl": "de controle van toegangstokens is op deze dienst niet geconfigureerd",
    },
    "session_ended": {
        "fr": "cette session a pris fin : connectez-vous à nouveau",
        "nl": "deze sessie is beëindigd: meld u opnieuw aan",
    },
    "role_required": {
        "fr": "cette action demande l'un de ces rôles : {roles}",
        "nl": "deze actie vereist een van deze rollen: {roles}",
    },
    "no_such_route": {"fr": "rien à cette adresse", "nl": "niets op dit adres"},
    "method_not_allowed": {
        "fr": "cette méthode n'est pas permise ici",
        "nl": "deze methode is hier niet toegestaan",
    },
    "internal_error": {
        "fr": "le service n'a pas pu répondre ; l'erreur est enregistrée",
        "nl": "de dienst kon niet antwoorden; de fout is geregistreerd",
    },
    "database_unavailable": {
        "fr": "{service} ne joint pas sa base de données pour l'instant ; "
        "réessayez dans {seconds} secondes",
        "nl": "{service} bereikt zijn databank momenteel niet; "
        "probeer opnieuw over {seconds} seconden",
    },
    "database_busy": {
        "fr": "{service} a attendu trop longtemps sa base de données (une autre opération "
        "tenait ce qu'il lui fallait) ; réessayez dans {seconds} secondes",
        "nl": "{service} heeft te lang op zijn databank gewacht (een andere bewerking hield "
        "vast wat hij nodig had); probeer opnieuw over {seconds} seconden",
    },
    "unstorable_value": {
        "fr": "la requête contient une valeur que le service ne peut pas traiter",
        "nl": "het verzoek bevat een waarde die de dienst niet kan verwerken",
    },
    "invalid": {
        "fr": "donnée non valable : {field} ({message})",
        "nl": "ongeldig gegeven: {field} ({message})",
    },
    "invalid_cursor": {
        "fr": "cursor : ce curseur ne vient pas de cette API ; recommencez sans lui",
        "nl": "cursor: deze cursor komt niet van deze API; begin opnieuw zonder",
    },
    "content_too_large": {
        "fr": "le contenu dépasse la taille permise ({limit} octets)",
        "nl": "de inhoud is groter dan toegestaan ({limit} bytes)",
    },
    "invalid_idempotency_key": {
        "fr": "Idempotency-Key : de 1 à 255 caractères ASCII visibles",
        "nl": "Idempotency-Key: 1 tot 255 zichtbare ASCII-tekens",
    },
    "idempotency_key_reused": {
        "fr": "cette Idempotency-Key a servi pour une autre requête ; prenez-en une nouvelle",
        "nl": "deze Idempotency-Key werd voor een ander verzoek gebruikt; neem een nieuwe",
    },
    "idempotency_key_in_use": {
        "fr": "une requête avec cette Idempotency-Key est en cours ; réessayez dans un instant",
        "nl": "een verzoek met deze Idempotency-Key is nog bezig; probeer zo dadelijk opnieuw",
    },
    "idempotency_outcome_unknown": {
        "fr": "la requête avec cette Idempotency-Key a été faite mais sa réponse est perdue ; "
        "consultez la ressource au lieu de réessayer",
        "nl": "het verzoek met deze Idempotency-Key werd uitgevoerd maar het antwoord is "
        "verloren; raadpleeg de resource in plaats van opnieuw te proberen",
    },
}


def title(status: int, language: Language) -> str:
    return TITLES[language].get(status) or TITLES["en"].get(status, "Error")


def detail(
    code: str,
    english: str,
    language: Language,
    params: Mapping[str, object],
    *catalogues: Texts,
) -> str:
    """The detail in `language` when a catalogue has it and its params are all given."""
    if language == "en":
        return english
    for catalogue in catalogues:
        text = catalogue.get(code, {}).get(language)
        if text is not None:
            wanted = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            if wanted <= set(params):
                return text.format(**{name: params[name] for name in wanted})
    return english
