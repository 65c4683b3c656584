"""Every email, in every language, as its reader gets it: each template rendered from what its
events give, every placeholder filled, dates in the reader's zone with the zone named, amounts
in euros, no English in a French or Dutch email, both parts of the email saying the same."""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser

import pytest

from notifications.adapters.links import context_for_sending
from notifications.domain.catalogue import LANGUAGES, Template
from notifications.domain.rendering import Rendered, TemplateError, render

ENGLISH = {
    "fr": "the and your you with from please click here link booking invoice remote training "
    "team password reset welcome dear hello regards at of is are will not by on-line none",
    "nl": "the and your you with from please click here booking invoice remote password reset "
    "welcome dear hello regards at are will not by none",
}
"""Words an English template left behind would show; each language's list leaves out the
words it shares with English (`link`, `team`, `is`, `of` are Dutch, `on` and `date` French)."""

ZONE_NAMED = {"fr": "heure de Bruxelles", "nl": "tijd in Brussel", "en": "Brussels time"}
TIME = re.compile(r"\b\d{2}:\d{2}\b")


def variants(events, language):
    """Every event kind, and the branches a template has (the reasons of an access link)."""
    every = list(events.every_kind(language))
    invited = events.invited_v2(language)
    every += [invited.model_copy(update={"reason": r}) for r in ("incompany_participant", "staff")]
    return every


def rendered_emails(events, language, link_settings, owed_by) -> dict[Template, list[Rendered]]:
    emails: dict[Template, list[Rendered]] = defaultdict(list)
    for event in variants(events, language):
        for owed in owed_by(event):  # staff alerts too, in each language staff may choose
            context = context_for_sending(owed.context, link_settings)
            emails[owed.template].append(render(owed.template, language, context))
    return emails


def holes(text: str) -> list[str]:
    """What a placeholder left unfilled would look like in the text. (An empty or None value
    makes rendering fail outright: `rendering._filled`.)"""
    found = [marker for marker in ("{", "}", "None", "()", "[]") if marker in text]
    found += [line for line in text.splitlines() if re.search(r"\S {2,}\S|\s[,.]", line.strip())]
    return found


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.append(dict(attrs)["href"] or "")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", list(Template))
def test_every_email_renders_with_every_placeholder_filled(
    template, language, events, link_settings, owed_by
):
    emails = rendered_emails(events, language, link_settings, owed_by)[template]
    assert emails, f"no event renders {template} in {language}"
    for email in emails:
        assert email.subject.strip()
        assert email.body.strip()
        assert holes(email.subject) == []
        assert holes(email.body) == [], email.body
        # The zone of every time shown is named, in the reader's language.
        if TIME.search(email.body):
            assert ZONE_NAMED[language] in email.body, email.body
        # The HTML part says what the text says, and links every address the text shows.
        parsed = _Text()
        parsed.feed(email.html)
        words = " ".join("".join(parsed.parts).split())
        assert " ".join(email.body.split()) in words
        assert parsed.links == re.findall(r"https?://\S+", email.body)


@pytest.mark.parametrize("value", ["", "  ", None])
def test_an_empty_value_in_a_placeholder_is_an_error_not_a_hole(value, events, owed_by):
    [owed] = owed_by(events.rejected())
    with pytest.raises(TemplateError, match="empty"):
        render(owed.template, "fr", {**owed.context, "reason": value})


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_a_french_or_dutch_email_holds_no_english_word(language, events, link_settings, owed_by):
    english = set(ENGLISH[language].split())
    for template, emails in rendered_emails(events, language, link_settings, owed_by).items():
        for email in emails:
            text = re.sub(r"https?://\S+|\S+@\S+", "", f"{email.subject}\n{email.body}")
            words = {word.lower() for word in re.findall(r"[A-Za-zÀ-ÿ'-]+", text)}
            assert words & english == set(), f"{language}/{template}: {email.body}"


@pytest.mark.parametrize(
    ("language", "amount"),
    [("fr", "1\u00a0200,00\u00a0€"), ("nl", "€\u00a01.200,00"), ("en", "€1,200.00")],
)
def test_amounts_show_the_euro_sign_in_the_readers_format(language, amount, events, owed_by):
    [owed] = owed_by(events.invoice(language))
    body = render(owed.template, language, {**owed.context, "price": "1200"}).body
    assert amount in body


def test_dates_read_in_full_in_brussels_time_and_say_so(events, link_settings, owed_by):
    [owed] = owed_by(events.resolved("moved", language="nl"))
    body = render(owed.template, "nl", context_for_sending(owed.context, link_settings)).body
    assert "Van maandag 7 december 2026 om 09:30 tot dinsdag 8 december 2026 om 17:00" in body
    assert "(tijd in Brussel)" in body
