"""Every refusal accounts can answer with has its words in French and Dutch (issue 13),
filled from the refusal's own params, chosen by Accept-Language."""

from __future__ import annotations

import inspect
import re
from datetime import timedelta
from pathlib import Path

import pytest

import accounts
from accounts.domain import refusals
from accounts.domain.access import check_company_role, check_staff_role
from accounts.domain.passwords import check_policy
from accounts.domain.registration_numbers import check_company_numbers
from accounts.service import DEFINITION
from chassis import problem_texts, problems
from chassis.refusals import Refusal
from contracts.identity import Role


def raised(action) -> Refusal:
    with pytest.raises(Refusal) as caught:
        action()
    return caught.value


SAMPLES: list[Refusal] = [
    refusals.EmailTaken(),
    refusals.CompanyTaken(),
    refusals.AccountConflict(),
    raised(lambda: check_policy("short")),
    raised(lambda: check_policy("x" * 200, "new_password")),
    raised(lambda: check_company_numbers("FR", "123", None)),
    raised(lambda: check_company_numbers("FR", "732829320", "BE0403170701")),
    refusals.InvalidLink(),
    refusals.InvalidCredentials(),
    refusals.InvalidRefreshToken(),
    refusals.RefreshTokenReused(),
    refusals.EmailAlreadyVerified(),
    refusals.SessionEnded(),
    refusals.TooManyFromClient(timedelta(seconds=90)),
    refusals.TooManyVerificationEmails(300),
    refusals.TooManyAttempts(timedelta(seconds=4)),
    refusals.TooManyAttempts(timedelta(seconds=4), what="wrong passwords for this account"),
    refusals.WrongPassword(),
    refusals.SameEmail(),
    refusals.AccountNotFound(),
    refusals.SelfErasure("user_id: you cannot erase your own account; ask a colleague"),
    refusals.RoleRequired("this action needs one of: admin", params={"roles": "admin"}),
    refusals.NotYourCompany(),
    raised(lambda: check_company_role(Role.ADMIN)),
    raised(lambda: check_staff_role(Role.HR)),
    refusals.SigningNotConfigured(),
    refusals.SealingNotConfigured(),
    refusals.TestClocksDisabled(),
    refusals.TestClockBackwards("2027-03-30T14:00:00+00:00"),
]


def codes_in_the_source() -> set[str]:
    """Every refusal code accounts names: its refusal classes' and any `code="..."`."""
    classes = {
        cls.code
        for _, cls in inspect.getmembers(refusals, inspect.isclass)
        if issubclass(cls, Refusal) and cls.__module__ == refusals.__name__
    }
    inline = set()
    for path in Path(accounts.__file__).parent.rglob("*.py"):
        inline |= set(re.findall(r'\bcode="([a-z_]+)"', path.read_text()))
    return classes | inline


def test_the_samples_cover_every_code_accounts_can_answer_with():
    assert {sample.code for sample in SAMPLES} == codes_in_the_source()


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_no_code_lacks_its_words_in_french_and_dutch(language):
    texts = {**problem_texts.CHASSIS, **DEFINITION.refusal_texts}
    missing = sorted(code for code in codes_in_the_source() if language not in texts.get(code, {}))
    assert missing == []


@pytest.mark.parametrize("language", ["fr", "nl"])
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: f"{s.code}:{s.detail[:30]}")
def test_each_refusal_reads_in_the_language_with_its_values_filled_in(sample, language):
    answer, chosen = problems.body(
        sample.status,
        sample.code,
        sample.detail,
        "/",
        language,
        params=sample.params,
        texts=DEFINITION.refusal_texts,
    )
    assert chosen == language
    assert answer["detail"] != sample.detail, "the English detail came back: a param is missing"
    assert "{" not in answer["detail"]
    for value in sample.params.values():
        if isinstance(value, int):
            assert str(value) in answer["detail"]


async def test_a_wrong_login_is_answered_in_the_readers_language(accounts):
    body = {"email": "nobody@example.be", "password": "not the password at all"}
    for language, words in (
        ("fr", "adresse e-mail ou mot de passe incorrect"),
        ("nl", "verkeerd e-mailadres of wachtwoord"),
        ("en", "wrong email or password"),
    ):
        answer = await accounts.client.post(
            "/token", json=body, headers={"Accept-Language": language}
        )
        assert (answer.json()["detail"], answer.headers["Content-Language"]) == (words, language)
