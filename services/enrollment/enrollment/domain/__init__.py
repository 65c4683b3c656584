"""Enrollment's rules, with no I/O: prices and the weekly cut-off, business hours, a
booking's status, who may book for whom. Each module is tested without a database."""
