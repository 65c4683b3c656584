"""The incompany service: in-company digital training, from request to evaluation.

Section I of PRODUCT.md (R-I1..R-I16) and R-A6, R-A7: the digital catalogue,
training plans, requests and their planning, HR attestations, groups and
their participants (national register numbers encrypted, blind-indexed,
masked), evaluations, attendance, and the chain of deadlines of each group,
fired exactly once by a background scan (`entrypoints/scans.py`).

Consumes `accounts.company.registered.v1` (company names for its events).
Settings: `settings.py` (`INCOMPANY_<NAME>` or `<NAME>`).
"""

from chassis.service import ServiceDefinition
from incompany.adapters.tables import delivery, metadata
from incompany.domain.refusal_texts import REFUSAL_TEXTS
from incompany.entrypoints.commands import COMMANDS
from incompany.entrypoints.consumers import CONSUMERS
from incompany.entrypoints.gauges import GAUGES
from incompany.entrypoints.http import ROUTERS
from incompany.entrypoints.scans import scan_deadlines
from incompany.settings import IncompanySettings

DEFINITION = ServiceDefinition(
    name="incompany",
    title="In-company training",
    description="Training plans, requests, planning, groups, participants and their deadlines.",
    metadata=metadata,
    delivery=delivery,
    migrations="incompany:migrations",
    routers=ROUTERS,
    consumers=CONSUMERS,
    background=[scan_deadlines],
    commands=COMMANDS,
    gauges=GAUGES,
    settings_class=IncompanySettings,
    refusal_texts=REFUSAL_TEXTS,
)
