"""The portal's walks in a real browser, on the real broker and PostgreSQL (issue 16).

1. the customer-space guide: a company registers (its number checked on the field),
   books for two people, staff validate in the validation queue (the overdue one on
   top), invoice one enrollment in two parts, the manager sees "partly invoiced" then
   "invoiced", downloads the PDF, asks to cancel and sees the outcome;
2. the phone enrollment (R-A2), with JavaScript off: staff book for an unknown email,
   the person opens the emailed link, chooses a password and sees the enrollment;
3. password reset and email change from the emails' links (R-A3, R-A5), JavaScript off;
4. the in-company process: HR attests, requests with a training plan and six participants,
   chooses the dates a planner proposed in the staff pages, enters the participants with
   their national register numbers; the platform's test clock moves past the day after
   the class, a participant answers the evaluation from the emailed link and HR sees it;
5. every link of every email sent meanwhile opens a page, none answering 4xx or 5xx.

Every page visited is checked by axe-core (no serious or critical violation) and
against the Content-Security-Policy; the main pages are photographed at desktop and
phone width into docs/portal/. The walks share one platform (conftest.py) and follow
each other: staff made in walk 1 serve walks 2 and 3, the link check reads the emails
of all three.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from testkit.services import wait_until

pytestmark = [
    pytest.mark.broker,
    pytest.mark.postgres,
    pytest.mark.asyncio(loop_scope="session"),
]

PASSWORD = "correct horse battery staple"
ADMIN = "admin@training.example"
MANAGER = "manon@corp.example"
COLLEAGUE = "marc@corp.example"
CS = "claire@training.example"
OLGA = "olga@example.be"
PAUL = "paul@example.fr"
PAUL_NEW = "paul.durand@example.fr"


async def eventually(visitor, path: str, expected: str, timeout: float = 15) -> str:
    """Reload `path` until its main text holds `expected` (an event is on its way)."""

    async def shown() -> bool:
        await visitor.goto(path)
        return expected in await visitor.text()

    await wait_until(shown, timeout=timeout, interval=0.3, message=f"{expected!r} on {path}")
    return str(await visitor.text())


@pytest.fixture(scope="module")
def world(platform):
    return platform


async def seed(platform) -> None:
    """What exists before anyone opens a browser: the first admin, the catalogue, and a
    booking left unvalidated past its deadline (R-C2), so the queue has one overdue."""
    api = platform.api
    link = await platform.first_admin(ADMIN, "Ada Admin")
    answer = await api.post(
        "/accounts/password/set", json={"token": platform.token_of(link), "password": PASSWORD}
    )
    assert answer.status_code == 204, answer.text
    platform.passwords[ADMIN] = PASSWORD
    admin = await platform.token(ADMIN)
    courses = {}
    for code, title, price in (
        ("PY-101", "Python pour débutants", "1234.50"),
        ("XL-201", "Excel avancé", "890.00"),
    ):
        answer = await api.post(
            "/enrollment/courses",
            json={"code": code, "title": title, "list_price": price},
            headers=admin,
        )
        assert answer.status_code == 201, answer.text
        courses[code] = answer.json()["id"]
    for code, day, place in (
        ("PY-101", "2027-02-15", "12 rue de la Paix, Paris"),
        ("XL-201", "2027-02-22", "Avenue Louise 54, Bruxelles"),
        ("PY-101", "2027-03-15", "remote"),
    ):
        answer = await api.post(
            "/enrollment/sessions",
            json={
                "course_id": courses[code],
                "starts_at": f"{day}T08:00:00Z",
                "ends_at": f"{day}T16:00:00Z",
                "location": place,
                "seats": 12,
            },
            headers=admin,
        )
        assert answer.status_code == 201, answer.text
        platform.ids.setdefault(f"session {code}", answer.json()["id"])
    # Olga books on Monday; by Wednesday her request is past its 24 business hours.
    person = {"email": OLGA, "password": PASSWORD, "full_name": "Olga Leroy"}
    assert (await api.post("/accounts/register", json=person)).status_code == 201
    platform.passwords[OLGA] = PASSWORD
    answer = await api.post(
        "/enrollment/bookings",
        json={
            "session_id": platform.ids["session XL-201"],
            "trainees": [{"full_name": "Olga Leroy", "email": OLGA}],
        },
        headers=await platform.token(OLGA),
    )
    assert answer.status_code == 201, answer.text
    olga = answer.json()[0]["id"]
    platform.clock.advance(timedelta(days=2))
    admin = await platform.token(ADMIN)

    async def overdue() -> bool:
        found = await api.get(f"/enrollment/bookings/{olga}", headers=admin)
        return bool(found.json()["overdue"])

    await wait_until(overdue, message="Olga's booking flagged overdue")


async def test_1_the_customer_space_guide(world, visitor) -> None:
    platform = world
    await seed(platform)

    # --- an admin adds customer service; Claire chooses her password from the email
    admin = await visitor(name="admin")
    await admin.log_in(ADMIN, PASSWORD)
    await admin.goto("/staff/team")
    await admin.fill("Nom complet", "Claire Service")
    await admin.fill("Adresse e-mail", CS)
    await admin.page.get_by_label("Rôle").select_option("customer_service")
    await admin.check("staff-team")
    await admin.press("Créer le compte")
    assert "reçoit un lien" in await admin.text()

    claire = await visitor(name="claire")
    access = await platform.mail.received(CS, "Votre accès")
    await claire.goto(platform.mail.link(access, "/set-password"))
    await claire.check("set-password")
    await claire.fill("Nouveau mot de passe", PASSWORD)
    await claire.press("Enregistrer le mot de passe")
    assert claire.path() == "/login"
    assert "mot de passe est enregistré" in await claire.text()
    platform.passwords[CS] = PASSWORD
    await claire.log_in(CS, PASSWORD)
    assert claire.path() == "/staff/validations"

    # --- a company opens its account (R-A1); its number is checked on the field
    manon = await visitor(name="manon")
    await manon.goto("/")
    assert "Python pour débutants" in await manon.text()
    assert "1\u00a0234,50\u00a0€" in await manon.text()
    await manon.check("catalogue")
    await manon.page.get_by_role("link", name="Créer un compte").first.click()
    await manon.page.get_by_role("link", name="Entreprise").click()
    await manon.fill("Raison sociale", "Corp SAS")
    await manon.page.get_by_label("Pays").select_option("FR")
    await manon.fill("Numéro d'entreprise", "732829321")
    await manon.fill("Nom complet", "Manon Martin")
    await manon.fill("Adresse e-mail", MANAGER)
    await manon.fill("Nouveau mot de passe", PASSWORD)
    await manon.press("Créer mon compte")
    error = manon.page.locator("#e-registration-number")
    assert await error.is_visible(), await manon.text()
    assert await manon.page.get_by_label("Raison sociale").input_value() == "Corp SAS"
    await manon.check("register-company-refused")
    await manon.fill("Numéro d'entreprise", "732829320")
    await manon.fill("Nouveau mot de passe", PASSWORD)
    await manon.press("Créer mon compte")
    assert "Votre compte est créé" in await manon.text()
    platform.passwords[MANAGER] = PASSWORD
    welcome = await platform.mail.received(MANAGER, "Bienvenue")
    verify = [link for link in platform.mail.links(welcome) if "/verify-email" in link]
    if verify:  # once accounts asks a new account to confirm its address
        await manon.goto(verify[0])
        await manon.press("Confirmer mon adresse")

    # --- she books herself and a colleague (R-C1)
    await manon.goto(f"/sessions/{platform.ids['session PY-101']}")
    await manon.press("Ajouter un participant")
    await manon.page.locator("#f-trainees-1-full-name").fill("Marc Petit")
    await manon.page.locator("#f-trainees-1-email").fill(COLLEAGUE)
    await manon.check("session-booking")
    await manon.page.get_by_role("button", name="Demander l'inscription").click()
    await manon.page.wait_for_url("**/enrollments")
    listed = await manon.text()
    assert listed.count("En cours de validation") == 2, listed
    await manon.check("enrollments")

    # --- staff: the queue, overdue first (R-C2); validation with htmx, in place (R-C3)
    await claire.goto("/staff/validations")
    rows = claire.page.locator("table.queue tbody tr")
    assert await rows.count() == 3
    assert "Olga Leroy" in await rows.nth(0).inner_text()
    assert "En retard" in await rows.nth(0).inner_text()
    await claire.check("staff-validations")
    for name in ("Manon Martin", "Marc Petit"):
        validate = claire.page.get_by_role("button", name=f"Valider {name}", exact=True)
        await validate.click()
        await validate.wait_for(state="detached")
    assert (await claire.text()).count("Validée") == 2
    assert claire.path() == "/staff/validations"  # swapped in place, no reload
    await platform.mail.received(MANAGER, "Inscription confirmée", count=2)

    # --- Marc's enrollment invoiced in two parts (R-C4)
    bookings = (
        await platform.api.get("/enrollment/bookings", headers=await platform.token(MANAGER))
    ).json()["items"]
    marc = next(b["id"] for b in bookings if b["trainee_email"] == COLLEAGUE)
    platform.ids["marc"] = marc
    await eventually(claire, f"/staff/enrollments/{marc}", "Reste à facturer")
    await claire.fill("Montant TTC (facultatif)", "617,25")
    await claire.press("Émettre la facture")
    assert "émise et envoyée" in await claire.text()
    await claire.check("staff-billing")
    await claire.press("Émettre la facture")  # the rest
    assert "617,25" in await claire.text()

    # --- the manager follows it: partly invoiced, then invoiced, and its history (R-C4)
    text = await eventually(manon, f"/enrollments/{marc}", "Facturée en partie")
    text = await eventually(manon, f"/enrollments/{marc}", "Facturée\n")
    for status in ("En cours de validation", "Validée", "Facturée en partie", "Facturée"):
        assert status in text
    await manon.check("enrollment")
    await manon.goto("/invoices")
    await manon.check("invoices")
    await manon.page.get_by_role("link", name="2027-000001", exact=True).click()
    await manon.check("invoice")
    async with manon.page.expect_download() as download:
        await manon.page.get_by_role("link", name="Télécharger le PDF").click()
    pdf = await (await download.value).path()
    assert pdf is not None
    assert (await asyncio.to_thread(pdf.read_bytes)).startswith(b"%PDF")

    # --- she asks to cancel Marc's enrollment (R-C5) ...
    await manon.goto(f"/enrollments/{marc}")
    await manon.page.get_by_label("annuler l'inscription").check()
    await manon.fill("Votre message", "Marc a quitté l'entreprise.")
    await manon.press("Envoyer la demande")
    assert "transmise au service clients" in await manon.text()
    assert "entre les mains du service clients" in await manon.text()  # no second form
    assert await manon.page.get_by_role("button", name="Envoyer la demande").count() == 0

    # --- ... customer service resolves it ...
    await claire.goto("/staff/change-requests")
    assert "Marc a quitté l'entreprise." in await claire.text()
    await claire.check("staff-change-requests")
    await claire.page.get_by_label("Message au client").fill("Annulée, un avoir suit.")
    await claire.press("Enregistrer la réponse")
    assert "Demande traitée" in await claire.text()

    # --- ... and she sees the outcome: cancelled, credited
    outcome = await platform.mail.received(MANAGER, "Votre demande de modification")
    assert "Annulée, un avoir suit." in platform.mail.text_of(outcome)
    text = await eventually(manon, f"/enrollments/{marc}", "Avoir ")
    assert "Annulée" in text
    await manon.page.get_by_role("link", name="Avoir").first.click()
    assert "Avoir" in await manon.text()
    await manon.check("credit-note")
    await manon.goto("/prices")
    await manon.check("prices")
    await manon.goto("/account")
    await manon.check("account")


async def test_2_an_enrollment_taken_by_phone_gives_an_account(world, visitor) -> None:
    """R-A2, every step with JavaScript off: plain forms, POST-redirect-GET."""
    platform = world
    claire = await visitor(javascript=False, name="claire")
    await claire.log_in(CS, platform.passwords[CS])
    await claire.goto("/staff/bookings/new")
    await claire.page.get_by_label("Session").select_option(platform.ids["session PY-101"])
    await claire.fill("Nom complet", "Paul Durand")
    await claire.fill("Adresse e-mail", PAUL)
    await claire.check("staff-phone-booking")
    await claire.press("Enregistrer l'inscription")
    assert "/staff/enrollments/" in claire.path()
    assert "Paul Durand" in await claire.text()

    paul = await visitor(javascript=False, name="paul")
    access = await platform.mail.received(PAUL, "Votre accès")
    await paul.goto(platform.mail.link(access, "/set-password"))
    await paul.fill("Nouveau mot de passe", PASSWORD)
    await paul.press("Enregistrer le mot de passe")
    platform.passwords[PAUL] = PASSWORD
    await paul.log_in(PAUL, PASSWORD)
    assert paul.path() == "/enrollments"
    text = await paul.text()
    assert "Python pour débutants" in text
    assert "En cours de validation" in text

    # staff validate it without JavaScript: the form posts, the queue comes back
    await claire.goto("/staff/validations")
    await claire.check()
    async with claire.page.expect_navigation():
        await claire.page.get_by_role("button", name="Valider Paul Durand", exact=True).click()
    assert "Inscription de Paul Durand validée" in await claire.text()
    await eventually(paul, "/enrollments", "Validée")


async def test_3_password_reset_and_email_change_from_the_emails(world, visitor) -> None:
    """R-A3 and R-A5, JavaScript off."""
    platform = world
    paul = await visitor(javascript=False, name="paul")
    await paul.goto("/login")
    await paul.check("login")
    await paul.page.get_by_role("link", name="Mot de passe oublié ?").click()
    await paul.fill("Adresse e-mail", PAUL)
    await paul.press("Envoyer le lien")
    assert "Si un compte existe pour paul@example.fr" in await paul.text()
    await paul.check()
    reset = await platform.mail.received(PAUL, "Réinitialisation")
    await paul.goto(platform.mail.link(reset, "/reset-password"))
    await paul.check()
    new_password = "a brand new passphrase for Paul"
    await paul.fill("Nouveau mot de passe", new_password)
    await paul.press("Enregistrer le mot de passe")
    assert "Votre nouveau mot de passe est enregistré" in await paul.text()
    platform.passwords[PAUL] = new_password
    await paul.log_in(PAUL, new_password)

    # the email change, warned before (R-A5)
    await paul.goto("/account")
    assert "Attention" in await paul.text()
    await paul.fill("Nouvelle adresse", PAUL_NEW)
    await paul.fill("Mot de passe actuel", new_password)
    await paul.press("Envoyer le lien de confirmation")
    assert PAUL_NEW in await paul.text()
    await platform.mail.received(PAUL, "Changement de votre adresse")
    confirmation = await platform.mail.received(PAUL_NEW, "Confirmez")
    await paul.goto(platform.mail.link(confirmation, "/confirm-email"))
    await paul.check("confirm-email")
    await paul.press("Confirmer le changement")
    assert paul.path() == "/login"
    assert PAUL_NEW in await paul.text()
    platform.passwords[PAUL_NEW] = new_password
    # The old address logs in no more: a link mailed to it (its enrollment, "log in with your
    # new address") opens its page, and the login there is the new address's.
    del platform.passwords[PAUL]
    await paul.log_in(PAUL_NEW, new_password)
    text = await paul.text()
    # R-A5: the history follows the login email: the enrollment placed with the old one hides
    assert PAUL_NEW in text
    assert "Python pour débutants" not in text


HR = "hanna@acme.example"
HR_MANAGER = "marie@acme.example"
TRAINEES = [f"person{serial}@acme.example" for serial in range(1, 7)]


def nrn(serial: int) -> str:
    """A valid Belgian national register number (born 30 July 1985)."""
    base = f"850730{serial:03d}"
    return f"{base[:2]}.{base[2:4]}.{base[4:6]}-{base[6:]}.{97 - int(base) % 97:02d}"


async def seed_incompany(platform) -> None:
    """A company whose HR person has an account, and an in-company course; the first admin
    too when walk 1 did not run before (this walk needs nothing else of the others)."""
    api = platform.api
    if ADMIN not in platform.passwords:
        link = await platform.first_admin(ADMIN, "Ada Admin")
        answer = await api.post(
            "/accounts/password/set", json={"token": platform.token_of(link), "password": PASSWORD}
        )
        assert answer.status_code == 204, answer.text
        platform.passwords[ADMIN] = PASSWORD
    admin = await platform.token(ADMIN)
    course = await api.post(
        "/incompany/courses",
        json={"code": "XL-ADV", "title": "Excel avancé en entreprise", "duration_minutes": 210},
        headers=admin,
    )
    assert course.status_code == 201, course.text
    registered = await api.post(
        "/accounts/companies/register",
        json={
            "legal_name": "Acme SA",
            "country": "BE",
            "registration_number": "0403170701",
            "email": HR_MANAGER,
            "password": PASSWORD,
            "full_name": "Marie Manager",
        },
    )
    assert registered.status_code == 201, registered.text
    platform.passwords[HR_MANAGER] = PASSWORD
    manager = await platform.token(HR_MANAGER)
    invited = await api.post(
        f"/accounts/companies/{registered.json()['company']['id']}/users",
        json={"email": HR, "full_name": "Hanna Hermans", "role": "hr"},
        headers=manager,
    )
    assert invited.status_code == 201, invited.text
    access = await platform.mail.received(HR, "accès")
    link = platform.mail.link(access, "/set-password")
    answer = await api.post(
        "/accounts/password/set", json={"token": platform.token_of(link), "password": PASSWORD}
    )
    assert answer.status_code == 204, answer.text
    platform.passwords[HR] = PASSWORD

    async def company_known() -> bool:  # incompany hears of the company from the bus
        answer = await api.post(
            "/incompany/training-plans",
            data={"year": "2026", "reference": "PLAN-2026"},
            files={"document": ("plan-2026.pdf", b"%PDF-1.4 plan", "application/pdf")},
            headers=manager,
        )
        return answer.status_code == 201

    await wait_until(company_known, message="incompany to learn of Acme")


@pytest.mark.timeout(360)  # the longest walk: three people, a dozen forms, a clock move
async def test_4_the_incompany_process(world, visitor) -> None:
    platform = world
    await seed_incompany(platform)

    # --- HR attests (R-A6); staff (an admin, who reviews like customer service) approve
    hanna = await visitor(name="hanna")
    await hanna.log_in(HR, PASSWORD)
    assert hanna.path() == "/hr/groups"
    await hanna.goto("/hr/attestation")
    await hanna.fill("Fonction", "Responsable RH")
    await hanna.page.get_by_label("Attestation signée").set_input_files(
        files=[{"name": "tos.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 tos"}]
    )
    await hanna.check("hr-attestation")
    await hanna.press("Envoyer l'attestation")
    assert "En attente d'approbation" in await hanna.text()

    ada = await visitor(name="ada")
    await ada.log_in(ADMIN, PASSWORD)
    await ada.goto("/staff/attestations")
    assert "Hanna Hermans" in await ada.text()
    await ada.check("staff-attestations")
    await ada.press("Approuver l'attestation de Hanna Hermans")
    assert "Attestation approuvée" in await ada.text()

    # --- HR requests a course for six with the year's training plan (R-I1, R-I2)
    await hanna.goto("/hr/requests/new")
    await hanna.page.get_by_label("Formation").select_option("XL-ADV")
    await hanna.fill("Période souhaitée : du", "2027-04-01")
    await hanna.fill("Période souhaitée : au", "2027-04-30")
    await hanna.fill("Participants attendus", "6")
    await hanna.page.locator("#f-plan-reference").fill("PLAN-2027")
    await hanna.page.locator("#f-plan-document").set_input_files(
        files=[{"name": "plan-2027.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}]
    )
    await hanna.check("hr-request-new")
    await hanna.press("Envoyer la demande")
    assert "/hr/requests/" in hanna.path(), await hanna.text()
    request_path = hanna.path()
    assert "Le planificateur vous proposera des dates" in await hanna.text()

    # --- the planner (an admin) records the trainer's availability and proposes dates (R-I3)
    await ada.goto("/staff/incompany")
    await ada.check("staff-incompany")
    await ada.page.get_by_role("link", name="Excel avancé en entreprise").click()
    await ada.page.wait_for_url("**/staff/incompany/requests/*")
    await ada.fill("Formateur", "Tina Trainer")
    availability = ada.page.locator("form[action$='/availability']")
    await availability.get_by_label("Début").fill("2027-04-12T08:00")
    await availability.get_by_label("Fin").fill("2027-04-12T13:30")
    await ada.press("Enregistrer la disponibilité")
    assert "Tina Trainer" in await ada.text()
    proposal = ada.page.locator("form[action$='/proposals']")
    await proposal.locator("#f-options-0-starts-at").fill("2027-04-12T09:00")
    await proposal.locator("#f-options-0-ends-at").fill("2027-04-12T12:30")
    await ada.check("staff-incompany-request")
    await ada.press("Envoyer la proposition")
    assert "Dates proposées au client" in await ada.text()

    # --- HR chooses the proposed dates: the group is made, its recap shown (R-I3, R-I4)
    await hanna.goto(request_path)
    assert "lundi 12 avril 2027" in await hanna.text()
    await hanna.check("hr-request")
    await hanna.press("Choisir l'option 1")
    assert "Dates confirmées" in await hanna.text()
    await hanna.goto("/hr/groups")
    await hanna.check("hr-groups")
    await hanna.page.locator("main table a").first.click()
    await hanna.page.wait_for_url("**/hr/groups/*")
    group_path = hanna.path()

    # --- participants with their national register numbers (R-I7, R-I8)
    await hanna.fill("Nom complet", "Person 1")
    await hanna.fill("Adresse e-mail", TRAINEES[0])
    await hanna.fill("Numéro de registre national", "85.07.30-001.00")
    check = hanna.page.locator("#nrn-check")
    await check.filter(has_text="chiffres de contrôle").wait_for()  # checked as typed (htmx)
    await hanna.press("Ajouter le participant")
    error = hanna.page.locator("#e-national-register-number")
    assert "chiffres de contrôle" in await error.inner_text()
    assert await hanna.page.get_by_label("Nom complet").input_value() == "Person 1"
    for serial, email in enumerate(TRAINEES, start=1):
        await hanna.fill("Nom complet", f"Person {serial}")
        await hanna.fill("Adresse e-mail", email)
        await hanna.fill("Numéro de registre national", nrn(serial))
        await hanna.press("Ajouter le participant")
        assert f"Person {serial} est inscrit" in await hanna.text()
    text = await hanna.text()
    assert "**.**.**-***." in text
    assert nrn(1) not in text  # shown masked
    assert "850730001" not in text
    assert "Rappel de la liste des participants" in text  # the group's deadlines
    await hanna.check("hr-group")
    # each deadline once, the participants it concerns named, rather than once per
    # participant without a name; and short enough to read on a 375 px phone
    deadlines = hanna.page.locator("section[aria-labelledby='deadlines'] tbody tr")
    assert await deadlines.count() == 5  # the group's three, the participants' two
    for kind in ("Lien vers la plateforme", "Invitation à l'évaluation"):
        line = await deadlines.filter(has_text=kind).inner_text()
        assert all(f"Person {n}" in line for n in range(1, len(TRAINEES) + 1)), line
    screens = await hanna.screens_on_phone("section[aria-labelledby='deadlines']")
    print(f"the deadlines on a 375 x 812 px phone: {screens:.2f} screens")
    assert screens <= 1.5, f"the deadlines are {screens:.2f} phone screens tall"

    # --- each participant chooses a password from the invitation (R-A7)
    person = await visitor(name="person1")
    access = await platform.mail.received(TRAINEES[0], "accès")
    await person.goto(platform.mail.link(access, "/set-password"))
    await person.fill("Nouveau mot de passe", PASSWORD)
    await person.press("Enregistrer le mot de passe")
    platform.passwords[TRAINEES[0]] = PASSWORD
    await person.log_in(TRAINEES[0], PASSWORD)
    assert person.path() == "/trainings"
    assert "L'évaluation ouvre le 13/04/2027" in await person.text()

    # --- the platform's time moves (docs/API.md "Test clocks"): the definitive confirmation
    # (-15 days), each one's platform link the day after (R-I9, R-I10) ...
    async def move_to(instant: str) -> None:
        moved = await platform.api.put(
            "/accounts/test-clock", json={"to": instant}, headers=await platform.token(ADMIN)
        )
        assert moved.status_code == 200, moved.text

    await move_to("2027-03-28T09:30:00+02:00")
    await platform.mail.received(HR, "Confirmation définitive")
    await move_to("2027-03-29T09:30:00+02:00")
    await eventually(person, "/trainings", "Ouvrir la plateforme")
    # ... and past the day after the class: the evaluation invitation (R-I12)
    await move_to("2027-04-13T12:45:00+02:00")
    invitation = await platform.mail.received(TRAINEES[0], "avis")
    link = platform.mail.link(invitation, "/evaluation")
    await person.goto("/trainings")
    assert "Horloge de test active" in await person.page.inner_text("header")
    await person.check("participant-trainings")

    # --- from the emailed link, the evaluation form (R-I12)
    await person.goto(link)
    assert person.path().startswith("/trainings/")
    assert person.path().endswith("/evaluation")
    for criterion, score in (
        ("Contenu", "5"),
        ("Formateur", "4"),
        ("Organisation", "4"),
        ("Plateforme", "3"),
    ):
        group = person.page.get_by_role("group", name=criterion)
        await group.locator(f"input[value='{score}']").check()
    await person.page.locator("#f-comment").fill("Très concret, merci.")
    await person.check("participant-evaluation")
    await person.press("Envoyer mon avis")
    assert "Merci pour votre avis" in await person.text()

    # --- HR sees the results
    text = await eventually(hanna, group_path, "1 réponse(s) sur 6")
    assert "Très concret, merci." in text
    assert "Horloge de test active" in await hanna.page.inner_text("header")
    await hanna.check("hr-group-results")


async def test_5_every_link_of_every_email_opens_a_page(world, visitor, seen) -> None:
    platform = world
    by_recipient: dict[str, list[str]] = {}
    for message in platform.mail.accepted:
        for link in platform.mail.links(message):
            by_recipient.setdefault(str(message["To"]).strip("<>"), []).append(link)
    # the platform's own pages; a learning platform's or online class's link is a third party's
    links = {
        (to, link)
        for to, found in by_recipient.items()
        for link in found
        if link.startswith(platform.url)
    }
    assert any("/set-password" in link for _, link in links)
    assert any("/reset-password" in link for _, link in links)
    assert any("/confirm-email" in link for _, link in links)
    failures = []
    checked: set[str] = set()
    for recipient, link in sorted(links):
        person = await visitor()
        answer = await person.goto(link)
        if answer.status >= 400:
            failures.append(f"{link} -> {answer.status}")
            continue
        kind = person.path().split("?")[0]
        if kind not in checked:  # axe once per kind of page
            checked.add(kind)
            await person.check()
        if person.path().startswith("/login") and recipient in platform.passwords:
            # a page for the recipient only: they log in and land on it
            await person.fill("Adresse e-mail", recipient)
            await person.fill("Mot de passe", platform.passwords[recipient])
            async with person.page.expect_navigation() as landed:
                await person.page.get_by_role("button", name="Se connecter").click()
            response = await landed.value
            if response is not None and response.status >= 400:
                failures.append(f"{link} (as {recipient}) -> {response.status}")
        await person.close()
    assert not failures, failures

    # the pages no walk passed through, axe-checked all the same
    anyone = await visitor()
    for path, status in (
        ("/register", 200),
        ("/verify-email?token=an-example", 200),
        ("/set-password", 200),
        ("/no/such/page", 404),
    ):
        answer = await anyone.goto(path)
        assert answer.status == status, path
        await anyone.check()
    await anyone.goto("/")
    async with anyone.page.expect_navigation():  # the language switch
        await anyone.page.get_by_role("link", name="NL Nederlands").click()
    assert "Opleidingssessies" in await anyone.text()
    await anyone.check()
    assert not seen.violations, seen.violations
    assert not seen.csp, seen.csp
