# ruff: noqa: E501  (texts read best one entry a line; wrapping them helps no reader)
"""The site's frame, navigation, forms, problems and the messages after an action."""

from portal.domain.words.entry import Words

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
}
