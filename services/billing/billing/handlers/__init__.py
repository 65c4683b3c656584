from billing.settings import BillingSettings
from chassis.unit_of_work import UnitOfWork

Uow = UnitOfWork[BillingSettings]
