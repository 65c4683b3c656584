"""R-A2, R-C1, R-A4, R-B2: who may book for whom, who reads a booking, whose prices one sees."""

from __future__ import annotations

from uuid import uuid4

import pytest

from chassis.refusals import Invalid
from chassis.tokens import Principal
from contracts.enrollment import Trainee
from contracts.identity import Role
from enrollment.domain.access import agreement_company, check_may_read, placement
from enrollment.domain.commands import RequestBooking
from enrollment.domain.refusals import IndividualBooksOnlySelf, NotYourBooking, PlacingForOthers

COMPANY = uuid4()


def caller(
    *roles: Role, email: str = "Ines@Example.fr", company_id=None, verified=True, user_id=None
) -> Principal:
    return Principal(
        user_id=user_id or uuid4(),
        email=email,
        roles=frozenset(roles),
        company_id=company_id,
        session_id="s",
        email_verified=verified,
    )


def request(who: Principal, *trainees: tuple[str, str], **extra) -> RequestBooking:
    return RequestBooking(
        caller=who,
        session_id=uuid4(),
        trainees=[Trainee(full_name=n, email=e) for n, e in trainees],
        **extra,
    )


def test_r_c1_an_individual_places_a_booking_for_themselves_under_their_login_email():
    ines = caller(Role.INDIVIDUAL)
    placed = placement(request(ines, ("Inès Dupont", "ines@example.fr")))
    assert (placed.email, placed.name, placed.user_id) == (
        "ines@example.fr",
        "Inès Dupont",
        ines.user_id,
    )
    assert (placed.by_staff, placed.company_id) == (False, None)


def test_r_c1_an_individual_enrolls_nobody_else_not_even_with_themselves():
    ines = caller(Role.INDIVIDUAL)
    for trainees in (
        [("Paul", "paul@example.fr")],
        [("Inès", "ines@example.fr"), ("Paul", "p@x.fr")],
    ):
        with pytest.raises(IndividualBooksOnlySelf, match="only its holder"):
            placement(request(ines, *trainees))


def test_r_c1_a_manager_enrolls_colleagues_for_their_company_and_names_themselves():
    manon = caller(Role.ENROLLMENT_MANAGER, email="manon@corp.example", company_id=COMPANY)
    colleagues = [("Marc", "marc@corp.example"), ("Léa", "lea@corp.example")]
    with pytest.raises(Invalid, match="placed_by_name is required") as refused:
        placement(request(manon, *colleagues))
    assert refused.value.field == "placed_by_name"
    placed = placement(request(manon, *colleagues, placed_by_name=" Manon "))
    assert (placed.name, placed.company_id, placed.by_staff) == ("Manon", COMPANY, False)


def test_r_a2_customer_service_places_for_a_person_by_email_and_must_say_whom():
    staff = caller(Role.CUSTOMER_SERVICE, email="cs@training.example")
    with pytest.raises(Invalid, match="placed_for is required"):
        placement(request(staff, ("Paul", "paul@example.fr")))
    paul = Trainee(full_name="Paul Martin", email="Paul@Example.fr")
    placed = placement(
        request(staff, ("Paul Martin", "paul@example.fr"), placed_for=paul, company_id=COMPANY)
    )
    assert (placed.email, placed.user_id, placed.by_staff) == ("paul@example.fr", None, True)
    assert placed.company_id == COMPANY


def test_r_a2_only_customer_service_places_for_someone_else():
    paul = Trainee(full_name="Paul", email="paul@example.fr")
    for who in (caller(Role.INDIVIDUAL), caller(Role.ENROLLMENT_MANAGER, company_id=COMPANY)):
        for extra in ({"placed_for": paul}, {"company_id": COMPANY}):
            with pytest.raises(PlacingForOthers) as refused:
                placement(request(who, ("Inès", "ines@example.fr"), **extra))
            assert refused.value.code == "placing_for_others"
            assert refused.value.status == 403


def test_r_a4_a_booking_is_read_by_the_login_email_that_placed_it_and_by_staff():
    check_may_read("ines@example.fr", None, caller(Role.INDIVIDUAL, email=" INES@example.fr"))
    check_may_read("ines@example.fr", None, caller(Role.CUSTOMER_SERVICE, email="cs@x.fr"))
    with pytest.raises(NotYourBooking, match="placed by someone else"):
        check_may_read("ines@example.fr", None, caller(Role.ENROLLMENT_MANAGER, email="manon@x.fr"))


def test_an_unverified_email_shows_only_the_bookings_the_account_placed_itself():
    """Issue 13: registering someone's address does not show what staff booked for them."""
    me = uuid4()
    unverified = caller(Role.INDIVIDUAL, email="ines@example.fr", verified=False, user_id=me)
    check_may_read("ines@example.fr", me, unverified)
    with pytest.raises(NotYourBooking):
        check_may_read("ines@example.fr", None, unverified)  # placed by customer service
    with pytest.raises(NotYourBooking):
        check_may_read("ines@example.fr", uuid4(), unverified)  # by another account
    verified = caller(Role.INDIVIDUAL, email="ines@example.fr", verified=True, user_id=me)
    check_may_read("ines@example.fr", None, verified)


def test_r_b2_only_a_company_s_enrollment_managers_see_its_agreement_prices():
    assert agreement_company(caller(Role.ENROLLMENT_MANAGER, company_id=COMPANY)) == COMPANY
    assert agreement_company(caller(Role.HR, company_id=COMPANY)) is None
    assert agreement_company(caller(Role.INDIVIDUAL)) is None
    assert agreement_company(None) is None
