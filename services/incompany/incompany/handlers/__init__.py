from chassis.unit_of_work import UnitOfWork
from incompany.settings import IncompanySettings

Uow = UnitOfWork[IncompanySettings]
