"""The in-company service's public REST API (`/incompany`, docs/API.md "Incompany"), as
the portal calls it: HR's attestation, training plans, requests and groups; the planners'
availability and proposals; the reviewers' attestations; the participants' own trainings.

A part of `api.Api` (which it is mixed into): the plumbing (`_get`, `_post`, `_upload`,
`_delete`, `_every`, `_document`) is there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the plumbing's signatures, from api.Api
    from portal.adapters.api import Document, Upload

PREFIX = "/incompany"


class InCompanyApi:
    """`/incompany/...` calls; mixed into `api.Api`."""

    if TYPE_CHECKING:

        async def _get(self, path: str, **params: Any) -> Any: ...
        async def _post(
            self, path: str, body: Any = None, key: str | None = None, anonymous: bool = False
        ) -> Any: ...
        async def _upload(
            self, path: str, data: Mapping[str, str], files: Mapping[str, Upload], key: str
        ) -> Any: ...
        async def _delete(self, path: str) -> Any: ...
        async def _every(self, path: str, **params: Any) -> list[dict[str, Any]]: ...
        async def _document(self, path: str) -> Document: ...

    # --- catalogue and training plans (R-I1, R-I2) ---------------------------------------

    async def incompany_courses(self) -> list[dict[str, Any]]:
        return await self._every(f"{PREFIX}/courses")

    async def training_plans(self, year: int | None = None) -> list[dict[str, Any]]:
        return await self._every(f"{PREFIX}/training-plans", year=year)

    async def submit_training_plan(
        self, year: str, reference: str, document: Upload, key: str
    ) -> dict[str, Any]:
        return dict(
            await self._upload(
                f"{PREFIX}/training-plans",
                {"year": year, "reference": reference},
                {"document": document},
                key,
            )
        )

    # --- requests and their planning (R-I1 to R-I4) --------------------------------------

    async def incompany_requests(self, state: str | None = None) -> list[dict[str, Any]]:
        return await self._every(f"{PREFIX}/requests", state=state)

    async def incompany_request(self, request_id: str) -> dict[str, Any]:
        return dict(await self._get(f"{PREFIX}/requests/{request_id}"))

    async def request_training(self, body: dict[str, Any], key: str) -> dict[str, Any]:
        return dict(await self._post(f"{PREFIX}/requests", body, key))

    async def availability(self, request_id: str) -> list[dict[str, Any]]:
        return await self._every(f"{PREFIX}/requests/{request_id}/availability")

    async def record_availability(
        self, request_id: str, body: dict[str, Any], key: str
    ) -> dict[str, Any]:
        return dict(await self._post(f"{PREFIX}/requests/{request_id}/availability", body, key))

    async def propose_dates(
        self, request_id: str, body: dict[str, Any], key: str
    ) -> dict[str, Any]:
        return dict(await self._post(f"{PREFIX}/requests/{request_id}/proposals", body, key))

    async def confirm_dates(self, request_id: str, proposal_id: str, key: str) -> dict[str, Any]:
        return dict(
            await self._post(
                f"{PREFIX}/requests/{request_id}/confirm", {"proposal_id": proposal_id}, key
            )
        )

    # --- attestations (R-A6) -------------------------------------------------------------

    async def my_attestation(self) -> dict[str, Any]:
        return dict(await self._get(f"{PREFIX}/attestations/mine"))

    async def submit_attestation(
        self, full_name: str, position_title: str, document: Upload, key: str
    ) -> dict[str, Any]:
        return dict(
            await self._upload(
                f"{PREFIX}/attestations",
                {"full_name": full_name, "position_title": position_title},
                {"document": document},
                key,
            )
        )

    async def attestations(self, state: str | None = None) -> list[dict[str, Any]]:
        return await self._every(f"{PREFIX}/attestations", state=state)

    async def attestation_document(self, attestation_id: str) -> Document:
        return await self._document(f"{PREFIX}/attestations/{attestation_id}/document")

    async def approve_attestation(self, attestation_id: str, key: str) -> dict[str, Any]:
        return dict(await self._post(f"{PREFIX}/attestations/{attestation_id}/approve", None, key))

    async def reject_attestation(
        self, attestation_id: str, reason: str, key: str
    ) -> dict[str, Any]:
        return dict(
            await self._post(
                f"{PREFIX}/attestations/{attestation_id}/reject", {"reason": reason}, key
            )
        )

    # --- groups, participants, deadlines, evaluations (R-I5 to R-I16) ------------------

    async def groups(self, request_id: str | None = None) -> list[dict[str, Any]]:
        return await self._every(f"{PREFIX}/groups", request_id=request_id)

    async def group(self, group_id: str) -> dict[str, Any]:
        return dict(await self._get(f"{PREFIX}/groups/{group_id}"))

    async def participants(
        self, group_id: str, *, include_cancelled: bool = False
    ) -> list[dict[str, Any]]:
        path = f"{PREFIX}/groups/{group_id}/participants"
        if include_cancelled:
            return await self._every(path, include_cancelled="true")
        return await self._every(path)

    async def add_participant(
        self, group_id: str, body: dict[str, Any], key: str
    ) -> dict[str, Any]:
        return dict(await self._post(f"{PREFIX}/groups/{group_id}/participants", body, key))

    async def cancel_participant(self, group_id: str, participant_id: str) -> None:
        await self._delete(f"{PREFIX}/groups/{group_id}/participants/{participant_id}")

    async def deadlines(self, group_id: str) -> list[dict[str, Any]]:
        return await self._every(f"{PREFIX}/groups/{group_id}/deadlines")

    async def evaluation_results(self, group_id: str) -> dict[str, Any]:
        return dict(await self._get(f"{PREFIX}/groups/{group_id}/evaluation-results"))

    async def evaluation_answers(self, group_id: str) -> list[dict[str, Any]]:
        return await self._every(f"{PREFIX}/groups/{group_id}/evaluations")

    # --- a participant's own (R-A7, R-I10, R-I12) --------------------------------------

    async def my_participations(self) -> list[dict[str, Any]]:
        return await self._every(f"{PREFIX}/me/participations")

    async def my_participation(self, participant_id: str) -> dict[str, Any]:
        return dict(await self._get(f"{PREFIX}/me/participations/{participant_id}"))

    async def answer_evaluation(
        self, participant_id: str, body: dict[str, Any], key: str
    ) -> dict[str, Any]:
        return dict(
            await self._post(f"{PREFIX}/me/participations/{participant_id}/evaluation", body, key)
        )
