"""The AsyncAPI 3.0 document of the integration events, generated from this package.

The event classes and `QUEUES` are what the services run, so a document derived
from them cannot drift from the code the way a hand-written one would. The
committed `docs/asyncapi.yaml` is for readers without Python (other teams,
operators, tooling); a test fails when it no longer matches the code.

    python -m contracts.asyncapi --write   # what `make asyncapi` runs
    python -m contracts.asyncapi --check   # exit 1 when the committed file is stale
    python -m contracts.asyncapi           # print the document
"""

from __future__ import annotations

import argparse
import copy
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from contracts.envelope import Envelope, Event, registered_events
from contracts.topology import DEAD_LETTER_EXCHANGE, EXCHANGE, QUEUES, ConsumerQueue

DOCUMENT_VERSION = "0.1.0"
"""Version of the published contract (`info.version`); bump it when the document changes."""

DOCUMENT_PATH = Path("docs") / "asyncapi.yaml"
"""Where the document lives, relative to the repository root."""

SERVER = "rabbitmq"
AMQP_BINDING_VERSION = "0.3.0"
SCHEMA_REF = "#/components/schemas/{model}"
"""pydantic writes `$ref`s with this template, so shared models resolve inside the document."""

HEADER = "# Generated from contracts/ by `make asyncapi`: do not edit by hand.\n"


def build_document() -> dict[str, Any]:
    """The whole document as plain data, in a stable order."""
    events = registered_events()
    schemas: dict[str, Any] = {}
    messages = {name: _message(name, event, schemas) for name, event in events.items()}
    operations = {_send_operation_id(name): _send_operation(name) for name in events}
    for queue in sorted(QUEUES, key=lambda queue: queue.name):
        if queue.name in operations:
            raise ValueError(f"operation id {queue.name!r} is used twice")
        operations[queue.name] = _receive_operation(queue)
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Training platform integration events",
            "version": DOCUMENT_VERSION,
            "description": (
                f"Every event is published on the durable topic exchange `{EXCHANGE}` "
                "with its versioned name as routing key. Each consumer reads its own "
                "durable quorum queue; a message its consumer keeps failing goes, "
                f"through the direct exchange `{DEAD_LETTER_EXCHANGE}`, to that "
                "queue's dead-letter queue. A published name never changes shape: "
                "a new shape is a new name with the next version."
            ),
        },
        "defaultContentType": "application/json",
        "servers": {
            SERVER: {
                "host": "rabbitmq:5672",
                "protocol": "amqp",
                "protocolVersion": "0.9.1",
                "description": (
                    "The platform's RabbitMQ. Services take the actual URL, with its "
                    "credentials and virtual host, from the RABBITMQ_URL environment variable."
                ),
            }
        },
        "channels": {name: _channel(name) for name in events},
        "operations": operations,
        "components": {"messages": messages, "schemas": dict(sorted(schemas.items()))},
    }


def _channel(name: str) -> dict[str, Any]:
    """One channel per event: its address is the routing key on the events exchange."""
    return {
        "address": name,
        "messages": {name: {"$ref": _pointer("components", "messages", name)}},
        "bindings": {
            "amqp": {
                "is": "routingKey",
                "exchange": {
                    "name": EXCHANGE,
                    "type": "topic",
                    "durable": True,
                    "autoDelete": False,
                    "vhost": "/",
                },
                "bindingVersion": AMQP_BINDING_VERSION,
            }
        },
    }


def _message(name: str, event: type[Event], schemas: dict[str, Any]) -> dict[str, Any]:
    """The envelope as it travels, with `payload` narrowed to this event's schema."""
    envelope = _schema(Envelope, schemas)
    envelope["properties"]["name"]["const"] = name
    envelope["properties"]["payload"] = _schema(event, schemas)
    message: dict[str, Any] = {"name": event.__name__, "title": name}
    if event.__doc__:
        message["summary"] = event.__doc__.strip().splitlines()[0]
    message["correlationId"] = {"location": "$message.payload#/correlation_id"}
    message["payload"] = envelope
    message["bindings"] = {"amqp": {"messageType": name, "bindingVersion": AMQP_BINDING_VERSION}}
    return message


def _schema(model: type[Envelope] | type[Event], schemas: dict[str, Any]) -> dict[str, Any]:
    """The model's JSON schema, its shared definitions moved to `schemas`.

    Serialization mode, because the document describes what producers put on the
    wire: an amount is a JSON string ("375.00"), never a number.
    """
    schema = copy.deepcopy(model.model_json_schema(mode="serialization", ref_template=SCHEMA_REF))
    for definition_name, definition in schema.pop("$defs", {}).items():
        if schemas.setdefault(definition_name, definition) != definition:
            raise ValueError(f"two different models are named {definition_name!r}: rename one")
    return schema


def _send_operation_id(name: str) -> str:
    return f"{_producer(name)}.send.{name}"


def _send_operation(name: str) -> dict[str, Any]:
    producer = _producer(name)
    return {
        "action": "send",
        "channel": {"$ref": _pointer("channels", name)},
        "messages": [{"$ref": _pointer("channels", name, "messages", name)}],
        "title": f"{producer} publishes {name}",
        "tags": [{"name": producer}],
        "bindings": {
            "amqp": {
                "deliveryMode": 2,
                "mandatory": True,
                "timestamp": True,
                "bindingVersion": AMQP_BINDING_VERSION,
            }
        },
    }


def _receive_operation(queue: ConsumerQueue) -> dict[str, Any]:
    """A consumer: its queue's declaration travels in `x-queue`, as operators need it."""
    consumer = queue.name.split(".")[0]
    name = queue.routing_key
    return {
        "action": "receive",
        "channel": {"$ref": _pointer("channels", name)},
        "messages": [{"$ref": _pointer("channels", name, "messages", name)}],
        "title": f"{consumer} consumes {name}",
        "description": (
            f"From the durable queue `{queue.name}`, bound to `{EXCHANGE}` with routing "
            f"key `{name}`, prefetch {queue.prefetch}. A message that exceeds the queue's "
            f"delivery limit is dead-lettered to `{queue.dead_letter_queue}`."
        ),
        "tags": [{"name": consumer}],
        "bindings": {"amqp": {"ack": True, "bindingVersion": AMQP_BINDING_VERSION}},
        "x-queue": {
            "name": queue.name,
            "durable": True,
            "routingKey": name,
            "arguments": dict(sorted(queue.arguments().items())),
            "prefetch": queue.prefetch,
            "deadLetterQueue": {
                "name": queue.dead_letter_queue,
                "arguments": dict(sorted(queue.dead_letter_arguments().items())),
            },
        },
    }


PUBLISHED_FOR = {"platform": "accounts"}
"""Events named after the platform rather than a service, and who publishes them."""


def _producer(name: str) -> str:
    """The publishing service: an event name starts with it (or with `platform`)."""
    first = name.split(".")[0]
    return PUBLISHED_FOR.get(first, first)


def _pointer(*parts: str) -> str:
    """A local JSON pointer, escaped so that any name is a valid `$ref`."""
    return "#/" + "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def render() -> str:
    """The document as the YAML text that is committed."""
    import yaml  # only the CLI and the freshness test need it

    class _Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True  # repeated values are written out, never as &anchors

    body = yaml.dump(
        build_document(),
        Dumper=_Dumper,
        sort_keys=False,  # the order built above is already stable, and reads better
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    return HEADER + body


def repository_root() -> Path:
    """The nearest directory holding `uv.lock`, from this file, else from the working directory."""
    for start in (Path(__file__).resolve(), Path.cwd().resolve()):
        for directory in (start, *start.parents):
            if (directory / "uv.lock").is_file():
                return directory
    raise FileNotFoundError("no parent directory holds uv.lock")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m contracts.asyncapi",
        description="Generate the AsyncAPI document of the integration events.",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write the document")
    mode.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    parser.add_argument("--output", type=Path, help=f"default: <repository root>/{DOCUMENT_PATH}")
    args = parser.parse_args(argv)

    text = render()
    if not (args.write or args.check):
        sys.stdout.write(text)
        return 0
    path, shown = _target(parser, args.output)
    if args.write:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        sys.stdout.write(f"wrote {shown}\n")
        return 0
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        sys.stderr.write(f"{shown} is stale: run `make asyncapi`\n")
        return 1
    return 0


def _target(parser: argparse.ArgumentParser, output: Path | None) -> tuple[Path, str]:
    """The file to write or check, and how to name it in a message."""
    if output is not None:
        return output, str(output)
    try:
        return repository_root() / DOCUMENT_PATH, DOCUMENT_PATH.as_posix()
    except FileNotFoundError as error:
        parser.error(f"{error}: pass --output")


if __name__ == "__main__":
    sys.exit(main())
