"""A company's invoices carry its legal identity as accounts registered it (billing keeps a
copy from `accounts.company.registered.v1`); a person's carry their name."""

from uuid import uuid4

from contracts.accounts import CompanyRegisteredV1


def registered(company_id, **overrides) -> CompanyRegisteredV1:
    values = {
        "company_id": company_id,
        "legal_name": "Œnologie Dupont SRL",
        "country": "BE",
        "registration_number": "0123456749",
        "vat_number": "BE0123456749",
        "registered_by_user_id": uuid4(),
    }
    return CompanyRegisteredV1(**{**values, **overrides})


async def test_a_company_invoice_names_the_company_and_its_vat_and_enterprise_numbers(billing):
    envelope = await billing.deliver(registered(billing.COMPANY))
    await billing.deliver(registered(billing.COMPANY), envelope)  # redelivered: no change
    event = await billing.billable("1210.00")
    invoice = (await billing.invoice(event.booking_id)).json()
    pdf = await billing.client.get(f"/invoices/{invoice['id']}/pdf", headers=billing.staff)
    text = billing.pdf_text(pdf.content)
    for said in (
        "Facturé à : Œnologie Dupont SRL",
        billing.MANAGER,
        "Belgique",
        "N° d'entreprise 0123456749",
        "N° TVA BE0123456749",
    ):
        assert said in text, said


async def test_a_persons_invoice_names_the_person_and_no_company(billing):
    event = await billing.billable("100.00", company_id=None, email="ann@example.be")
    invoice = (await billing.invoice(event.booking_id)).json()
    pdf = await billing.client.get(f"/invoices/{invoice['id']}/pdf", headers=billing.staff)
    text = billing.pdf_text(pdf.content)
    assert "Facturé à : Tom Trainee ann@example.be" in text
    assert "N° TVA BE0123456749" not in text


async def test_the_due_date_follows_the_configured_payment_terms(start_billing):
    billing = await start_billing(payment_terms_days=14)
    event = await billing.billable("100.00")
    invoice = (await billing.invoice(event.booking_id)).json()
    [issued] = await billing.published("billing.invoice.issued.v2")
    assert issued["due_on"] == "2026-12-09"  # 25 November + 14 days
    pdf = await billing.client.get(f"/invoices/{invoice['id']}/pdf", headers=billing.staff)
    assert "Échéance : 9 décembre 2026" in billing.pdf_text(pdf.content)
