"""The incompany service: in-company digital training, from request to evaluation.

Section I of PRODUCT.md (R-I1..R-I16) and R-A6, R-A7: the digital catalogue,
training plans, requests and their planning, HR attestations, groups and
their participants (national register numbers encrypted, blind-indexed,
masked), evaluations, attendance, and the chain of deadlines of each group,
fired exactly once by a background scan (`deadline_scan.py`).

Consumes `accounts.company.registered.v1` (company names for its events).
Settings: `settings.py` (`INCOMPANY_<NAME>` or `<NAME>`).
"""

from chassis.consumers import Consumer
from chassis.service import ServiceDefinition
from contracts import topology
from incompany.adapters.tables import delivery, metadata
from incompany.entrypoints.gauges import GAUGES
from incompany.entrypoints.http import attestations as attestations_api
from incompany.entrypoints.http import catalogue as catalogue_api
from incompany.entrypoints.http import groups as groups_api
from incompany.entrypoints.http import me as me_api
from incompany.entrypoints.http import participants as participants_api
from incompany.entrypoints.http import requests as requests_api
from incompany.handlers.companies import on_company_registered
from incompany.handlers.deadlines import scan_deadlines
from incompany.settings import IncompanySettings

DEFINITION = ServiceDefinition(
    name="incompany",
    title="In-company training",
    description="Training plans, requests, planning, groups, participants and their deadlines.",
    metadata=metadata,
    delivery=delivery,
    migrations="incompany:migrations",
    routers=[
        catalogue_api.router,
        requests_api.router,
        attestations_api.router,
        groups_api.router,
        participants_api.router,
        me_api.router,
    ],
    consumers=[Consumer(topology.INCOMPANY_COMPANIES, on_company_registered)],
    background=[scan_deadlines],
    gauges=GAUGES,
    settings_class=IncompanySettings,
)
