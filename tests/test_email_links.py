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
    ids = {"booking_id": "7d5e", "credit_note_id": "c0de"}
    path = page_url("", page, **ids)
    assert portal_serves(path or "/"), path


def test_an_api_path_is_not_mistaken_for_a_page():
    assert not portal_serves("/incompany/participations/1/evaluation")
