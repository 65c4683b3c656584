"""An address is checked where it enters (the request body), not on every hop (issue 17):
a booking request used to run `email_validator` four times for one trainee."""

from __future__ import annotations

import email_validator


async def test_a_booking_checks_its_trainee_address_once(enrollment, monkeypatch):
    course = await enrollment.course()
    session = await enrollment.session(course["id"])
    checked: list[str] = []
    real = email_validator.validate_email

    def counting(address, *args, **kwargs):
        checked.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(email_validator, "validate_email", counting)
    answer = await enrollment.book(
        session["id"], enrollment.individual(), ("Ines", "ines@example.fr")
    )
    assert answer.status_code == 201, answer.text
    assert checked == ["ines@example.fr"]

    bad = await enrollment.book(session["id"], enrollment.individual(), ("Ines", "ines@"))
    assert bad.status_code == 422  # the check at the entry still refuses
