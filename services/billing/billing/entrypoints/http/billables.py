"""Billables over HTTP: what a booking costs, what is invoiced and what is left (staff)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from billing.domain.queries import ReadBillable
from billing.entrypoints.http.callers import Staff
from billing.entrypoints.http.schemas import BillableOut
from billing.handlers import billables
from chassis import problems
from chassis.api import UnitOfWorkDep
from contracts.billing import BillableKind

router = APIRouter(tags=["billing"])


@router.get(
    "/billables/{reference_id}",
    summary="What a booking costs, what is invoiced and what is left (staff)",
    responses=problems.responses(404),
)
async def get_billable(
    reference_id: UUID,
    _: Staff,
    uow: UnitOfWorkDep,
    kind: Annotated[BillableKind, Query()] = "public_booking",
) -> BillableOut:
    statement = await billables.read_billable(ReadBillable(kind, reference_id), uow)
    return BillableOut.of(statement)
