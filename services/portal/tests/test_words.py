"""Every word a page shows exists in French, Dutch and English, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal.domain.navigation import AREAS, Link
from portal.domain.words import FIELD_ERROR_WORDS, WORDS, placeholders, translate

PACKAGE = Path(__file__).resolve().parents[1] / "portal"
LITERAL = re.compile(r"""\bt\(\s*["']([a-z_][a-z0-9_.]*)["']""")
SAID = re.compile(
    r"""(?:say|problem_page\([^"']*|"words":)\s*\(?\s*["']([a-z_]+\.[a-z0-9_.]+)["']"""
)
FAMILIES = {
    "status": [
        "pending_validation",
        "validated",
        "partly_invoiced",
        "invoiced",
        "cancelled",
        "rejected",
    ],
    "role": [
        "individual",
        "enrollment_manager",
        "hr",
        "participant",
        "customer_service",
        "planner",
        "trainer",
        "admin",
    ],
    "password.set": ["title", "lead"],
    "password.reset": ["title", "lead"],
    "requests.kind": ["cancel", "move"],
    "requests.outcome": ["cancelled", "moved", "declined"],
    "country": ["BE", "FR"],
    "register": ["lead_individual", "lead_company"],
}
"""Keys a template builds from a value (`"status." ~ status`): every value it may meet."""


def used_keys() -> set[str]:
    keys: set[str] = set()
    for template in (PACKAGE / "templates").rglob("*.html"):
        # a key ending in "." or "_" is completed by a value: FAMILIES lists those
        keys.update(k for k in LITERAL.findall(template.read_text()) if k[-1] not in "._")
    for module in PACKAGE.rglob("*.py"):
        text = module.read_text()
        keys.update(SAID.findall(text))
        keys.update(re.findall(r'Note\("([a-z_.]+)"', text))
    for area in AREAS:
        keys.add(area.words)
        keys.update(link.words for link in area.links)
    keys.update(("nav.catalogue", "nav.account"))
    keys.update(FIELD_ERROR_WORDS.values())
    for family, members in FAMILIES.items():
        separator = "_" if family == "register" else "."
        keys.update(
            f"{family}{separator}{m}" if family != "register" else f"register.{m}" for m in members
        )
    return keys


def test_every_key_the_pages_use_has_its_words() -> None:
    missing = sorted(key for key in used_keys() if key not in WORDS)
    assert not missing


def test_the_scan_finds_the_keys_of_templates_and_routes() -> None:
    found = used_keys()
    assert {"catalogue.title", "flash.booked", "problem.form_expired", "status.invoiced"} <= found
    assert len(found) > 200


@pytest.mark.parametrize("key", sorted(WORDS))
def test_each_entry_says_the_same_thing_in_three_languages(key: str) -> None:
    words = WORDS[key]
    assert words.fr.strip()
    assert words.nl.strip()
    assert words.en.strip()
    assert placeholders(words.fr) == placeholders(words.nl) == placeholders(words.en)


def test_placeholders_are_filled_and_an_unknown_key_reads_as_itself() -> None:
    assert translate("fr", "invoice.label", number="2027-000001") == "Facture 2027-000001"
    assert translate("nl", "invoice.label", number="X") == "Factuur X"
    assert translate("en", "no.such.key") == "no.such.key"


def test_navigation_links_are_portal_paths() -> None:
    links: list[Link] = [link for area in AREAS for link in area.links]
    assert all(link.path.startswith("/") for link in links)
