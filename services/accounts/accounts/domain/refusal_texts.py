"""Accounts' refusals in French and Dutch, by code (`chassis.problem_texts`). No I/O.

English is the detail the handler wrote; a reader asking for `fr` or `nl`
(Accept-Language) gets these, their `{names}` filled from the refusal's
params. `session_ended` and `role_required` are the chassis's own words.
`tests/test_refusal_texts.py` checks that every code accounts can answer with
has both.
"""

from __future__ import annotations

from chassis.problem_texts import Texts

REFUSAL_TEXTS: Texts = {
    "email_taken": {
        "fr": "un compte utilise déjà cette adresse e-mail",
        "nl": "er bestaat al een account met dit e-mailadres",
    },
    "company_taken": {
        "fr": "cette entreprise a déjà un compte : demandez à son responsable d'inscription "
        "de vous ajouter",
        "nl": "dit bedrijf heeft al een account: vraag de inschrijvingsverantwoordelijke om "
        "u toe te voegen",
    },
    "email_or_company_taken": {
        "fr": "l'adresse e-mail ou l'entreprise a déjà un compte",
        "nl": "het e-mailadres of het bedrijf heeft al een account",
    },
    "weak_password": {
        "fr": "{field} : le mot de passe doit compter de {min_length} à {max_length} caractères",
        "nl": "{field}: het wachtwoord moet {min_length} tot {max_length} tekens tellen",
    },
    "invalid_company_number": {
        "fr": "{field} : ce numéro n'est pas valable pour cette entreprise",
        "nl": "{field}: dit nummer is niet geldig voor dit bedrijf",
    },
    "invalid_link": {
        "fr": "ce lien n'est pas valable ou a expiré",
        "nl": "deze link is ongeldig of verlopen",
    },
    "invalid_credentials": {
        "fr": "adresse e-mail ou mot de passe incorrect",
        "nl": "verkeerd e-mailadres of wachtwoord",
    },
    "invalid_refresh_token": {
        "fr": "ce jeton de renouvellement n'est pas valable ou a expiré : connectez-vous à nouveau",
        "nl": "dit vernieuwingstoken is ongeldig of verlopen: meld u opnieuw aan",
    },
    "refresh_token_reused": {
        "fr": "ce jeton de renouvellement a déjà servi : sa session a pris fin par sécurité ; "
        "connectez-vous à nouveau",
        "nl": "dit vernieuwingstoken werd al gebruikt: de sessie is voor de veiligheid "
        "beëindigd; meld u opnieuw aan",
    },
    "email_already_verified": {
        "fr": "l'adresse e-mail de ce compte est déjà confirmée",
        "nl": "het e-mailadres van dit account is al bevestigd",
    },
    "too_many_attempts": {
        "fr": "trop d'essais infructueux : réessayez dans {seconds} s",
        "nl": "te veel mislukte pogingen: probeer opnieuw over {seconds} s",
    },
    "too_many_requests_from_client": {
        "fr": "trop de demandes depuis votre adresse : réessayez dans {seconds} s",
        "nl": "te veel verzoeken vanaf uw adres: probeer opnieuw over {seconds} s",
    },
    "too_many_verification_emails": {
        "fr": "un lien de confirmation a déjà été envoyé plusieurs fois cette heure-ci : "
        "réessayez dans {seconds} s",
        "nl": "er werd dit uur al meermaals een bevestigingslink verstuurd: "
        "probeer opnieuw over {seconds} s",
    },
    "wrong_password": {
        "fr": "password : mot de passe incorrect",
        "nl": "password: verkeerd wachtwoord",
    },
    "same_email": {
        "fr": "new_email : c'est déjà votre adresse de connexion",
        "nl": "new_email: dit is al uw aanmeldadres",
    },
    "self_erasure": {
        "fr": "vous ne pouvez pas effacer votre propre compte : demandez-le à un collègue",
        "nl": "u kunt uw eigen account niet wissen: vraag het aan een collega",
    },
    "account_not_found": {
        "fr": "ce compte n'existe plus",
        "nl": "dit account bestaat niet meer",
    },
    "not_your_company": {
        "fr": "vous gérez les utilisateurs de votre propre entreprise",
        "nl": "u beheert de gebruikers van uw eigen bedrijf",
    },
    "role_not_allowed": {
        "fr": "role : ce type de compte a l'un de ces rôles : {roles}",
        "nl": "role: dit soort account heeft een van deze rollen: {roles}",
    },
    "signing_not_configured": {
        "fr": "la signature des jetons n'est pas configurée",
        "nl": "het ondertekenen van tokens is niet geconfigureerd",
    },
    "link_sealing_not_configured": {
        "fr": "l'envoi de liens par e-mail n'est pas configuré (clés de scellement)",
        "nl": "het versturen van links per e-mail is niet geconfigureerd (verzegelingssleutels)",
    },
    "test_clocks_disabled": {
        "fr": "les horloges de test ne sont pas activées sur ce déploiement",
        "nl": "testklokken zijn niet ingeschakeld op deze installatie",
    },
    "test_clock_backwards": {
        "fr": "to : l'horloge de test ne fait qu'avancer ; l'heure de la plateforme est {now}",
        "nl": "to: de testklok gaat alleen vooruit; de tijd van het platform is {now}",
    },
}
