"""The bus topology is a public contract: every event is consumed, names are stable."""

from contracts import QUEUES, registered_events
from contracts.topology import DEAD_LETTER_EXCHANGE

SERVICES = {"accounts", "enrollment", "incompany", "billing", "notifications"}


def test_every_event_has_a_consumer_queue_so_none_is_unroutable():
    consumed = {queue.routing_key for queue in QUEUES}
    assert set(registered_events()) <= consumed


def test_queue_names_are_unique_and_start_with_the_consuming_service():
    names = [queue.name for queue in QUEUES]
    assert len(names) == len(set(names))
    assert {name.split(".")[0] for name in names} <= SERVICES


def test_no_service_consumes_its_own_events():
    for queue in QUEUES:
        assert queue.name.split(".")[0] != queue.routing_key.split(".")[0], queue.name


def test_every_queue_is_a_quorum_queue_with_a_delivery_limit_and_its_dead_letter_queue():
    for queue in QUEUES:
        arguments = queue.arguments()
        assert arguments["x-queue-type"] == "quorum"
        assert arguments["x-delivery-limit"] >= 1
        assert arguments["x-dead-letter-exchange"] == DEAD_LETTER_EXCHANGE
        assert arguments["x-dead-letter-routing-key"] == queue.name
        assert queue.dead_letter_queue == f"{queue.name}.dead-letter"


def test_event_names_carry_their_producer_and_version():
    for name in registered_events():
        producer, *_, version = name.split(".")
        assert producer in SERVICES | {"platform"}  # platform: accounts publishes for it
        assert version.startswith("v")
        assert version[1:].isdigit()


def test_every_service_but_accounts_hears_the_test_clock_move():
    hearing = {
        q.name.split(".")[0] for q in QUEUES if q.routing_key == "platform.test-clock.moved.v1"
    }
    assert hearing == SERVICES - {"accounts"}
