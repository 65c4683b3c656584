"""The AsyncAPI document is complete, self-contained, and the committed copy is current.

The freshness test is the guard against changing an event or a queue without
running `make asyncapi`: readers of `docs/asyncapi.yaml` never see the code.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from contracts import QUEUES, registered_events
from contracts.asyncapi import build_document, main, render

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "asyncapi.yaml"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return build_document()


def test_committed_document_is_fresh():
    assert COMMITTED.is_file(), "docs/asyncapi.yaml is missing: run `make asyncapi`"
    assert COMMITTED.read_text(encoding="utf-8") == render(), (
        "docs/asyncapi.yaml is stale: run `make asyncapi`"
    )


def test_rendering_is_deterministic_and_reads_back_as_the_document(document):
    assert render() == render()
    assert yaml.safe_load(render()) == document


def test_check_passes_on_a_fresh_file_and_fails_on_a_stale_one(tmp_path, capsys):
    target = tmp_path / "asyncapi.yaml"
    assert main(["--write", "--output", str(target)]) == 0
    assert main(["--check", "--output", str(target)]) == 0

    target.write_text(render().replace("accounts.user.registered.v1", "renamed.v1", 1))
    assert main(["--check", "--output", str(target)]) == 1
    assert "is stale: run `make asyncapi`" in capsys.readouterr().err


def test_check_fails_when_the_file_is_missing(tmp_path):
    assert main(["--check", "--output", str(tmp_path / "absent.yaml")]) == 1


def test_every_event_has_a_channel_on_its_routing_key_a_message_and_a_send_operation(document):
    sent = {
        operation["channel"]["$ref"]
        for operation in document["operations"].values()
        if operation["action"] == "send"
    }
    for name, event in registered_events().items():
        channel = document["channels"][name]
        assert channel["address"] == name
        assert channel["bindings"]["amqp"]["is"] == "routingKey"
        message = document["components"]["messages"][name]
        assert message["name"] == event.__name__
        envelope = message["payload"]["properties"]
        assert envelope["name"]["const"] == name
        assert set(envelope["payload"]["properties"]) == set(event.model_fields)
        assert f"#/channels/{name}" in sent


def test_every_consumer_queue_has_a_receive_operation_with_its_declaration(document):
    for queue in QUEUES:
        operation = document["operations"][queue.name]
        assert operation["action"] == "receive"
        assert operation["channel"] == {"$ref": f"#/channels/{queue.routing_key}"}
        declared = operation["x-queue"]
        assert declared["name"] == queue.name
        assert declared["arguments"] == queue.arguments()
        assert declared["deadLetterQueue"]["name"] == queue.dead_letter_queue
        assert declared["prefetch"] == queue.prefetch


def test_every_ref_resolves_inside_the_document(document):
    refs = list(_refs(document))
    assert refs, "the document has no $ref at all: the walk is broken"
    for ref in refs:
        assert ref.startswith("#/"), ref
        node: Any = document
        for part in ref[2:].split("/"):
            key = part.replace("~1", "/").replace("~0", "~")
            assert isinstance(node, dict), ref
            assert key in node, f"{ref} does not resolve"
            node = node[key]


def test_no_pydantic_local_definitions_are_left(document):
    assert "$defs" not in render()
    assert not [ref for ref in _refs(document) if ref.startswith("#/$defs/")]


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)
