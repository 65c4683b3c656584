"""Training plans over HTTP (R-I2): company users record their plans; staff see all.

Another company's plan answers 404.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Form, Query, Request, Response, UploadFile, status
from pydantic import BaseModel

from chassis.api import PageRequestDep, page_answer
from chassis.pages import Page
from incompany.adapters.tables import TrainingPlan
from incompany.domain import access
from incompany.domain.commands import SubmitPlan
from incompany.entrypoints.http.dependencies import (
    NOT_FOUND,
    Instant,
    UowDep,
    caller,
    created,
    set_location,
)
from incompany.entrypoints.http.documents import download, read_upload
from incompany.handlers import training_plans

router = APIRouter(tags=["requests"])

CompanyUser = caller(*access.COMPANY_USERS)
PlanReader = caller(*access.COMPANY_USERS, *access.OFFICE_STAFF)


class PlanOut(BaseModel):
    id: UUID
    company_id: UUID
    year: int
    reference: str
    document_name: str
    content_type: str
    document_size: int
    document_sha256: str
    submitted_by_email: str
    submitted_at: Instant

    @classmethod
    def of(cls, plan: TrainingPlan) -> PlanOut:
        return cls.model_validate(plan, from_attributes=True)


@router.post(
    "/training-plans",
    status_code=status.HTTP_201_CREATED,
    summary="Record the company's training plan, with its document (R-I2)",
    responses=created(409),
)
async def submit_plan(
    year: Annotated[int, Form(ge=2000, le=2100)],
    reference: Annotated[str, Form(min_length=1, max_length=100)],
    document: UploadFile,
    principal: CompanyUser,
    uow: UowDep,
    request: Request,
    response: Response,
) -> PlanOut:
    upload = await read_upload(document, uow.settings.max_document_bytes)
    command = SubmitPlan(by=principal, year=year, reference=reference, upload=upload)
    plan = await training_plans.submit_plan(command, uow)
    set_location(request, response, "get_plan", plan_id=plan.id)
    return PlanOut.of(plan)


@router.get("/training-plans", summary="The company's training plans, latest first (staff: all)")
async def list_plans(
    principal: PlanReader,
    uow: UowDep,
    page: PageRequestDep,
    request: Request,
    response: Response,
    company_id: Annotated[UUID | None, Query(description="Staff: one company's")] = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Page[PlanOut]:
    found, next_cursor = await training_plans.list_plans(principal, company_id, year, page, uow)
    return page_answer(request, response, [PlanOut.of(p) for p in found], next_cursor)


@router.get("/training-plans/{plan_id}", summary="One training plan", responses=NOT_FOUND)
async def get_plan(plan_id: UUID, principal: PlanReader, uow: UowDep) -> PlanOut:
    return PlanOut.of(await training_plans.get_plan(plan_id, principal, uow))


@router.get(
    "/training-plans/{plan_id}/document",
    summary="Download a training plan's document",
    response_class=Response,
    responses=NOT_FOUND,
)
async def plan_document(plan_id: UUID, principal: PlanReader, uow: UowDep) -> Response:
    plan = await training_plans.get_plan(plan_id, principal, uow)
    return download(plan.document, plan.content_type, plan.document_name)
