"""The portal's pages, one module per area: `anyone` (catalogue, accounts, the emailed
links' pages), `customer`, `staff`; in-company: `hr`, `participant` and the staff's
`incompany_staff` (planning, attestations, groups). Each is listed in `ROUTERS` and its
links in `domain/navigation.AREAS`."""

from portal.entrypoints.http import anyone, customer, hr, incompany_staff, participant, staff

ROUTERS = (
    anyone.router,
    customer.router,
    staff.router,
    incompany_staff.router,
    hr.router,
    participant.router,
)
