"""Company accounts (R-A1) and the colleagues their enrollment managers add (R-A2)."""

from __future__ import annotations

PASSWORD = "correct horse battery"

FRENCH_COMPANY = {
    "legal_name": "Acme SAS",
    "country": "FR",
    "registration_number": "732 829 320",
    "email": "manager@acme.fr",
    "password": PASSWORD,
    "full_name": "Marie Manager",
}


async def test_r_a1_a_company_registers_with_a_valid_siren_and_its_manager_orders(accounts):
    answer = await accounts.client.post("/companies/register", json=FRENCH_COMPANY)
    assert answer.status_code == 201, answer.text
    company, user = answer.json()["company"], answer.json()["user"]
    assert company["registration_number"] == "732829320"
    assert user["roles"] == ["enrollment_manager"]
    assert user["company_id"] == company["id"]
    assert user["account_kind"] == "company"
    me = await accounts.client.get("/me", headers=await accounts.log_in("manager@acme.fr"))
    assert me.json()["company_id"] == company["id"]


async def test_r_a1_registering_a_company_publishes_the_company_and_its_user(accounts):
    answer = await accounts.client.post("/companies/register", json=FRENCH_COMPANY)
    company_id = answer.json()["company"]["id"]
    [company] = await accounts.events("accounts.company.registered.v1")
    assert company["company_id"] == company_id
    assert company["country"] == "FR"
    assert company["registered_by_user_id"] == answer.json()["user"]["id"]
    [user] = await accounts.events("accounts.user.registered.v2")
    assert user["account_kind"] == "company"


async def test_r_a1_an_invalid_siren_is_a_422_naming_the_field(accounts):
    answer = await accounts.client.post(
        "/companies/register", json={**FRENCH_COMPANY, "registration_number": "732829321"}
    )
    assert answer.status_code == 422
    assert answer.json()["detail"] == "registration_number: not a valid SIREN/SIRET"
    assert await accounts.events("accounts.company.registered.v1") == []


async def test_r_a1_a_belgian_company_registers_with_its_enterprise_number(accounts):
    answer = await accounts.client.post(
        "/companies/register",
        json={
            **FRENCH_COMPANY,
            "country": "BE",
            "registration_number": "0403.170.701",
            "vat_number": "BE0403170701",
        },
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["company"]["registration_number"] == "0403170701"
    assert answer.json()["company"]["vat_number"] == "BE0403170701"


async def test_a_wrong_vat_number_is_a_422_naming_the_field(accounts):
    answer = await accounts.client.post(
        "/companies/register", json={**FRENCH_COMPANY, "vat_number": "FR45732829320"}
    )
    assert answer.status_code == 422
    assert answer.json()["detail"] == "vat_number: not a valid EU VAT number"


async def test_a_company_registers_once(accounts):
    assert (await accounts.client.post("/companies/register", json=FRENCH_COMPANY)).is_success
    again = await accounts.client.post(
        "/companies/register", json={**FRENCH_COMPANY, "email": "other@acme.fr"}
    )
    assert again.status_code == 409
    assert "enrollment manager" in again.json()["detail"]


async def test_r_a2_a_manager_adds_an_hr_colleague_who_sets_a_password_with_a_link(accounts):
    registered = await accounts.client.post("/companies/register", json=FRENCH_COMPANY)
    company_id = registered.json()["company"]["id"]
    manager = await accounts.log_in("manager@acme.fr")
    added = await accounts.client.post(
        f"/companies/{company_id}/users",
        json={"email": "hr@acme.fr", "full_name": "Henri RH", "role": "hr"},
        headers=manager,
    )
    assert added.status_code == 201, added.text
    assert added.json()["roles"] == ["hr"]
    assert added.json()["company_id"] == company_id
    [invited] = await accounts.events("accounts.user.invited.v2")
    assert invited["email"] == "hr@acme.fr"
    set_password = await accounts.client.post(
        "/password/set",
        json={"token": accounts.link_token(invited), "password": PASSWORD},
    )
    assert set_password.status_code == 204
    assert await accounts.log_in("hr@acme.fr")


async def test_only_a_manager_of_that_company_adds_its_users(accounts):
    registered = await accounts.client.post("/companies/register", json=FRENCH_COMPANY)
    company_id = registered.json()["company"]["id"]
    other = await accounts.client.post(
        "/companies/register",
        json={
            **FRENCH_COMPANY,
            "country": "BE",
            "registration_number": "0403170701",
            "email": "boss@other.be",
        },
    )
    colleague = {"email": "x@acme.fr", "full_name": "X", "role": "enrollment_manager"}
    path = f"/companies/{company_id}/users"
    assert (await accounts.client.post(path, json=colleague)).status_code == 401
    await accounts.register("ada@example.be")
    individual = await accounts.log_in("ada@example.be")
    assert (await accounts.client.post(path, json=colleague, headers=individual)).status_code == 403
    other_manager = await accounts.log_in("boss@other.be")
    assert other.status_code == 201
    answer = await accounts.client.post(path, json=colleague, headers=other_manager)
    assert answer.status_code == 403
