"""Enrollment's application: one function per command, query or event, with a unit of work."""

from chassis.unit_of_work import UnitOfWork
from enrollment.settings import EnrollmentSettings

Uow = UnitOfWork[EnrollmentSettings]
