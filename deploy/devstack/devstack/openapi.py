"""The committed OpenAPI documents of the five services, `docs/openapi/<service>.json`.

Each document is what the service's running app serves at `/<service>/openapi.json`
(`app.openapi()`, completed by `chassis.openapi`), so readers and client
generators get the published REST contract without starting anything.
`tests/contracts/test_openapi_documents.py` fails when a committed document no
longer matches the code, and `tests/test_generated_client.py` generates a client
from them and books with it.

    python -m devstack.openapi --write   # what `make openapi` runs
    python -m devstack.openapi --check   # exit 1 when a committed document is stale
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from accounts.service import DEFINITION as ACCOUNTS
from billing.service import DEFINITION as BILLING
from chassis.service import ServiceDefinition, create_app
from enrollment.service import DEFINITION as ENROLLMENT
from incompany.service import DEFINITION as INCOMPANY
from notifications.service import DEFINITION as NOTIFICATIONS

SERVICES: tuple[ServiceDefinition[Any], ...] = (
    ACCOUNTS,
    ENROLLMENT,
    INCOMPANY,
    BILLING,
    NOTIFICATIONS,
)
DOCUMENTS = Path("docs") / "openapi"
"""Where the documents live, relative to the repository root."""


def build_document(definition: ServiceDefinition[Any]) -> dict[str, Any]:
    """The service's OpenAPI document, from an app that is built but never started."""
    with tempfile.TemporaryDirectory() as data_dir:
        settings = definition.settings_class(service_name=definition.name, data_dir=Path(data_dir))
        return dict(create_app(definition, settings).openapi())


def render(definition: ServiceDefinition[Any]) -> str:
    """The document as committed: JSON, two-space indent, the app's own key order."""
    return json.dumps(build_document(definition), indent=2, ensure_ascii=False) + "\n"


def repository_root() -> Path:
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "docs").is_dir() and (folder / "services").is_dir():
            return folder
    raise FileNotFoundError("not inside the repository (no docs/ and services/ above)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devstack.openapi",
        description="Write or check the committed OpenAPI documents of the services.",
    )
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="write the documents")
    mode.add_argument("--check", action="store_true", help="exit 1 if a document is stale")
    parser.add_argument("--output", type=Path, help=f"default: <repository root>/{DOCUMENTS}")
    args = parser.parse_args(argv)
    try:
        folder = args.output or repository_root() / DOCUMENTS
    except FileNotFoundError as error:
        parser.error(f"{error}: pass --output")
    stale = []
    for definition in SERVICES:
        path = folder / f"{definition.name}.json"
        text = render(definition)
        if args.write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            sys.stdout.write(f"wrote {path}\n")
        elif not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
    for path in stale:
        sys.stderr.write(f"{path} is stale: run `make openapi`\n")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
