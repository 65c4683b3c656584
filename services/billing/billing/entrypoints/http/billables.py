"""Billables over HTTP: what a booking costs, what is invoiced and what is left (staff)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from billing.domain.queries import ListBillables, ReadBillable
from billing.entrypoints.http.callers import Since, Staff, Until
from billing.entrypoints.http.schemas import BillableOut
from billing.handlers import billables
from chassis import problems
from chassis.api import PageRequestDep, UnitOfWorkDep, page_answer
from chassis.pages import Page
from contracts.billing import BillableKind

router = APIRouter(tags=["billing"])


@router.get("/billables", summary="Billables in the order they were recorded (staff)")
async def list_billables(
    _: Staff,
    uow: UnitOfWorkDep,
    page: PageRequestDep,
    request: Request,
    response: Response,
    kind: BillableKind | None = None,
    cancelled: bool | None = None,
    created_from: Since = None,
    created_until: Until = None,
) -> Page[BillableOut]:
    query = ListBillables(kind, cancelled, created_from, created_until)
    found, next_cursor = await billables.list_billables(query, page, uow)
    return page_answer(request, response, [BillableOut.of(b) for b in found], next_cursor)


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
