"""Training plans (R-I2): a company records its plan before it may request training."""

from __future__ import annotations

import uuid
from uuid import UUID

from sqlalchemy.exc import IntegrityError

from chassis.pages import PageRequest
from chassis.tokens import Principal
from incompany.adapters import training_plans
from incompany.adapters.tables import TrainingPlan
from incompany.domain import access, documents
from incompany.domain.commands import SubmitPlan
from incompany.domain.refusals import CompanyAccountRequired, Missing, PlanExists, UnknownPlan
from incompany.handlers import Uow


async def submit_plan(command: SubmitPlan, uow: Uow) -> TrainingPlan:
    max_bytes = uow.settings.max_document_bytes
    documents.check_size(command.upload, max_bytes=max_bytes)
    by = command.by
    if by.company_id is None:
        raise CompanyAccountRequired("company: a training plan belongs to a company account")
    reference, year = command.reference.strip(), command.year
    if not reference:
        raise Missing("reference")
    upload = documents.checked(command.upload, max_bytes=max_bytes)
    if await training_plans.plan_exists(uow.session, by.company_id, year, reference):
        raise PlanExists(f"reference: your company already has plan {reference} for {year}")
    plan = TrainingPlan(
        id=uuid.uuid4(),
        company_id=by.company_id,
        year=year,
        reference=reference,
        document=upload.content,
        document_name=upload.name,
        content_type=upload.content_type,
        document_size=len(upload.content),
        document_sha256=upload.sha256,
        submitted_by_user_id=by.user_id,
        submitted_by_email=by.email.lower(),
        submitted_at=uow.clock.now(),
    )
    uow.session.add(plan)
    try:
        await uow.commit()
    except IntegrityError as error:  # a concurrent request recorded the same plan
        raise PlanExists(
            f"reference: your company already has plan {reference} for {year}"
        ) from error
    return plan


async def list_plans(
    by: Principal, company_id: UUID | None, year: int | None, page: PageRequest, uow: Uow
) -> tuple[list[TrainingPlan], str | None]:
    """The caller's company's plans, latest first; staff: one company's, or all; a
    caller of no company (a trainer) none."""
    scope = access.company_scope(by, company_id)
    if scope is None and not access.is_office_staff(by):
        return [], None
    return await training_plans.page_of_plans(uow.session, page, scope, year)


async def get_plan(plan_id: UUID, by: Principal, uow: Uow) -> TrainingPlan:
    """A plan, with its document, if the caller sees its company; 404 otherwise."""
    plan = await training_plans.get_plan(uow.session, plan_id)
    if plan is None or not access.sees_company(by, plan.company_id):
        raise UnknownPlan(f"no training plan {plan_id}")
    return plan
