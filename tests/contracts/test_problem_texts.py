"""Every refusal of every service reads in French and Dutch (issue 13).

A problem's `detail` is translated when its `code` has a text in the service's
catalogue (`ServiceDefinition.refusal_texts`) or the chassis's, and every
`{name}` the text quotes is among the refusal's `params`; otherwise the reader
gets the English the handler wrote. This walks the source of every service (and
the chassis): each refusal class it defines, each call building one (with its
`code="..."` when given), and checks both conditions for fr and nl.
"""

from __future__ import annotations

import importlib
import inspect
import string

import pytest

from chassis import problem_texts, refusals
from chassis.problem_texts import Texts
from testkit.refusal_codes import (
    LANGUAGES,
    codes_raised,
    codes_without_texts,
    missing_params,
    params_given,
)

SERVICES = ("accounts", "billing", "enrollment", "incompany", "notifications")


def catalogue(service: str) -> Texts:
    return importlib.import_module(f"{service}.service").DEFINITION.refusal_texts


@pytest.mark.parametrize("service", SERVICES)
def test_every_code_a_service_answers_with_has_french_and_dutch_words(service):
    assert codes_raised(service), "the walk found no refusal: it reads nothing"
    assert codes_without_texts(service, catalogue(service)) == {}


@pytest.mark.parametrize("service", SERVICES)
def test_every_refusal_class_of_a_service_has_its_words(service):
    module = importlib.import_module(f"{service}.domain.refusals")
    texts = {**problem_texts.CHASSIS, **catalogue(service)}
    classes = [
        cls
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, refusals.Refusal) and cls.__module__ == module.__name__
    ]
    assert classes
    lacking = sorted(
        f"{cls.__name__} ({cls.code}, {language})"
        for cls in classes
        for language in LANGUAGES
        if language not in texts.get(cls.code, {})
    )
    assert lacking == []


@pytest.mark.parametrize("service", SERVICES)
def test_each_text_quotes_only_params_its_refusals_carry(service):
    """A text naming a param a raise site does not give falls back to English there."""
    assert missing_params(service, catalogue(service)) == {}
    for code, sites in params_given(service).items():
        words = {**problem_texts.CHASSIS, **catalogue(service)}.get(code, {})
        for language in LANGUAGES:
            for given in sites.values():
                if language in words and "*" not in given:
                    words[language].format(**{name: "x" for name in given})


def test_the_chassiss_own_refusals_have_their_words():
    raised = {
        code: where
        for code, where in codes_without_texts("chassis", {}).items()
        if not all(w.startswith("chassis.refusals.") for w in where)  # the kinds, never raised
    }
    assert raised == {}
    assert missing_params("chassis", {}) == {}


def test_no_service_text_quotes_a_name_the_chassis_could_not_fill():
    for service in SERVICES:
        for code, words in catalogue(service).items():
            for language, text in words.items():
                assert language in LANGUAGES, (service, code, language)
                names = [name for _, name, _, _ in string.Formatter().parse(text) if name]
                assert all(name.isidentifier() for name in names), (service, code, text)


def test_the_walk_finds_a_code_left_without_words():
    """The check can fail: a catalogue without a code's texts is reported."""
    texts = dict(catalogue("enrollment"))
    del texts["unknown_booking"]
    assert set(codes_without_texts("enrollment", texts)) == {"unknown_booking"}
    wrong = {**catalogue("billing"), "unknown_invoice": {"fr": "{nope}", "nl": "{nope}"}}
    assert any("unknown_invoice" in where for where in missing_params("billing", wrong))
