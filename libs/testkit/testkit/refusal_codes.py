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
import string
import textwrap
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


def _literal_keys(call: ast.Call) -> frozenset[str] | None:
    """The keys of a call's `params={...}` literal: empty without one, None if not a literal."""
    for keyword in call.keywords:
        if keyword.arg == "params":
            value = keyword.value
            if isinstance(value, ast.Constant) and value.value is None:
                return frozenset()
            if not isinstance(value, ast.Dict) or any(
                not isinstance(key, ast.Constant) for key in value.keys
            ):
                return None
            return frozenset(str(key.value) for key in value.keys if isinstance(key, ast.Constant))
        if keyword.arg is None:  # **kwargs: anything may be in it
            return None
    return frozenset()


def _own_params(cls: type[Refusal]) -> frozenset[str] | None:
    """The params a refusal class fills itself (its `__init__`'s `params={...}`), or None
    when its `__init__` is the chassis's, which takes them from the raise site."""
    for klass in cls.__mro__:
        if "__init__" not in vars(klass):
            continue
        if klass.__module__.startswith("chassis."):
            return None
        tree = ast.parse(textwrap.dedent(inspect.getsource(vars(klass)["__init__"])))
        keys: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                found = _literal_keys(node)
                if found is None:
                    return frozenset({"*"})  # built some other way: trust it
                keys |= found
        return frozenset(keys)
    return None


def params_given(package: str) -> dict[str, dict[str, frozenset[str]]]:
    """code -> `module:line` of each call building that refusal -> the params it carries.

    A refusal whose class fills its params itself carries those; any other carries
    the `params={...}` of the call. "*" stands for params built in a way this reading
    cannot see (a variable, `**kwargs`), which the caller should not hold against it.
    """
    found: dict[str, dict[str, frozenset[str]]] = {}
    for module in _modules(package):
        source = Path(module.__file__).read_text() if module.__file__ else ""
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            cls = _refusal(vars(module).get(node.func.id))
            if cls is None:
                continue
            code = cls.code
            for keyword in node.keywords:
                if keyword.arg == "code" and isinstance(keyword.value, ast.Constant):
                    code = str(keyword.value.value)
            own = _own_params(cls)
            given = own if own is not None else _literal_keys(node)
            where = f"{module.__name__}:{node.lineno}"
            found.setdefault(code, {})[where] = given if given is not None else frozenset("*")
    return found


def missing_params(package: str, texts: Texts) -> dict[str, set[str]]:
    """`module:line (code, language)` -> the `{names}` its text wants and the call does not give.

    Such a refusal is answered in English whatever the reader asked."""
    missing: dict[str, set[str]] = {}
    for code, sites in params_given(package).items():
        catalogue = texts.get(code) or CHASSIS.get(code) or {}
        for language in LANGUAGES:
            text = catalogue.get(language)
            if text is None:
                continue
            wanted = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            for where, given in sites.items():
                if "*" not in given and not wanted <= given:
                    missing[f"{where} ({code}, {language})"] = wanted - given
    return missing
