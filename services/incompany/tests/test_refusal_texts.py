"""Every refusal incompany can answer has its words in French and Dutch (issue 13)."""

from __future__ import annotations

from contracts.identity import Role
from incompany.service import DEFINITION
from testkit.refusal_codes import codes_raised, codes_without_texts


def test_every_code_raised_in_incompany_has_french_and_dutch_texts():
    assert len(codes_raised("incompany")) > 40
    assert codes_without_texts("incompany", DEFINITION.refusal_texts) == {}


def test_no_text_is_left_for_a_code_nobody_raises():
    assert set(DEFINITION.refusal_texts) <= set(codes_raised("incompany"))


async def test_a_refusal_reads_in_the_language_asked_with_its_params(incompany):
    headers = incompany.minter.headers(Role.PLANNER)
    for language, detail in (
        ("fr", "aucune formation de ce code au catalogue"),
        ("nl", "geen opleiding met deze code in de catalogus"),
        ("en", "course_code: no course NOPE in the catalogue"),
    ):
        answer = await incompany.client.get(
            "/courses/nope", headers={**headers, "Accept-Language": language}
        )
        assert (answer.status_code, answer.json()["code"]) == (404, "unknown_course")
        assert answer.json()["detail"] == detail
