"""The portal's pages, one module per area: `anyone` (catalogue, accounts, the emailed
links' pages), `customer`, `staff`. The in-company areas (HR, participants, the staff's
planning) come as modules of their own beside these, each listed in `ROUTERS` and in
`domain/navigation.AREAS`."""

from portal.entrypoints.http import anyone, customer, staff

ROUTERS = (anyone.router, customer.router, staff.router)
