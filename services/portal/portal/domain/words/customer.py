
"""A customer's pages: catalogue and sessions, enrollments, invoices, agreement prices."""

from portal.domain.words.entry import Words

WORDS: dict[str, Words] = {
    # --- catalogue and sessions ------------------------------------------------------------------
    "catalogue.title": Words("Sessions de formation", "Opleidingssessies", "Training sessions"),
    "catalogue.lead": Words(
        "Les sessions inter-entreprises à venir, au prix que vous paieriez.",
        "De komende open sessies, tegen de prijs die u zou betalen.",
        "The public sessions to come, at the price you would pay.",
    ),
    "catalogue.course": Words("Formation", "Opleiding", "Course"),
    "catalogue.all_courses": Words("Toutes les formations", "Alle opleidingen", "All courses"),
    "catalogue.filter": Words("Afficher", "Tonen", "Show"),
    "catalogue.sessions": Words("Sessions", "Sessies", "Sessions"),
    "catalogue.none": Words(
        "Aucune session à venir pour l'instant.",
        "Voorlopig geen komende sessies.",
        "No session to come for now.",
    ),
    "catalogue.see_and_book": Words(
        "Voir et s'inscrire", "Bekijken en inschrijven", "See and book"
    ),
    "session.when": Words("Date", "Datum", "Date"),
    "session.where": Words("Lieu", "Plaats", "Place"),
    "session.remote": Words("À distance", "Op afstand", "Remote"),
    "session.seats_left": Words("Places restantes", "Vrije plaatsen", "Seats left"),
    "session.full": Words("Complet", "Volzet", "Full"),
    "session.price": Words("Prix", "Prijs", "Price"),
    "session.agreement_price": Words(
        "prix de votre accord-cadre", "prijs van uw raamovereenkomst", "your agreement price"
    ),
    "book.title": Words("S'inscrire", "Inschrijven", "Book"),
    "book.sign_in_first": Words(
        "Connectez-vous ou créez un compte pour vous inscrire.",
        "Meld u aan of maak een account aan om in te schrijven.",
        "Log in or create an account to book.",
    ),
    "book.not_for_you": Words(
        "Les inscriptions se font depuis un compte particulier ou entreprise.",
        "Inschrijven gebeurt vanuit een particuliere of bedrijfsaccount.",
        "Bookings are made from an individual or a company account.",
    ),
    "book.request_explained": Words(
        "Votre inscription est une demande de réservation : nous la validons dans les "
        "24 heures ouvrées et vous envoyons la confirmation par e-mail.",
        "Uw inschrijving is een reservatieaanvraag: we valideren ze binnen 24 werkuren en "
        "sturen u de bevestiging per e-mail.",
        "Your booking is a request: we validate it within 24 business hours and email you "
        "the confirmation.",
    ),
    "book.for_whom": Words(
        "Inscrivez-vous, ou inscrivez vos collègues : une ligne par participant.",
        "Schrijf uzelf in, of uw collega's: één regel per deelnemer.",
        "Book for yourself or your colleagues: one line per trainee.",
    ),
    "book.for_you": Words(
        "Participant : {name} ({email}).",
        "Deelnemer: {name} ({email}).",
        "Trainee: {name} ({email}).",
    ),
    "book.trainee": Words("Participant {number}", "Deelnemer {number}", "Trainee {number}"),
    "book.add_trainee": Words("Ajouter un participant", "Deelnemer toevoegen", "Add a trainee"),
    "book.submit": Words(
        "Demander l'inscription ({price} par personne)",
        "Inschrijving aanvragen ({price} per persoon)",
        "Request the booking ({price} per person)",
    ),
    # --- enrollments -------------------------------------------------------------------------
    "status.pending_validation": Words(
        "En cours de validation", "In validatie", "Pending validation"
    ),
    "status.validated": Words("Validée", "Gevalideerd", "Validated"),
    "status.partly_invoiced": Words("Facturée en partie", "Deels gefactureerd", "Partly invoiced"),
    "status.invoiced": Words("Facturée", "Gefactureerd", "Invoiced"),
    "status.cancelled": Words("Annulée", "Geannuleerd", "Cancelled"),
    "status.rejected": Words("Refusée", "Geweigerd", "Rejected"),
    "enrollments.title": Words("Mes inscriptions", "Mijn inschrijvingen", "My enrollments"),
    "enrollments.lead": Words(
        "Les inscriptions passées avec votre adresse de connexion, {email}.",
        "De inschrijvingen met uw aanmeldadres, {email}.",
        "The enrollments placed with your login email, {email}.",
    ),
    "enrollments.none": Words(
        "Aucune inscription pour l'instant.", "Nog geen inschrijvingen.", "No enrollment yet."
    ),
    "enrollments.course": Words("Formation", "Opleiding", "Course"),
    "enrollments.trainee": Words("Participant", "Deelnemer", "Trainee"),
    "enrollments.status": Words("Statut", "Status", "Status"),
    "enrollments.due": Words(
        "validation au plus tard le {when}", "validatie uiterlijk op {when}", "validated by {when}"
    ),
    "enrollment.invoiced": Words("Déjà facturé", "Al gefactureerd", "Invoiced so far"),
    "enrollment.placed_by": Words("Inscrit par", "Ingeschreven door", "Placed by"),
    "enrollment.requested_at": Words("Demandée le", "Aangevraagd op", "Requested on"),
    "enrollment.validation_due": Words(
        "Validation au plus tard", "Uiterlijk gevalideerd", "To be validated by"
    ),
    "enrollment.history": Words("Historique", "Geschiedenis", "History"),
    "note.invoice": Words(
        "facture {number} : {invoiced} facturés sur {price}",
        "factuur {number}: {invoiced} gefactureerd van {price}",
        "invoice {number}: {invoiced} invoiced of {price}",
    ),
    "note.change_request.cancel": Words(
        "demande d'annulation envoyée", "annuleringsaanvraag verstuurd", "cancellation asked for"
    ),
    "note.change_request.move": Words(
        "demande de report envoyée", "verplaatsingsaanvraag verstuurd", "move asked for"
    ),
    "note.placed_by_staff": Words(
        "inscription prise par le service clients",
        "inschrijving genomen door de klantendienst",
        "placed by customer service",
    ),
    "note.cancelled_on_request": Words(
        "annulée à votre demande", "geannuleerd op uw verzoek", "cancelled at your request"
    ),
    "note.moved": Words(
        "reportée à une autre session",
        "verplaatst naar een andere sessie",
        "moved to another session",
    ),
    "note.declined": Words(
        "demande déclinée : {reason}", "aanvraag afgewezen: {reason}", "request declined: {reason}"
    ),
    "enrollment.documents": Words(
        "Factures et avoirs", "Facturen en creditnota's", "Invoices and credit notes"
    ),
    "change.title": Words("Annuler ou reporter", "Annuleren of verplaatsen", "Cancel or move"),
    "change.lead": Words(
        "Écrivez au service clients : il cherche avec vous le meilleur arrangement et vous "
        "répond par e-mail. Vous pouvez aussi appeler le 0 825 07 6000.",
        "Schrijf de klantendienst: die zoekt met u de beste regeling en antwoordt per e-mail. "
        "U kunt ook bellen naar 0 825 07 6000.",
        "Write to customer service: they find the best arrangement with you and answer by "
        "email. You can also call 0 825 07 6000.",
    ),
    "change.kind": Words("Vous souhaitez", "U wilt", "You would like to"),
    "change.cancel": Words(
        "annuler l'inscription", "de inschrijving annuleren", "cancel the enrollment"
    ),
    "change.move": Words(
        "reporter à une autre session",
        "verplaatsen naar een andere sessie",
        "move to another session",
    ),
    "change.target": Words("Session souhaitée", "Gewenste sessie", "Session wished for"),
    "change.target_hint": Words(
        "Pour un report : une autre session de la même formation.",
        "Voor een verplaatsing: een andere sessie van dezelfde opleiding.",
        "For a move: another session of the same course.",
    ),
    "change.no_target": Words("Pas de préférence", "Geen voorkeur", "No preference"),
    "change.message": Words("Votre message", "Uw bericht", "Your message"),
    "change.message_hint": Words(
        "La raison, et ce qui vous arrangerait.",
        "De reden, en wat u zou schikken.",
        "The reason, and what would suit you.",
    ),
    "change.pending": Words(
        "Votre demande d'annulation ou de report est entre les mains du service clients : "
        "vous recevrez sa réponse par e-mail.",
        "Uw aanvraag tot annulering of verplaatsing ligt bij de klantendienst: u krijgt het "
        "antwoord per e-mail.",
        "Your cancellation or move request is with customer service: you will get their "
        "answer by email.",
    ),
    "change.submit": Words("Envoyer la demande", "Aanvraag versturen", "Send the request"),
    # --- invoices ----------------------------------------------------------------------------
    "invoices.title": Words(
        "Factures et avoirs", "Facturen en creditnota's", "Invoices and credit notes"
    ),
    "invoices.invoices": Words("Factures", "Facturen", "Invoices"),
    "invoices.credit_notes": Words("Avoirs", "Creditnota's", "Credit notes"),
    "invoices.none": Words("Aucune facture.", "Geen facturen.", "No invoice."),
    "invoices.no_credit_notes": Words("Aucun avoir.", "Geen creditnota's.", "No credit note."),
    "invoice.label": Words("Facture {number}", "Factuur {number}", "Invoice {number}"),
    "invoice.number": Words("Numéro", "Nummer", "Number"),
    "invoice.issued_at": Words("Date", "Datum", "Date"),
    "invoice.payer": Words("Facturé à", "Gefactureerd aan", "Billed to"),
    "invoice.net": Words("Montant hors TVA", "Bedrag excl. btw", "Amount before VAT"),
    "invoice.vat": Words("TVA ({rate} %)", "Btw ({rate} %)", "VAT ({rate} %)"),
    "invoice.total": Words("Total TTC", "Totaal incl. btw", "Total incl. VAT"),
    "invoice.pdf": Words("PDF", "PDF", "PDF"),
    "invoice.download": Words("Télécharger le PDF", "PDF downloaden", "Download the PDF"),
    "invoice.lines": Words("Détail", "Details", "Details"),
    "invoice.line": Words("Libellé", "Omschrijving", "Description"),
    "invoice.amount": Words("Montant", "Bedrag", "Amount"),
    "invoice.enrollment": Words(
        "Voir l'inscription", "Inschrijving bekijken", "See the enrollment"
    ),
    "credit_note.label": Words("Avoir {number}", "Creditnota {number}", "Credit note {number}"),
    "credit_note.reason": Words("Motif", "Reden", "Reason"),
    "credit_note.invoice": Words(
        "Voir la facture créditée", "Gecrediteerde factuur bekijken", "See the credited invoice"
    ),
    # --- agreement prices (R-B2, R-B3) ---------------------------------------------------------
    "prices.title": Words(
        "Prix de votre accord-cadre", "Prijzen van uw raamovereenkomst", "Your agreement prices"
    ),
    "prices.lead": Words(
        "Les prix que votre entreprise paie aujourd'hui, formation par formation.",
        "De prijzen die uw bedrijf vandaag betaalt, per opleiding.",
        "The prices your company pays today, course by course.",
    ),
    "prices.weekly": Words(
        "Quand votre accord-cadre évolue, les nouveaux prix s'appliquent à partir du samedi "
        "qui suit (mise à jour hebdomadaire du week-end).",
        "Wanneer uw raamovereenkomst wijzigt, gelden de nieuwe prijzen vanaf de zaterdag "
        "daarna (wekelijkse update in het weekend).",
        "When your agreement changes, the new prices apply from the following Saturday (the "
        "weekly update, at the weekend).",
    ),
    "prices.none_yet": Words(
        "Les prix remisés s'affichent ici après la validation de la première inscription de "
        "votre entreprise.",
        "De kortingsprijzen verschijnen hier nadat de eerste inschrijving van uw bedrijf "
        "gevalideerd is.",
        "Discounted prices show here once your company's first enrollment has been validated.",
    ),
    "prices.list_price": Words("Prix catalogue", "Catalogusprijs", "List price"),
    "prices.your_price": Words("Votre prix", "Uw prijs", "Your price"),
}
