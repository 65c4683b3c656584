"""Which refusal codes a service can answer, read from its source, and which lack words.

Every refusal a service raises reaches a person as a problem's `detail`; a code
without French and Dutch texts (the service's `refusal_texts`, or the chassis's
own) falls back to the English the handler wrote. `codes_raised` finds the codes
statically: every `raise X(...)` of a refusal class in the package (its `code=`
when given, else the class's), and every refusal class the package defines.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from chassis.problem_texts import CHASSIS, Texts
from chassis.refusals import Refusal

LANGUAGES = ("fr", "nl")


def _modules(package: str) -> Iterator[ModuleType]:
    root = importlib.import_module(package)
    yield root
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        if ".migrations" in info.name or info.name.endswith("__main__"):
            continue
        yield importlib.import_module(info.name)


def _refusal(value: object) -> type[Refusal] | None:
    return value if inspect.isclass(value) and issubclass(value, Refusal) else None


def codes_raised(package: str) -> dict[str, set[str]]:
    """code -> where it is raised or defined (`module:line` or `module.Class`)."""
    found: dict[str, set[str]] = {}
    for module in _modules(package):
        for name, value in vars(module).items():
            cls = _refusal(value)
            if cls is not None and cls.__module__ == module.__name__:
                found.setdefault(cls.code, set()).add(f"{module.__name__}.{name}")
        source = Path(module.__file__).read_text() if module.__file__ else ""
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.Raise) or not isinstance(node.exc, ast.Call):
                continue
            call = node.exc
            name = call.func.id if isinstance(call.func, ast.Name) else None
            cls = _refusal(vars(module).get(name)) if name else None
            if cls is None:
                continue
            code = cls.code
            for keyword in call.keywords:
                if keyword.arg == "code" and isinstance(keyword.value, ast.Constant):
                    code = str(keyword.value.value)
            found.setdefault(code, set()).add(f"{module.__name__}:{node.lineno}")
    return found


def codes_without_texts(package: str, texts: Texts) -> dict[str, set[str]]:
    """The codes raised in `package` that lack a French or Dutch text."""
    return {
        code: where
        for code, where in codes_raised(package).items()
        if not all(
            language in (texts.get(code) or CHASSIS.get(code) or {}) for language in LANGUAGES
        )
    }
