# ruff: noqa: E501  (texts read best one entry a line; wrapping them helps no reader)
"""Staff's pages: validation queue, change requests, invoicing, booking by phone, staff accounts."""

from portal.domain.words.entry import Words

WORDS: dict[str, Words] = {
    # --- staff: validation queue (R-C2) -----------------------------------------------------------
    "queue.title": Words(
        "Inscriptions à valider", "Te valideren inschrijvingen", "Bookings to validate"
    ),
    "queue.lead": Words(
        "Par échéance, les plus urgentes d'abord ; les inscriptions en retard sont en tête.",
        "Volgens termijn, de dringendste eerst; te late inschrijvingen staan bovenaan.",
        "By deadline, the most urgent first; overdue bookings at the top.",
    ),
    "queue.empty": Words(
        "Rien à valider pour l'instant.",
        "Voorlopig niets te valideren.",
        "Nothing to validate for now.",
    ),
    "queue.count": Words(
        "{count} à valider, dont {overdue} en retard.",
        "{count} te valideren, waarvan {overdue} te laat.",
        "{count} to validate, {overdue} of them overdue.",
    ),
    "queue.due": Words("Échéance", "Termijn", "Due"),
    "queue.overdue": Words("En retard", "Te laat", "Overdue"),
    "queue.requested": Words("demandée le {when}", "aangevraagd op {when}", "requested {when}"),
    "queue.placed_by": Words("par {name}", "door {name}", "by {name}"),
    "queue.decision": Words("Décision", "Beslissing", "Decision"),
    "queue.validate": Words("Valider", "Valideren", "Validate"),
    "queue.reason": Words("Motif du refus", "Reden van weigering", "Reason for rejecting"),
    "queue.reject": Words("Refuser", "Weigeren", "Reject"),
    # --- staff: change requests (R-C5) ------------------------------------------------------------
    "requests.title": Words(
        "Demandes de changement à traiter",
        "Te behandelen wijzigingsaanvragen",
        "Change requests to resolve",
    ),
    "requests.empty": Words(
        "Aucune demande ouverte.", "Geen openstaande aanvragen.", "No open request."
    ),
    "requests.kind.cancel": Words("Annulation", "Annulering", "Cancellation"),
    "requests.kind.move": Words("Report", "Verplaatsing", "Move"),
    "requests.submitted": Words("Demandée", "Aangevraagd", "Asked"),
    "requests.outcome": Words("Réponse", "Antwoord", "Outcome"),
    "requests.outcome.cancelled": Words(
        "Annuler l'inscription (avoir si facturée)",
        "Inschrijving annuleren (creditnota indien gefactureerd)",
        "Cancel the enrollment (credit note if invoiced)",
    ),
    "requests.outcome.moved": Words(
        "Reporter à la session choisie",
        "Verplaatsen naar de gekozen sessie",
        "Move to the chosen session",
    ),
    "requests.outcome.declined": Words("Décliner", "Afwijzen", "Decline"),
    "requests.reason": Words(
        "Message au client", "Bericht aan de klant", "Message to the customer"
    ),
    "requests.reason_hint": Words(
        "Repris dans l'e-mail envoyé au client.",
        "Komt in de e-mail aan de klant.",
        "Quoted in the email sent to the customer.",
    ),
    "requests.resolve": Words("Enregistrer la réponse", "Antwoord opslaan", "Record the outcome"),
    # --- staff: invoicing (R-C4) ------------------------------------------------------------------
    "staff.billing.title": Words(
        "Facturation de l'inscription", "Facturatie van de inschrijving", "Invoicing the enrollment"
    ),
    "staff.billing.see_enrollment": Words(
        "Voir l'inscription et son historique",
        "Inschrijving en geschiedenis bekijken",
        "See the enrollment and its history",
    ),
    "staff.billing.left": Words("Reste à facturer", "Nog te factureren", "Left to invoice"),
    "staff.billing.not_yet": Words(
        "La facturation n'a pas encore enregistré cette inscription : elle le fait dès sa "
        "validation. Rechargez dans un instant.",
        "De facturatie heeft deze inschrijving nog niet geregistreerd: dat gebeurt zodra ze "
        "gevalideerd is. Laad zo dadelijk opnieuw.",
        "Billing has not recorded this enrollment yet: it does once it is validated. Reload in "
        "a moment.",
    ),
    "staff.billing.parts": Words("Factures émises", "Uitgereikte facturen", "Invoices issued"),
    "staff.billing.issue": Words("Émettre une facture", "Factuur uitreiken", "Issue an invoice"),
    "staff.billing.amount": Words("Montant TTC", "Bedrag incl. btw", "Amount incl. VAT"),
    "staff.billing.amount_hint": Words(
        "Vide : tout le reste. Un montant : une partie (acompte, échéance, part d'un payeur).",
        "Leeg: alles wat overblijft. Een bedrag: een deel (voorschot, termijn, deel van een betaler).",
        "Empty: all that is left. An amount: a part (a deposit, an instalment, one payer's share).",
    ),
    "staff.billing.in_two": Words(
        "En deux fois : {first} puis {second}.",
        "In twee keer: {first} en dan {second}.",
        "In two parts: {first}, then {second}.",
    ),
    "staff.billing.other_payer": Words("Un autre payeur", "Een andere betaler", "Another payer"),
    "staff.billing.other_payer_hint": Words(
        "Pour partager le prix : sinon la facture va au responsable de l'inscription.",
        "Om de prijs te verdelen: anders gaat de factuur naar wie inschreef.",
        "To split the price: otherwise the invoice goes to whoever placed the booking.",
    ),
    "staff.billing.payer_name": Words("Nom du payeur", "Naam van de betaler", "Payer's name"),
    "staff.billing.payer_email": Words(
        "Adresse du payeur", "Adres van de betaler", "Payer's email"
    ),
    "staff.billing.submit": Words("Émettre la facture", "Factuur uitreiken", "Issue the invoice"),
    # --- staff: enrollment by phone (R-A2) -----------------------------------------------------------
    "phone.title": Words(
        "Inscription prise par téléphone",
        "Telefonisch genomen inschrijving",
        "Enrollment taken by phone",
    ),
    "phone.lead": Words(
        "La personne reçoit par e-mail un accès à son espace client, si elle n'en a pas encore.",
        "De persoon krijgt per e-mail toegang tot de klantenzone, als die er nog geen heeft.",
        "The person gets access to the customer space by email, if they have none yet.",
    ),
    "phone.session": Words("Session", "Sessie", "Session"),
    "phone.choose_session": Words("Choisissez une session", "Kies een sessie", "Choose a session"),
    "phone.email_hint": Words(
        "L'inscription rejoint l'historique de cette adresse.",
        "De inschrijving komt in de geschiedenis van dit adres.",
        "The enrollment joins this address's history.",
    ),
    "phone.company": Words("Entreprise", "Bedrijf", "Company"),
    "phone.no_company": Words("Aucune (particulier)", "Geen (particulier)", "None (an individual)"),
    "phone.language": Words(
        "Langue des messages", "Taal van de berichten", "Language of the messages"
    ),
    "phone.submit": Words(
        "Enregistrer l'inscription", "Inschrijving registreren", "Record the enrollment"
    ),
    # --- staff accounts -------------------------------------------------------------------------------
    "team.title": Words("Comptes de l'équipe", "Accounts van medewerkers", "Staff accounts"),
    "team.lead": Words(
        "La personne reçoit un lien pour choisir son mot de passe ; aucun mot de passe n'est "
        "jamais envoyé.",
        "De persoon krijgt een link om een wachtwoord te kiezen; er wordt nooit een wachtwoord "
        "verstuurd.",
        "The person gets a link to choose a password; no password is ever sent.",
    ),
    "team.role": Words("Rôle", "Rol", "Role"),
    "team.submit": Words("Créer le compte", "Account aanmaken", "Create the account"),
}
