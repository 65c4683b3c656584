"""Enrollment's tables and the queries its handlers share."""
