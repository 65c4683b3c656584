"""Billing's REST API: its routers, in the order they are mounted."""

from billing.entrypoints.http import billables, credit_notes, invoices

ROUTERS = [invoices.router, credit_notes.router, billables.router]
