"""The security suite's platform (tests/security): five services in process, seeded, watched.

- `inprocess`: `Platform`, the services on fresh PostgreSQL databases, one
  in-process bus and one manual clock, with an ASGI client each.
- `people`: real, logged-in people of every role, and what each company owns.
- `world`: companies A and B's bookings, invoices, groups... made through the APIs.
- `forgery`: tokens signed as accounts signs them, and ten spoilt ones.
- `routes`: the table of routes read from the services' apps.
- `log_tape`: every log line of the suite, and the secrets none may hold.
- `report`: the suite's ledger, printed and written for docs/RELIABILITY.md.

Nothing here imports a service's modules: the service definitions and accounts'
first-admin bootstrap come from the caller (tests/security/conftest.py).
"""
