"""Project numbers, group references and the recap line of each group (R-I4). No I/O."""

from __future__ import annotations

from datetime import datetime

from incompany.domain.brussels_time import local


def project_number(year: int, sequence: int) -> str:
    """One number per confirmed request, counted within a Brussels year: IC2027-0003."""
    return f"IC{year}-{sequence:04d}"


def group_reference(project: str, group_number: int) -> str:
    """How HR finds a group (R-I8): IC2027-0003-01. URL-safe, unlike `Project No/Group`."""
    return f"{project}-{group_number:02d}"


def recap_line(
    project: str, group_number: int, course_title: str, starts_at: datetime, ends_at: datetime
) -> str:
    """`Project No/Group - Course title - Date - Time`, in Brussels time (R-I4).

    e.g. `IC2027-0003/01 - Excel avancé - 03/03/2027 - 09:00-12:30`.
    """
    start, end = local(starts_at), local(ends_at)
    return (
        f"{project}/{group_number:02d} - {course_title} - "
        f"{start:%d/%m/%Y} - {start:%H:%M}-{end:%H:%M}"
    )
