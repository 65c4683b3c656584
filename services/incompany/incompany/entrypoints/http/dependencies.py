"""What every incompany router shares: error translation, settings and keys, callers.

Handlers raise the exceptions of `errors.py`; `DomainRoute` turns them into
HTTP answers (422, 404, 409, 403, 503) whose `detail` is the handler's message,
which names the field or the rule concerned.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, Response, status
from fastapi.routing import APIRoute

from chassis.api import RuntimeDep, require_roles
from chassis.tokens import Principal
from contracts.identity import Role
from incompany.adapters.nrn_protection import NrnProtector
from incompany.domain.refusals import Conflict, Forbidden, NotFound, Refused, Unavailable
from incompany.settings import IncompanySettings, settings_of

STATUS_OF: tuple[tuple[type[Exception], int], ...] = (
    (Refused, status.HTTP_422_UNPROCESSABLE_CONTENT),
    (NotFound, status.HTTP_404_NOT_FOUND),
    (Conflict, status.HTTP_409_CONFLICT),
    (Forbidden, status.HTTP_403_FORBIDDEN),
    (Unavailable, status.HTTP_503_SERVICE_UNAVAILABLE),
)


class DomainRoute(APIRoute):
    """A route whose handler's domain exceptions become HTTP answers."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handler(request)
            except (Refused, NotFound, Conflict, Forbidden, Unavailable) as error:
                code = next(c for kind, c in STATUS_OF if isinstance(error, kind))
                raise HTTPException(code, str(error)) from error

        return answer


async def get_settings(runtime: RuntimeDep) -> IncompanySettings:
    return settings_of(runtime.settings)


SettingsDep = Annotated[IncompanySettings, Depends(get_settings)]


async def get_protector(settings: SettingsDep) -> NrnProtector:
    """The keys that protect national register numbers; 503 until they are configured."""
    missing = settings.missing_participant_keys()
    if missing or settings.nrn_encryption_keys is None or settings.nrn_index_key is None:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            f"participant data cannot be handled: set {', '.join(missing)}",
        )
    return NrnProtector(
        settings.nrn_encryption_keys.get_secret_value(),
        settings.nrn_index_key.get_secret_value(),
    )


ProtectorDep = Annotated[NrnProtector, Depends(get_protector)]


def caller(*roles: Role) -> Any:
    """`Annotated[Principal, ...]`: a caller holding one of `roles` (401 without token, 403)."""
    return Annotated[Principal, Depends(require_roles(*roles))]


NOT_FOUND = {404: {"description": "No such thing, or it belongs to another company"}}
