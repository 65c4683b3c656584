
"""Logging in and accounts: registration, passwords, email, companies."""

from portal.domain.words.entry import Words

WORDS: dict[str, Words] = {
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
}
