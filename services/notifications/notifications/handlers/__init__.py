from chassis.unit_of_work import UnitOfWork
from notifications.settings import NotificationsSettings

Uow = UnitOfWork[NotificationsSettings]
