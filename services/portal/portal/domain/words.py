# ruff: noqa: E501  (texts read best one entry a line; wrapping them helps no reader)
"""Every word of the portal's pages, in French, Dutch and English.

A typed dictionary rather than gettext catalogues: one file to read and review,
each entry the three languages side by side, so a missing translation is a
missing argument (and `tests/test_words.py` checks that every key used by a
template or a route is here, and that the three texts of an entry have the same
`{placeholders}`). French is the platform's first language (PRODUCT.md, N).
"""

from __future__ import annotations

import string
from typing import Any, NamedTuple

from portal.domain.languages import Language


class Words(NamedTuple):
    fr: str
    nl: str
    en: str


WORDS: dict[str, Words] = {
    # --- the site -----------------------------------------------------------------------------
    "site.name": Words(
        "Espace client formations", "Klantenzone opleidingen", "Training customer space"
    ),
    "site.footer": Words(
        "Service clients : 0 825 07 6000 · Vos données ne servent qu'à vos formations.",
        "Klantendienst: 0 825 07 6000 · Uw gegevens dienen alleen voor uw opleidingen.",
        "Customer service: 0 825 07 6000 · Your data is used for your training only.",
    ),
    "a11y.skip": Words("Aller au contenu", "Naar de inhoud", "Skip to content"),
    "a11y.languages": Words("Langue", "Taal", "Language"),
    "a11y.main_nav": Words("Navigation principale", "Hoofdnavigatie", "Main navigation"),
    "zone.brussels": Words("heure de Bruxelles", "Brusselse tijd", "Brussels time"),
    # --- navigation (domain/navigation.py) ------------------------------------------------------
    "nav.catalogue": Words("Catalogue", "Catalogus", "Catalogue"),
    "nav.login": Words("Se connecter", "Aanmelden", "Log in"),
    "nav.logout": Words("Se déconnecter", "Afmelden", "Log out"),
    "nav.register": Words("Créer un compte", "Account aanmaken", "Create an account"),
    "nav.account": Words("Mon compte", "Mijn account", "My account"),
    "nav.area.customer": Words("Espace client", "Klantenzone", "Customer space"),
    "nav.area.staff": Words("Équipe", "Medewerkers", "Staff"),
    "nav.enrollments": Words("Mes inscriptions", "Mijn inschrijvingen", "My enrollments"),
    "nav.invoices": Words("Factures", "Facturen", "Invoices"),
    "nav.prices": Words("Prix de l'accord-cadre", "Prijzen raamovereenkomst", "Agreement prices"),
    "nav.staff.validations": Words("À valider", "Te valideren", "To validate"),
    "nav.staff.change_requests": Words(
        "Demandes de changement", "Wijzigingsaanvragen", "Change requests"
    ),
    "nav.staff.phone_booking": Words(
        "Inscription par téléphone", "Telefonische inschrijving", "Enrollment by phone"
    ),
    "nav.staff.team": Words("Comptes de l'équipe", "Accounts van medewerkers", "Staff accounts"),
    # --- forms ---------------------------------------------------------------------------------
    "form.optional": Words("(facultatif)", "(optioneel)", "(optional)"),
    "form.problems": Words(
        "La demande n'a pas abouti", "De aanvraag is niet gelukt", "The request did not go through"
    ),
    "form.email": Words("Adresse e-mail", "E-mailadres", "Email address"),
    "form.password": Words("Mot de passe", "Wachtwoord", "Password"),
    "form.new_password": Words("Nouveau mot de passe", "Nieuw wachtwoord", "New password"),
    "form.password_hint": Words(
        "Au moins 12 caractères ; une phrase facile à retenir convient très bien.",
        "Minstens 12 tekens; een zin die u makkelijk onthoudt, is prima.",
        "At least 12 characters; a sentence you remember easily is fine.",
    ),
    "form.full_name": Words("Nom complet", "Volledige naam", "Full name"),
    "field.missing": Words(
        "Ce champ est obligatoire.", "Dit veld is verplicht.", "This field is required."
    ),
    "field.too_short": Words("C'est trop court.", "Dat is te kort.", "This is too short."),
    "field.too_long": Words("C'est trop long.", "Dat is te lang.", "This is too long."),
    "field.invalid_email": Words(
        "Ce n'est pas une adresse e-mail valable.",
        "Dit is geen geldig e-mailadres.",
        "This is not a valid email address.",
    ),
    "field.invalid_choice": Words(
        "Choisissez une des propositions.",
        "Kies een van de mogelijkheden.",
        "Choose one of the options.",
    ),
    "field.invalid_registration_number": Words(
        "Ce numéro d'entreprise n'est pas valable : vérifiez ses chiffres (SIREN, SIRET ou numéro BCE).",
        "Dit ondernemingsnummer is niet geldig: controleer de cijfers (SIREN, SIRET of KBO-nummer).",
        "This company number is not valid: check its digits (SIREN, SIRET or enterprise number).",
    ),
    "field.invalid_vat_number": Words(
        "Ce numéro de TVA n'est pas valable pour cette entreprise.",
        "Dit btw-nummer is niet geldig voor dit bedrijf.",
        "This VAT number is not valid for this company.",
    ),
    "field.weak_password": Words(
        "Le mot de passe doit compter au moins 12 caractères.",
        "Het wachtwoord moet minstens 12 tekens tellen.",
        "The password must have at least 12 characters.",
    ),
    "field.email_taken": Words(
        "Un compte existe déjà avec cette adresse : connectez-vous ou demandez un nouveau mot de passe.",
        "Er bestaat al een account met dit adres: meld u aan of vraag een nieuw wachtwoord.",
        "An account already exists with this address: log in or ask for a new password.",
    ),
    "field.invalid_amount": Words(
        "Indiquez un montant en euros, par exemple 400 ou 400,50.",
        "Geef een bedrag in euro, bijvoorbeeld 400 of 400,50.",
        "Give an amount in euros, for example 400 or 400.50.",
    ),
    # --- problems ------------------------------------------------------------------------------
    "problem.home": Words("Retour à l'accueil", "Terug naar het begin", "Back to the home page"),
    "problem.forbidden": Words(
        "Cette page ne vous est pas accessible",
        "Deze pagina is niet voor u toegankelijk",
        "This page is not open to you",
    ),
    "problem.not_found": Words(
        "Cette page n'existe pas", "Deze pagina bestaat niet", "This page does not exist"
    ),
    "problem.method": Words(
        "Cette action n'est pas possible ici",
        "Deze handeling kan hier niet",
        "This action is not possible here",
    ),
    "problem.refused": Words(
        "La demande a été refusée", "De aanvraag werd geweigerd", "The request was refused"
    ),
    "problem.internal": Words(
        "Une erreur est survenue de notre côté",
        "Er ging bij ons iets mis",
        "Something went wrong on our side",
    ),
    "problem.form_expired": Words(
        "Ce formulaire a expiré : rechargez la page et recommencez",
        "Dit formulier is verlopen: laad de pagina opnieuw en probeer nog eens",
        "This form has expired: reload the page and try again",
    ),
    "unavailable.title": Words(
        "Service momentanément indisponible",
        "Dienst tijdelijk niet beschikbaar",
        "Service unavailable for a moment",
    ),
    "unavailable.text": Words(
        "Une partie de la plateforme ne répond pas pour l'instant. Réessayez dans quelques secondes.",
        "Een deel van het platform antwoordt momenteel niet. Probeer het over enkele seconden opnieuw.",
        "Part of the platform is not answering right now. Try again in a few seconds.",
    ),
    "unavailable.kept": Words(
        "Rien n'a été enregistré à moitié : vous pouvez recommencer sans crainte.",
        "Er werd niets half opgeslagen: u kunt gerust opnieuw proberen.",
        "Nothing was half saved: you can safely try again.",
    ),
    "unavailable.retry": Words("Réessayer", "Opnieuw proberen", "Try again"),
    # --- messages after an action ---------------------------------------------------------------
    "flash.session_expired": Words(
        "Votre session a expiré : connectez-vous à nouveau.",
        "Uw sessie is verlopen: meld u opnieuw aan.",
        "Your session has expired: please log in again.",
    ),
    "flash.logged_out": Words("Vous êtes déconnecté.", "U bent afgemeld.", "You are logged out."),
    "flash.logged_out_everywhere": Words(
        "Toutes vos sessions sont fermées, sur tous vos appareils.",
        "Al uw sessies zijn beëindigd, op al uw toestellen.",
        "All your sessions are ended, on every device.",
    ),
    "flash.everywhere_unavailable": Words(
        "La déconnexion de tous les appareils n'est pas encore proposée. Choisir un nouveau "
        "mot de passe ferme déjà toutes vos sessions.",
        "Afmelden op alle toestellen is nog niet beschikbaar. Een nieuw wachtwoord kiezen "
        "beëindigt nu al al uw sessies.",
        "Logging out everywhere is not offered yet. Choosing a new password already ends all "
        "your sessions.",
    ),
    "flash.account_created": Words(
        "Votre compte est créé. Un message de bienvenue part vers {email}.",
        "Uw account is aangemaakt. Er vertrekt een welkomstbericht naar {email}.",
        "Your account is created. A welcome message is on its way to {email}.",
    ),
    "flash.password_set": Words(
        "Votre mot de passe est enregistré : connectez-vous.",
        "Uw wachtwoord is opgeslagen: meld u aan.",
        "Your password is saved: log in.",
    ),
    "flash.password_reset": Words(
        "Votre nouveau mot de passe est enregistré et vos autres sessions sont fermées : "
        "connectez-vous.",
        "Uw nieuwe wachtwoord is opgeslagen en uw andere sessies zijn beëindigd: meld u aan.",
        "Your new password is saved and your other sessions are ended: log in.",
    ),
    "flash.email_verified": Words(
        "Votre adresse e-mail est confirmée.",
        "Uw e-mailadres is bevestigd.",
        "Your email address is confirmed.",
    ),
    "flash.email_change_sent": Words(
        "Un lien de confirmation a été envoyé à {email}. L'adresse change quand vous l'ouvrez.",
        "Er is een bevestigingslink verstuurd naar {email}. Het adres wijzigt zodra u die opent.",
        "A confirmation link was sent to {email}. The address changes when you open it.",
    ),
    "flash.email_changed": Words(
        "Votre adresse de connexion est désormais {email} : connectez-vous avec elle.",
        "Uw aanmeldadres is nu {email}: meld u daarmee aan.",
        "Your login email is now {email}: log in with it.",
    ),
    "flash.reset_link_sent": Words(
        "Un lien pour choisir un nouveau mot de passe a été envoyé à {email}.",
        "Er is een link om een nieuw wachtwoord te kiezen verstuurd naar {email}.",
        "A link to choose a new password was sent to {email}.",
    ),
    "flash.booked": Words(
        "Demande d'inscription envoyée ({count}). Nous la validons dans les 24 heures ouvrées.",
        "Inschrijvingsaanvraag verstuurd ({count}). We valideren ze binnen 24 werkuren.",
        "Booking request sent ({count}). We validate it within 24 business hours.",
    ),
    "flash.change_requested": Words(
        "Votre demande est transmise au service clients, qui vous répondra par e-mail.",
        "Uw aanvraag is doorgegeven aan de klantendienst, die u per e-mail antwoordt.",
        "Your request is with customer service, who will answer by email.",
    ),
    "flash.validated": Words(
        "Inscription de {name} validée : la confirmation est envoyée.",
        "Inschrijving van {name} gevalideerd: de bevestiging is verstuurd.",
        "{name}'s enrollment validated: the confirmation is on its way.",
    ),
    "flash.rejected": Words(
        "Inscription de {name} refusée : le client est prévenu.",
        "Inschrijving van {name} geweigerd: de klant wordt verwittigd.",
        "{name}'s enrollment rejected: the customer is told.",
    ),
    "flash.resolved": Words(
        "Demande traitée : le client est prévenu.",
        "Aanvraag afgehandeld: de klant wordt verwittigd.",
        "Request resolved: the customer is told.",
    ),
    "flash.invoiced": Words(
        "Facture {number} émise et envoyée.",
        "Factuur {number} uitgereikt en verstuurd.",
        "Invoice {number} issued and sent.",
    ),
    "flash.phone_booked": Words(
        "Inscription enregistrée. Si {email} n'a pas encore de compte, un lien d'accès lui est envoyé.",
        "Inschrijving geregistreerd. Heeft {email} nog geen account, dan krijgt die een toegangslink.",
        "Enrollment recorded. If {email} has no account yet, an access link is sent to them.",
    ),
    "flash.staff_created": Words(
        "Compte créé : {email} reçoit un lien pour choisir son mot de passe.",
        "Account aangemaakt: {email} krijgt een link om een wachtwoord te kiezen.",
        "Account created: {email} gets a link to choose a password.",
    ),
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
    # --- logging in, accounts ---------------------------------------------------------------------
    "login.title": Words("Connexion", "Aanmelden", "Log in"),
    "login.submit": Words("Se connecter", "Aanmelden", "Log in"),
    "login.forgot": Words("Mot de passe oublié ?", "Wachtwoord vergeten?", "Forgot your password?"),
    "login.no_account": Words("Pas encore de compte ?", "Nog geen account?", "No account yet?"),
    "register.title": Words("Créer un compte", "Account aanmaken", "Create an account"),
    "register.kind": Words("Type de compte", "Soort account", "Kind of account"),
    "register.individual": Words("Particulier", "Particulier", "Individual"),
    "register.company": Words("Entreprise", "Bedrijf", "Company"),
    "register.lead_individual": Words(
        "Pour vous inscrire vous-même aux formations.",
        "Om uzelf in te schrijven voor opleidingen.",
        "To book training for yourself.",
    ),
    "register.lead_company": Words(
        "Pour inscrire vos collègues : vous êtes le premier responsable d'inscription de "
        "l'entreprise, et vous verrez les prix de votre accord-cadre.",
        "Om uw collega's in te schrijven: u bent de eerste inschrijvingsverantwoordelijke van "
        "het bedrijf en ziet de prijzen van uw raamovereenkomst.",
        "To book for your colleagues: you are the company's first enrollment manager, and you "
        "will see your agreement prices.",
    ),
    "register.the_company": Words("L'entreprise", "Het bedrijf", "The company"),
    "register.the_manager": Words(
        "Vous, responsable d'inscription",
        "U, inschrijvingsverantwoordelijke",
        "You, the enrollment manager",
    ),
    "register.legal_name": Words("Raison sociale", "Officiële naam", "Legal name"),
    "register.country": Words("Pays", "Land", "Country"),
    "register.registration_number": Words(
        "Numéro d'entreprise", "Ondernemingsnummer", "Company number"
    ),
    "register.registration_number_hint": Words(
        "SIREN ou SIRET en France, numéro BCE en Belgique (0123.456.749).",
        "SIREN of SIRET in Frankrijk, KBO-nummer in België (0123.456.749).",
        "SIREN or SIRET in France, enterprise number in Belgium (0123.456.749).",
    ),
    "register.vat_number": Words("Numéro de TVA", "Btw-nummer", "VAT number"),
    "register.vat_number_hint": Words(
        "Avec le code du pays, par exemple BE0123456749.",
        "Met de landcode, bijvoorbeeld BE0123456749.",
        "With the country code, for example BE0123456749.",
    ),
    "register.email_hint": Words(
        "Votre historique d'inscriptions suit cette adresse de connexion.",
        "Uw inschrijvingsgeschiedenis volgt dit aanmeldadres.",
        "Your enrollment history follows this login email.",
    ),
    "register.submit": Words("Créer mon compte", "Mijn account aanmaken", "Create my account"),
    "register.have_account": Words(
        "Déjà un compte ?", "Al een account?", "Already have an account?"
    ),
    "country.BE": Words("Belgique", "België", "Belgium"),
    "country.FR": Words("France", "Frankrijk", "France"),
    "forgot.title": Words("Mot de passe oublié", "Wachtwoord vergeten", "Forgotten password"),
    "forgot.lead": Words(
        "Indiquez l'adresse de votre compte : nous y envoyons un lien pour choisir un nouveau "
        "mot de passe.",
        "Geef het adres van uw account: we sturen er een link naartoe om een nieuw wachtwoord "
        "te kiezen.",
        "Give your account's address: we send it a link to choose a new password.",
    ),
    "forgot.submit": Words("Envoyer le lien", "Link versturen", "Send the link"),
    "forgot.sent": Words(
        "Si un compte existe pour {email}, un lien vient d'y être envoyé. Il est valable peu "
        "de temps et ne sert qu'une fois.",
        "Als er een account bestaat voor {email}, is er net een link naartoe gestuurd. Hij is "
        "kort geldig en dient maar één keer.",
        "If an account exists for {email}, a link was just sent to it. It is valid for a short "
        "time and works once.",
    ),
    "password.set.title": Words(
        "Choisir votre mot de passe", "Uw wachtwoord kiezen", "Choose your password"
    ),
    "password.set.lead": Words(
        "Un compte a été créé pour vous. Choisissez son mot de passe : votre adresse est "
        "confirmée du même coup.",
        "Er is een account voor u aangemaakt. Kies het wachtwoord: uw adres is meteen bevestigd.",
        "An account was made for you. Choose its password: your address is confirmed at the "
        "same time.",
    ),
    "password.reset.title": Words("Nouveau mot de passe", "Nieuw wachtwoord", "New password"),
    "password.reset.lead": Words(
        "Choisissez un nouveau mot de passe. Toutes vos sessions ouvertes seront fermées.",
        "Kies een nieuw wachtwoord. Al uw open sessies worden beëindigd.",
        "Choose a new password. All your open sessions will be ended.",
    ),
    "password.submit": Words(
        "Enregistrer le mot de passe", "Wachtwoord opslaan", "Save the password"
    ),
    "link.missing_token": Words(
        "Ce lien est incomplet : ouvrez-le tel qu'il figure dans le message reçu.",
        "Deze link is onvolledig: open hem zoals hij in het ontvangen bericht staat.",
        "This link is incomplete: open it as it is in the message you received.",
    ),
    "link.ask_again": Words(
        "Lien expiré ou déjà utilisé ? En demander un nouveau",
        "Link verlopen of al gebruikt? Vraag een nieuwe aan",
        "Link expired or used already? Ask for a new one",
    ),
    "verify.title": Words("Confirmer votre adresse", "Uw adres bevestigen", "Confirm your address"),
    "verify.lead": Words(
        "Confirmez que cette adresse e-mail est bien la vôtre.",
        "Bevestig dat dit e-mailadres van u is.",
        "Confirm that this email address is yours.",
    ),
    "verify.submit": Words("Confirmer mon adresse", "Mijn adres bevestigen", "Confirm my address"),
    "confirm.title": Words(
        "Confirmer la nouvelle adresse", "Het nieuwe adres bevestigen", "Confirm the new address"
    ),
    "confirm.lead": Words(
        "Vous êtes connecté avec {email}. Confirmez pour faire de la nouvelle adresse votre "
        "adresse de connexion.",
        "U bent aangemeld met {email}. Bevestig om het nieuwe adres uw aanmeldadres te maken.",
        "You are logged in as {email}. Confirm to make the new address your login email.",
    ),
    "confirm.submit": Words(
        "Confirmer le changement", "Wijziging bevestigen", "Confirm the change"
    ),
    "account.title": Words("Mon compte", "Mijn account", "My account"),
    "account.login_email": Words("Adresse de connexion", "Aanmeldadres", "Login email"),
    "account.roles": Words("Rôles", "Rollen", "Roles"),
    "account.change_email": Words(
        "Changer d'adresse de connexion", "Aanmeldadres wijzigen", "Change the login email"
    ),
    "account.email_warning": Words(
        "Attention : votre historique suit votre adresse de connexion. Après le changement, "
        "vous verrez les inscriptions passées avec la nouvelle adresse et plus celles de "
        "l'ancienne.",
        "Let op: uw geschiedenis volgt uw aanmeldadres. Na de wijziging ziet u de "
        "inschrijvingen met het nieuwe adres en niet meer die van het oude.",
        "Warning: your history follows your login email. After the change you will see the "
        "enrollments placed with the new address, and no longer those of the old one.",
    ),
    "account.new_email": Words("Nouvelle adresse", "Nieuw adres", "New address"),
    "account.current_password": Words(
        "Mot de passe actuel", "Huidig wachtwoord", "Current password"
    ),
    "account.change_email_submit": Words(
        "Envoyer le lien de confirmation",
        "Bevestigingslink versturen",
        "Send the confirmation link",
    ),
    "account.change_password": Words(
        "Changer de mot de passe", "Wachtwoord wijzigen", "Change the password"
    ),
    "account.change_password_lead": Words(
        "Nous envoyons à {email} un lien pour choisir un nouveau mot de passe.",
        "We sturen naar {email} een link om een nieuw wachtwoord te kiezen.",
        "We send {email} a link to choose a new password.",
    ),
    "account.change_password_submit": Words("Recevoir le lien", "Link ontvangen", "Get the link"),
    "account.everywhere": Words("Se déconnecter partout", "Overal afmelden", "Log out everywhere"),
    "account.everywhere_lead": Words(
        "Ferme toutes vos sessions, sur tous vos appareils, celle-ci comprise.",
        "Beëindigt al uw sessies, op al uw toestellen, ook deze.",
        "Ends all your sessions, on every device, this one included.",
    ),
    "account.everywhere_submit": Words(
        "Fermer toutes mes sessions", "Al mijn sessies beëindigen", "End all my sessions"
    ),
    "role.individual": Words("particulier", "particulier", "individual"),
    "role.enrollment_manager": Words(
        "responsable d'inscription", "inschrijvingsverantwoordelijke", "enrollment manager"
    ),
    "role.hr": Words("RH", "HR", "HR"),
    "role.participant": Words("participant", "deelnemer", "participant"),
    "role.customer_service": Words("service clients", "klantendienst", "customer service"),
    "role.planner": Words("planification", "planning", "planner"),
    "role.trainer": Words("formateur", "lesgever", "trainer"),
    "role.admin": Words("administrateur", "beheerder", "administrator"),
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

FIELD_ERROR_WORDS: dict[str, str] = {
    "missing": "field.missing",
    "string_too_short": "field.too_short",
    "string_too_long": "field.too_long",
    "value_error": "field.invalid_email",
    "literal_error": "field.invalid_choice",
    "enum": "field.invalid_choice",
    "uuid_parsing": "field.invalid_choice",
    "invalid_amount": "field.invalid_amount",
    "decimal_parsing": "field.invalid_amount",
    "weak_password": "field.weak_password",
    "email_taken": "field.email_taken",
}
"""The field-error codes (pydantic's, and the portal's own) the portal words itself."""


FIELD_WORDS: dict[str, str] = {
    "registration_number": "field.invalid_registration_number",
    "vat_number": "field.invalid_vat_number",
}
"""A form field refused with a generic code (`invalid`, `invalid_company_number`): the
portal's words for what is wrong with it (R-A1: the company number checked)."""


def translate(language: Language, key: str, **params: Any) -> str:
    """The words of `key` in `language`, their `{placeholders}` filled; the key itself when
    it is unknown (a test keeps that from happening)."""
    words = WORDS.get(key)
    if words is None:
        return key
    text: str = getattr(words, language)
    return text.format(**params) if params else text


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
