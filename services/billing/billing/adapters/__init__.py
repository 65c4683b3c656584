"""Billing's tables, the queries its handlers share, and the PDF gateway."""
