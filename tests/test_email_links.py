"""Every link an email carries to the portal opens a page the portal serves (docs/LINKS.md):
the single-use links' pages and the pages linked without a token, matched against the
portal's own routes (a GET answering HTML), never an API path."""

from __future__ import annotations

import pytest
from starlette.routing import Match, Route

from notifications.domain.links import PAGES, PORTAL_PAGES, page_url
from portal.entrypoints.http import ROUTERS


def portal_serves(path: str) -> bool:
    scope = {"type": "http", "method": "GET", "path": path}
    for router in ROUTERS:
        for route in router.routes:
            if isinstance(route, Route) and route.matches(scope)[0] == Match.FULL:
                return True
    return False


@pytest.mark.parametrize("purpose", sorted(PAGES))
def test_every_single_use_link_opens_a_portal_page(purpose):
    assert portal_serves(PAGES[purpose])


@pytest.mark.parametrize("page", sorted(PORTAL_PAGES))
def test_every_page_an_email_links_is_a_portal_page(page):
    ids = {
        "booking_id": "7d5e",
        "credit_note_id": "c0de",
        "invoice_id": "1a2b",
        "request_id": "5e9f",
        "group_id": "3c2b",
        "participant_id": "9a8b",
    }
    path = page_url("", page, **ids)
    assert portal_serves(path or "/"), path


def test_hr_and_participants_are_linked_to_their_in_company_pages():
    """docs/LINKS.md: HR's emails link the request and the group, a participant's their
    training; each a page of the portal for that reader (the hr and trainings spaces)."""
    assert page_url("", "hr_request", request_id="r1") == "/hr/requests/r1"
    assert page_url("", "hr_group", group_id="g1") == "/hr/groups/g1"
    assert page_url("", "training", participant_id="p1") == "/trainings/p1"
    for path in ("/hr/requests/r1", "/hr/groups/g1", "/trainings/p1"):
        assert portal_serves(path), path


def test_an_api_path_is_not_mistaken_for_a_page():
    assert not portal_serves("/incompany/participations/1/evaluation")
