"""Who sees an invoice: staff all of them, a customer those billed to them or their company."""

from uuid import uuid4

from billing.domain.access import may_read
from chassis.tokens import Principal
from contracts.identity import Role

COMPANY = uuid4()


def who(
    *roles: Role, email: str = "ann@example.be", company_id=None, verified: bool = True
) -> Principal:
    return Principal(uuid4(), email, frozenset(roles), company_id, "sid", email_verified=verified)


def test_customer_service_and_admins_read_every_invoice():
    for role in (Role.CUSTOMER_SERVICE, Role.ADMIN):
        assert may_read(who(role), "someone@else.example", None)


def test_a_customer_reads_an_invoice_billed_to_their_login_email_whatever_its_case():
    assert may_read(who(Role.INDIVIDUAL, email="Ann@Example.be"), "ann@example.be", None)


def test_an_unverified_email_reads_no_invoice_billed_to_it_but_the_company_s_still():
    """Issue 13: an address staff bill as "other payer" is read only once it is proven."""
    unverified = who(Role.INDIVIDUAL, email="ann@example.be", verified=False)
    assert not may_read(unverified, "ann@example.be", None)
    company_user = who(Role.HR, email="ann@corp.example", company_id=COMPANY, verified=False)
    assert may_read(company_user, "bob@corp.example", COMPANY)


def test_a_company_user_reads_the_company_invoices_billed_to_a_colleague():
    reader = who(Role.ENROLLMENT_MANAGER, email="bob@corp.example", company_id=COMPANY)
    assert may_read(reader, "ann@corp.example", COMPANY)


def test_a_customer_does_not_read_another_customer_or_company_invoice():
    reader = who(Role.ENROLLMENT_MANAGER, email="bob@corp.example", company_id=uuid4())
    assert not may_read(reader, "ann@corp.example", COMPANY)


def test_planners_and_trainers_read_no_invoice_even_billed_to_their_email():
    for role in (Role.PLANNER, Role.TRAINER, Role.PARTICIPANT):
        assert not may_read(who(role), "ann@example.be", None)
