import structlog

from chassis.logs import REDACTED, redact_secrets


def scrub(**event):
    return redact_secrets(None, "info", event)


def test_values_under_secret_names_are_redacted():
    event = scrub(event="login", password="hunter2", access_token="abc", user="ada")
    assert event["password"] == REDACTED
    assert event["access_token"] == REDACTED
    assert event["user"] == "ada"


def test_a_national_register_number_is_redacted_wherever_it_appears():
    event = scrub(event="participant 85.07.30-033.28 added", detail={"note": "nrn 85073003328"})
    assert "85.07.30-033.28" not in event["event"]
    assert "85073003328" not in str(event["detail"])


def test_a_bearer_token_in_free_text_is_redacted():
    token = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
    assert token not in scrub(event=f"header was Bearer {token}")["event"]


def test_ordinary_numbers_and_ids_survive():
    event = scrub(event="invoice 2026-000123 issued", amount="375.00", count=6)
    assert event["event"] == "invoice 2026-000123 issued"
    assert event["amount"] == "375.00"


def test_bound_context_reaches_every_line():
    with (
        structlog.testing.capture_logs(
            processors=[structlog.contextvars.merge_contextvars]
        ) as logs,
        structlog.contextvars.bound_contextvars(correlation_id="c-1"),
    ):
        structlog.get_logger().info("first")
        structlog.get_logger().info("second")
    assert [line["correlation_id"] for line in logs] == ["c-1", "c-1"]
