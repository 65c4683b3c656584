"""The incompany database. Business tables come with their issue; delivery tables now."""

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from chassis.service import delivery_tables

metadata = MetaData()
delivery = delivery_tables(metadata)


class Base(DeclarativeBase):
    metadata = metadata
