"""Accounts' application: one function per command, query or event, `(input, uow)`."""

from accounts.settings import AccountsSettings
from chassis.unit_of_work import UnitOfWork

Uow = UnitOfWork[AccountsSettings]
