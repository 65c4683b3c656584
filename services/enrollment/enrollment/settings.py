"""Enrollment's own settings (from `ENROLLMENT_<NAME>` or `<NAME>`)."""

from __future__ import annotations

from pydantic import Field

from chassis.settings import ServiceSettings


class EnrollmentSettings(ServiceSettings):
    validation_business_hours: float = Field(default=24.0, gt=0)
    """R-C2: how long staff have to validate a booking request, in business hours."""
    overdue_scan_seconds: float = Field(default=30.0, gt=0)
    """How often pending requests are checked against their deadline."""
    overdue_batch_size: int = Field(default=100, ge=1, le=1000)
