from incompany.entrypoints.http import (
    attestations,
    catalogue,
    groups,
    me,
    participants,
    planning,
    requests,
    training_plans,
)

ROUTERS = [
    catalogue.router,
    training_plans.router,
    requests.router,
    planning.router,
    attestations.router,
    groups.router,
    participants.router,
    me.router,
]
