# ruff: noqa: E501  (texts read best one entry a line; wrapping them helps no reader)
"""In-company pages: HR (attestation, requests, groups, participants), participants
(trainings, evaluation), staff (planning, attestations, groups), and the test clock banner."""

from portal.domain.words.entry import Words

W = Words

WORDS: dict[str, Words] = {
    "site.test_clock": W(
        "Horloge de test active : sur la plateforme, il est {now}.",
        "Testklok actief: op het platform is het {now}.",
        "Test clock in force: on the platform it is {now}.",
    ),
    # --- navigation -------------------------------------------------------------------------------
    "nav.area.hr": W("Ressources humaines", "Personeelsdienst", "Human resources"),
    "nav.area.participant": W("Participant", "Deelnemer", "Participant"),
    "nav.area.incompany_staff": W(
        "Formations en entreprise", "Bedrijfsopleidingen", "In-company training"
    ),
    "nav.hr.groups": W("Groupes", "Groepen", "Groups"),
    "nav.hr.requests": W("Demandes", "Aanvragen", "Requests"),
    "nav.hr.attestation": W("Attestation", "Attest", "Attestation"),
    "nav.trainings": W("Mes formations", "Mijn opleidingen", "My trainings"),
    "nav.staff.planning": W("Planification", "Planning", "Planning"),
    "nav.staff.attestations": W("Attestations RH", "HR-attesten", "HR attestations"),
    "nav.staff.groups": W("Groupes en entreprise", "Bedrijfsgroepen", "In-company groups"),
    # --- HR attestation (R-A6) ----------------------------------------------------------------------
    "attestation.title": W(
        "Attestation des conditions d'utilisation",
        "Attest van de gebruiksvoorwaarden",
        "Attestation of the terms of service",
    ),
    "attestation.lead": W(
        "Déposez l'attestation signée de votre fonction RH : une fois approuvée, vous pourrez inscrire les participants.",
        "Laad het ondertekende attest van uw HR-functie op: eens goedgekeurd kunt u deelnemers inschrijven.",
        "Upload the signed attestation of your HR position: once approved, you may enter participants.",
    ),
    "attestation.yours": W("Votre attestation", "Uw attest", "Your attestation"),
    "attestation.state": W("État", "Status", "State"),
    "attestation.state.pending": W(
        "En attente d'approbation", "Wacht op goedkeuring", "Waiting for approval"
    ),
    "attestation.state.approved": W("Approuvée", "Goedgekeurd", "Approved"),
    "attestation.state.rejected": W("Refusée", "Geweigerd", "Rejected"),
    "attestation.position": W("Fonction", "Functie", "Position"),
    "attestation.submitted": W("Déposée le", "Ingediend op", "Submitted"),
    "attestation.reason": W("Motif du refus", "Reden van weigering", "Reason for rejecting"),
    "attestation.document": W("Attestation signée", "Ondertekend attest", "Signed attestation"),
    "attestation.document_hint": W(
        "PDF ou image, 10 Mo au plus.",
        "PDF of afbeelding, hoogstens 10 MB.",
        "PDF or image, 10 MB at most.",
    ),
    "attestation.submit": W("Envoyer l'attestation", "Attest versturen", "Send the attestation"),
    # --- requests (R-I1 to R-I3) --------------------------------------------------------------------
    "ic.requests.title": W(
        "Demandes de formation en entreprise",
        "Aanvragen voor bedrijfsopleidingen",
        "In-company training requests",
    ),
    "ic.requests.new": W("Nouvelle demande", "Nieuwe aanvraag", "New request"),
    "ic.requests.none": W(
        "Aucune demande pour l'instant.", "Voorlopig geen aanvragen.", "No request yet."
    ),
    "ic.requests.lead": W(
        "Une formation du catalogue, pour {minimum} participants ou plus, avec le plan de formation de l'année.",
        "Een opleiding uit de catalogus, voor {minimum} deelnemers of meer, met het opleidingsplan van het jaar.",
        "A catalogue course, for {minimum} participants or more, with the year's training plan.",
    ),
    "ic.requests.submit": W("Envoyer la demande", "Aanvraag versturen", "Send the request"),
    "ic.course": W("Formation", "Opleiding", "Course"),
    "ic.choose_course": W("Choisissez une formation", "Kies een opleiding", "Choose a course"),
    "ic.desired_from": W("Période souhaitée : du", "Gewenste periode: van", "Desired period: from"),
    "ic.desired_until": W(
        "Période souhaitée : au", "Gewenste periode: tot", "Desired period: until"
    ),
    "ic.period": W("Période souhaitée", "Gewenste periode", "Desired period"),
    "ic.expected": W("Participants attendus", "Verwachte deelnemers", "Expected participants"),
    "ic.expected_hint": W("Six au moins.", "Minstens zes.", "Six at least."),
    "ic.hr_name": W("Contact RH", "HR-contactpersoon", "HR contact"),
    "ic.comment": W("Commentaire", "Opmerking", "Comment"),
    "ic.plan": W("Plan de formation", "Opleidingsplan", "Training plan"),
    "ic.plans_known": W(
        "Plans déjà déposés :", "Reeds ingediende plannen:", "Plans already submitted:"
    ),
    "ic.plan_needed": W(
        "Joignez le plan de formation de l'année de la période souhaitée.",
        "Voeg het opleidingsplan toe van het jaar van de gewenste periode.",
        "Attach the training plan of the desired period's year.",
    ),
    "ic.plan_reference": W("Référence du plan", "Referentie van het plan", "Plan reference"),
    "ic.plan_document": W("Document du plan", "Document van het plan", "Plan document"),
    "ic.state": W("État", "Status", "State"),
    "ic.company": W("Entreprise", "Bedrijf", "Company"),
    "ic.project": W("Numéro de projet", "Projectnummer", "Project number"),
    "ic.request_state.requested": W("Demandée", "Aangevraagd", "Requested"),
    "ic.request_state.proposed": W("Dates proposées", "Data voorgesteld", "Dates proposed"),
    "ic.request_state.confirmed": W("Confirmée", "Bevestigd", "Confirmed"),
    "ic.proposals.choose": W("Choisissez vos dates", "Kies uw data", "Choose your dates"),
    "ic.proposals.option": W("Option {number}", "Optie {number}", "Option {number}"),
    "ic.proposals.take": W(
        "Choisir l'option {number}", "Optie {number} kiezen", "Choose option {number}"
    ),
    "ic.proposals.waiting": W(
        "Le planificateur vous proposera des dates.",
        "De planner zal u data voorstellen.",
        "The planner will propose dates.",
    ),
    # --- groups and participants (R-I5, R-I7, R-I8) -------------------------------------------------
    "ic.groups.title": W("Groupes", "Groepen", "Groups"),
    "ic.groups.none": W("Aucun groupe pour l'instant.", "Voorlopig geen groepen.", "No group yet."),
    "ic.group": W("Groupe", "Groep", "Group"),
    "ic.when": W("Quand", "Wanneer", "When"),
    "ic.trainer": W("Formateur", "Opleider", "Trainer"),
    "ic.class_link": W("Classe en ligne", "Online klas", "Online class"),
    "ic.until": W(
        "Participants modifiables jusqu'au",
        "Deelnemers wijzigbaar tot",
        "Participants may change until",
    ),
    "ic.participants": W("Participants", "Deelnemers", "Participants"),
    "ic.participants.none": W(
        "Aucun participant inscrit.", "Geen deelnemers ingeschreven.", "No participant entered."
    ),
    "ic.participants.add": W("Ajouter un participant", "Deelnemer toevoegen", "Add a participant"),
    "ic.participants.until": W(
        "Possible jusqu'au {when}.", "Mogelijk tot {when}.", "Possible until {when}."
    ),
    "ic.participants.submit": W(
        "Ajouter le participant", "Deelnemer toevoegen", "Add the participant"
    ),
    "ic.participants.closed": W(
        "La liste des participants est close.",
        "De deelnemerslijst is afgesloten.",
        "The list of participants is closed.",
    ),
    "ic.nrn": W("Numéro de registre national", "Rijksregisternummer", "National register number"),
    "ic.nrn_hint": W(
        "11 chiffres, par exemple 85.07.30-033.28 ; affiché masqué une fois enregistré.",
        "11 cijfers, bijvoorbeeld 85.07.30-033.28; na registratie gemaskeerd getoond.",
        "11 digits, e.g. 85.07.30-033.28; shown masked once saved.",
    ),
    "ic.change": W("Modifier", "Wijzigen", "Change"),
    "ic.remove": W("Retirer", "Verwijderen", "Remove"),
    "ic.remove_named": W("Retirer {name}", "{name} verwijderen", "Remove {name}"),
    "ic.group_state.planned": W("Planifié", "Gepland", "Planned"),
    "ic.group_state.confirmed": W("Confirmé", "Bevestigd", "Confirmed"),
    "ic.group_state.cancelled": W("Annulé", "Geannuleerd", "Cancelled"),
    "ic.group_state.completed": W("Terminé", "Afgelopen", "Completed"),
    "nrn.missing": W(
        "Indiquez le numéro de registre national.",
        "Vul het rijksregisternummer in.",
        "Enter the national register number.",
    ),
    "nrn.length": W(
        "Le numéro a 11 chiffres.", "Het nummer heeft 11 cijfers.", "The number has 11 digits."
    ),
    "nrn.format": W(
        "Uniquement des chiffres, éventuellement écrits AA.MM.JJ-XXX.CC.",
        "Alleen cijfers, eventueel geschreven als JJ.MM.DD-XXX.CC.",
        "Digits only, optionally written YY.MM.DD-XXX.CC.",
    ),
    "nrn.checksum": W(
        "Les chiffres de contrôle ne correspondent pas : vérifiez le numéro.",
        "De controlecijfers kloppen niet: controleer het nummer.",
        "The check digits do not match: please check the number.",
    ),
    "nrn.birth_date": W(
        "Le numéro ne commence pas par une date de naissance valide.",
        "Het nummer begint niet met een geldige geboortedatum.",
        "The number does not begin with a valid birth date.",
    ),
    "nrn.valid": W("Numéro valide.", "Geldig nummer.", "Valid number."),
    # --- deadlines and results (R-I6, R-I9, R-I10, R-I12, R-I15) ------------------------------------
    "ic.deadlines": W("Échéances", "Termijnen", "Deadlines"),
    "ic.deadline": W("Échéance", "Termijn", "Deadline"),
    "ic.due": W("Prévue le", "Gepland op", "Due"),
    "ic.deadlines.none": W("Aucune échéance.", "Geen termijnen.", "No deadline."),
    "ic.deadline_for": W("Pour", "Voor", "For"),
    "ic.deadline_for.group": W("Le groupe", "De groep", "The group"),
    "ic.deadline_for.removed": W(
        "Participant retiré", "Verwijderde deelnemer", "Removed participant"
    ),
    "ic.deadline.participant_reminder": W(
        "Rappel de la liste des participants",
        "Herinnering deelnemerslijst",
        "Participant list reminder",
    ),
    "ic.deadline.definitive_confirmation": W(
        "Confirmation définitive", "Definitieve bevestiging", "Definitive confirmation"
    ),
    "ic.deadline.platform_link": W(
        "Lien vers la plateforme", "Link naar het platform", "Learning platform link"
    ),
    "ic.deadline.participant_cutoff": W(
        "Clôture de la liste", "Afsluiting van de lijst", "List cut-off"
    ),
    "ic.deadline.evaluation_invitation": W(
        "Invitation à l'évaluation", "Uitnodiging tot evaluatie", "Evaluation invitation"
    ),
    "ic.deadline_state.scheduled": W("À venir", "Gepland", "Scheduled"),
    "ic.deadline_state.done": W("Fait", "Gedaan", "Done"),
    "ic.deadline_state.missed": W("Manquée", "Gemist", "Missed"),
    "ic.deadline_state.cancelled": W("Annulée", "Geannuleerd", "Cancelled"),
    "ic.results": W(
        "Résultats de l'évaluation", "Resultaten van de evaluatie", "Evaluation results"
    ),
    "ic.results.none": W(
        "Aucune réponse pour l'instant.", "Voorlopig geen antwoorden.", "No answer yet."
    ),
    "ic.results.count": W(
        "{responses} réponse(s) sur {participants} participant(s).",
        "{responses} antwoord(en) op {participants} deelnemer(s).",
        "{responses} answer(s) from {participants} participant(s).",
    ),
    "ic.results.comments": W("Commentaires", "Opmerkingen", "Comments"),
    # --- participant (R-I10, R-I12) -----------------------------------------------------------------
    "trainings.title": W("Mes formations", "Mijn opleidingen", "My trainings"),
    "trainings.none": W(
        "Aucune formation pour l'instant.", "Voorlopig geen opleidingen.", "No training yet."
    ),
    "trainings.join": W("Rejoindre la classe", "Deelnemen aan de klas", "Join the class"),
    "trainings.platform": W("Plateforme d'apprentissage", "Leerplatform", "Learning platform"),
    "trainings.platform_open": W("Ouvrir la plateforme", "Platform openen", "Open the platform"),
    "trainings.platform_later": W(
        "Le lien arrive le lendemain de la confirmation.",
        "De link volgt de dag na de bevestiging.",
        "The link comes the day after the confirmation.",
    ),
    "trainings.evaluate": W("Donner mon avis", "Mijn mening geven", "Give my opinion"),
    "trainings.evaluated": W(
        "Merci, votre avis est enregistré.",
        "Bedankt, uw mening is geregistreerd.",
        "Thank you, your opinion is recorded.",
    ),
    "trainings.evaluation_from": W(
        "L'évaluation ouvre le {day}.",
        "De evaluatie opent op {day}.",
        "The evaluation opens on {day}.",
    ),
    "evaluation.title": W(
        "Évaluation de la formation", "Evaluatie van de opleiding", "Evaluation of the training"
    ),
    "evaluation.content": W("Contenu", "Inhoud", "Content"),
    "evaluation.trainer": W("Formateur", "Opleider", "Trainer"),
    "evaluation.organisation": W("Organisation", "Organisatie", "Organisation"),
    "evaluation.platform": W("Plateforme", "Platform", "Platform"),
    "evaluation.score.1": W("1 : très insatisfait", "1 : zeer ontevreden", "1 : very dissatisfied"),
    "evaluation.score.2": W("2", "2", "2"),
    "evaluation.score.3": W("3", "3", "3"),
    "evaluation.score.4": W("4", "4", "4"),
    "evaluation.score.5": W("5 : très satisfait", "5 : zeer tevreden", "5 : very satisfied"),
    "evaluation.comment": W("Commentaire", "Opmerking", "Comment"),
    "evaluation.submit": W("Envoyer mon avis", "Mijn mening versturen", "Send my opinion"),
    # --- staff: planning (R-I3) and attestations (R-A6) ---------------------------------------------
    "planning.title": W("Demandes à planifier", "Te plannen aanvragen", "Requests to plan"),
    "planning.lead": W(
        "Notez la disponibilité du formateur, puis proposez des dates au client.",
        "Noteer de beschikbaarheid van de opleider en stel dan data voor aan de klant.",
        "Record the trainer's availability, then propose dates to the customer.",
    ),
    "planning.none": W(
        "Aucune demande à planifier.", "Geen aanvragen te plannen.", "No request to plan."
    ),
    "planning.availability": W(
        "Disponibilité du formateur", "Beschikbaarheid van de opleider", "Trainer availability"
    ),
    "planning.availability.none": W(
        "Aucune disponibilité notée.",
        "Geen beschikbaarheid genoteerd.",
        "No availability recorded.",
    ),
    "planning.availability.add": W(
        "Noter une disponibilité", "Beschikbaarheid noteren", "Record availability"
    ),
    "planning.availability.submit": W(
        "Enregistrer la disponibilité", "Beschikbaarheid opslaan", "Save the availability"
    ),
    "planning.from": W("Début", "Begin", "Start"),
    "planning.to": W("Fin", "Einde", "End"),
    "planning.brussels": W("Heures de Bruxelles.", "Brusselse tijd.", "Brussels time."),
    "planning.proposals": W("Dates proposées", "Voorgestelde data", "Proposed dates"),
    "planning.propose": W("Proposer des dates", "Data voorstellen", "Propose dates"),
    "planning.propose.submit": W(
        "Envoyer la proposition", "Voorstel versturen", "Send the proposal"
    ),
    "planning.proposal_state.open": W(
        "en attente du client", "wacht op de klant", "waiting for the customer"
    ),
    "planning.proposal_state.chosen": W("choisie", "gekozen", "chosen"),
    "planning.proposal_state.declined": W("écartée", "niet gekozen", "not chosen"),
    "attestations.title": W(
        "Attestations RH à examiner", "Te beoordelen HR-attesten", "HR attestations to review"
    ),
    "attestations.lead": W(
        "Les plus anciennes d'abord. Une fois approuvée, la personne RH inscrit les participants.",
        "De oudste eerst. Eens goedgekeurd schrijft de HR-persoon deelnemers in.",
        "Oldest first. Once approved, the HR person enters participants.",
    ),
    "attestations.none": W(
        "Aucune attestation en attente.", "Geen attesten in afwachting.", "No attestation waiting."
    ),
    "attestations.approve": W("Approuver", "Goedkeuren", "Approve"),
    "attestations.approve_named": W(
        "Approuver l'attestation de {name}",
        "Attest van {name} goedkeuren",
        "Approve {name}'s attestation",
    ),
    "attestations.reason": W("Motif du refus", "Reden van weigering", "Reason for rejecting"),
    "attestations.reject": W("Refuser", "Weigeren", "Reject"),
    "attestations.reject_named": W(
        "Refuser l'attestation de {name}",
        "Attest van {name} weigeren",
        "Reject {name}'s attestation",
    ),
    # --- messages after a form ----------------------------------------------------------------------
    "flash.attestation_sent": W(
        "Attestation envoyée : elle sera examinée par le service clients.",
        "Attest verstuurd: de klantendienst beoordeelt het.",
        "Attestation sent: customer service will review it.",
    ),
    "flash.attestation_approved": W(
        "Attestation approuvée.", "Attest goedgekeurd.", "Attestation approved."
    ),
    "flash.attestation_rejected": W(
        "Attestation refusée.", "Attest geweigerd.", "Attestation rejected."
    ),
    "flash.request_sent": W(
        "Demande envoyée : le planificateur vous proposera des dates.",
        "Aanvraag verstuurd: de planner stelt u data voor.",
        "Request sent: the planner will propose dates.",
    ),
    "flash.dates_chosen": W(
        "Dates confirmées : les groupes sont créés.",
        "Data bevestigd: de groepen zijn aangemaakt.",
        "Dates confirmed: the groups are created.",
    ),
    "flash.dates_proposed": W(
        "Dates proposées au client.",
        "Data voorgesteld aan de klant.",
        "Dates proposed to the customer.",
    ),
    "flash.availability_recorded": W(
        "Disponibilité enregistrée.", "Beschikbaarheid opgeslagen.", "Availability saved."
    ),
    "flash.participant_added": W(
        "{name} est inscrit(e).", "{name} is ingeschreven.", "{name} is entered."
    ),
    "flash.participant_cancelled": W(
        "Participant retiré.", "Deelnemer verwijderd.", "Participant removed."
    ),
    "flash.evaluation_sent": W(
        "Merci pour votre avis.", "Bedankt voor uw mening.", "Thank you for your opinion."
    ),
    "field.invalid_instant": W(
        "Indiquez une date et une heure.",
        "Vul een datum en een uur in.",
        "Enter a date and a time.",
    ),
}
