"""The fault suite's rig (tests/faults): the services as processes, a load, faults, a ledger.

- `fleet`: `python -m <service> serve` per replica on the real RabbitMQ and
  PostgreSQL, a service's database optionally behind a TCP proxy the rig cuts.
- `load`: the business operations customers, customer service and HR make
  through the REST APIs, counted when their answer is a success.
- `injection`: what a fault is, and how long its effects took to catch up.
- `databases`, `deliveries`: what the services committed and which events
  their consumers recorded, read from their own databases and the broker.
- `ledger`, `effects`: the checks once the system is quiet (lost, duplicated,
  unexpected, stuck, half-written).
- `seed`: the catalogue, customers and in-company group the load works on.
- `report`: the figures of each scenario, printed and written as JSON for
  docs/RELIABILITY.md (`tests/faults/render_reliability.py`).
- `rig`: `Rig`, the object a scenario holds, wiring the above.

Nothing here imports a service's modules: the service definitions and their
process environment come from the caller (tests/faults/conftest.py), so a
service's internals can move without touching the rig.
"""
