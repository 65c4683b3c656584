"""Benchmark: 100,000 in-company groups whose deadline falls due at once.

What is timed: from the moment the groups are in incompany's database, due, to
the moment every one of their deadlines has fired and been recorded (state
`done`, its event in incompany's outbox, both in one commit), then until the
outbox relay has published every event to RabbitMQ.

The deadline is the **participant reminder** (R-I6, 3 weeks before the start):
every group has exactly one, it is the first of the chain, and when it falls
due most groups have no participant yet (R-I7: HR is asked to enter them), so
the groups are seeded without participants and the reminder fires with
`participant_count=0`. The groups' other deadlines (definitive confirmation,
participant cut-off) are seeded too, scheduled in the future, as
`schedule.schedule_group` would leave them: the scan must find the due rows
among rows that are not due.

Used by the benchmark's deadline section (`bench.deadlines_section`):

    await seed_due_groups(url, 100_000, now=datetime.now(UTC))
    settled = await wait_all_settled(url, 100_000, timeout=600)
    relayed = await wait_all_relayed(url, timeout=600)
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import time
import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
from yarl import URL

from contracts.incompany import ParticipantReminderDueV1
from incompany.domain.deadlines import DeadlineKind, Delays, due_at

BENCH_COURSE_PREFIX = "BENCH-"
"""The course code of every seeded group: how the waits tell seeded rows from others."""
GROUPS_PER_REQUEST = 2
GROUPS_PER_COMPANY = 10
REMINDER = DeadlineKind.PARTICIPANT_REMINDER.value
REMINDER_EVENT = ParticipantReminderDueV1.name
PLAN_DOCUMENT = b"%PDF-1.4 training plan (benchmark)"


def _asyncpg_url(url: str) -> str:
    """asyncpg takes `postgresql://`; SQLAlchemy's `postgresql+asyncpg://` is accepted too."""
    parsed = URL(url)
    return str(parsed.with_scheme("postgresql")) if "+" in parsed.scheme else url


async def seed_due_groups(incompany_database_url: str, count: int, *, now: datetime) -> None:
    """Write `count` confirmed in-company groups whose participant reminder is due at `now`.

    Each group has the rows the schema and the service expect: a company (one per
    10 groups) with its training plan, a confirmed request (two groups each) for
    one course, the group (planned, class link, HR contact) and its three group
    deadlines: the reminder due at `now`, the definitive confirmation and the
    participant cut-off scheduled 6 and 18 days later. No participants (see the
    module's docstring). Everything is written in one transaction with
    `INSERT ... SELECT generate_series`, so the scan sees all of them due at once.
    The database must already be migrated (`python -m incompany migrate`).
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    now = now.astimezone(UTC)
    delays = Delays()
    # The start whose reminder falls at `now` on the Brussels wall clock (R-I6).
    starts_at = now + timedelta(days=delays.reminder_days)
    while due_at(DeadlineKind.PARTICIPANT_REMINDER, starts_at, starts_at, delays) > now:
        starts_at -= timedelta(hours=1)  # a daylight-saving change lies in between
    ends_at = starts_at + timedelta(hours=3, minutes=30)
    due = {kind: due_at(kind, starts_at, ends_at, delays) for kind in DeadlineKind}
    tag = secrets.token_hex(3).upper()
    year = starts_at.year
    companies = max(1, -(-count // GROUPS_PER_COMPANY))
    requests = -(-count // GROUPS_PER_REQUEST)
    course_id = uuid.uuid4()
    course_code = f"{BENCH_COURSE_PREFIX}{tag}"
    title = "Excel avancé"

    connection = await asyncpg.connect(_asyncpg_url(incompany_database_url))
    try:
        async with connection.transaction():
            await connection.execute(
                """
                INSERT INTO courses (id, code, title, duration_minutes, description, active,
                                     created_at, updated_at)
                VALUES ($1, $2, $3, 210, 'Benchmark course', true, $4, $4)
                """,
                course_id,
                course_code,
                title,
                now,
            )
            # Ids derive from md5(tag, table, n), so related rows find each other in SQL.
            await connection.execute(
                """
                INSERT INTO companies (id, legal_name, registered_at)
                SELECT md5($1 || 'c' || n)::uuid, 'Company ' || $1 || '-' || n || ' SA', $2
                FROM generate_series(1, $3::int) AS n
                """,
                tag,
                now,
                companies,
            )
            await connection.execute(
                """
                INSERT INTO training_plans (id, company_id, year, reference, document,
                    document_name, content_type, document_size, document_sha256,
                    submitted_by_user_id, submitted_by_email, submitted_at)
                SELECT md5($1 || 'p' || n)::uuid, md5($1 || 'c' || n)::uuid, $2::int,
                       'PLAN-' || $2::int::text, $3, 'plan.pdf', 'application/pdf', $4, $5,
                       md5($1 || 'm' || n)::uuid, 'manager@company' || n || '.example', $6
                FROM generate_series(1, $7::int) AS n
                """,
                tag,
                year,
                PLAN_DOCUMENT,
                len(PLAN_DOCUMENT),
                hashlib.sha256(PLAN_DOCUMENT).hexdigest(),
                now,
                companies,
            )
            await connection.execute(
                """
                INSERT INTO training_requests (id, company_id, company_name, course_id,
                    course_code, course_title, training_plan_id, desired_from, desired_until,
                    expected_participants, comment, hr_email, hr_name, hr_language,
                    requested_by_user_id, requested_by_email, state, project_number,
                    created_at, confirmed_at)
                SELECT md5($1 || 'r' || n)::uuid, md5($1 || 'c' || c)::uuid,
                       'Company ' || $1 || '-' || c || ' SA', $2, $3, $4,
                       md5($1 || 'p' || c)::uuid, $5, $6, 8, '',
                       'hr@company' || c || '.example', 'Hanna HR',
                       (ARRAY['fr', 'nl', 'en'])[1 + c % 3],
                       md5($1 || 'm' || c)::uuid, 'manager@company' || c || '.example',
                       'confirmed', 'IC' || $7::text || '-' || $1 || lpad(n::text, 6, '0'), $8, $8
                FROM generate_series(1, $9::int) AS n, LATERAL (SELECT 1 + (n - 1) % $10) AS k(c)
                """,
                tag,
                course_id,
                course_code,
                title,
                starts_at.date() - timedelta(days=2),
                ends_at.date() + timedelta(days=2),
                str(year),
                now,
                requests,
                companies,
            )
            await connection.execute(
                """
                INSERT INTO groups (id, request_id, company_id, company_name, course_code,
                    course_title, project_number, group_number, reference, starts_at, ends_at,
                    class_link, trainer_name, trainer_user_id, hr_email, hr_name, hr_language,
                    state, created_at)
                SELECT md5($1 || 'g' || n)::uuid, r.id, r.company_id, r.company_name,
                       r.course_code, r.course_title, r.project_number, k.number,
                       r.project_number || '-' || lpad(k.number::text, 2, '0'), $2, $3,
                       'https://learn.example/class/' || r.project_number || '-'
                           || lpad(k.number::text, 2, '0'),
                       'Tina Trainer', NULL, r.hr_email, r.hr_name, r.hr_language,
                       'planned', $4
                FROM generate_series(1, $5::int) AS n,
                     LATERAL (SELECT 1 + (n - 1) / $6, 1 + (n - 1) % $6) AS k(request, number)
                JOIN training_requests AS r ON r.id = md5($1 || 'r' || k.request)::uuid
                """,
                tag,
                starts_at,
                ends_at,
                now,
                count,
                GROUPS_PER_REQUEST,
            )
            await connection.execute(
                """
                INSERT INTO deadlines (group_id, kind, subject, participant_id, due_at, state,
                                       attempts, updated_at)
                SELECT md5($1 || 'g' || n)::uuid, d.kind, 'group', NULL, d.due_at,
                       'scheduled', 0, $2
                FROM generate_series(1, $3::int) AS n,
                     unnest($4::text[], $5::timestamptz[]) AS d(kind, due_at)
                ORDER BY n, d.due_at
                """,
                tag,
                now,
                count,
                [
                    DeadlineKind.PARTICIPANT_REMINDER.value,
                    DeadlineKind.DEFINITIVE_CONFIRMATION.value,
                    DeadlineKind.PARTICIPANT_CUTOFF.value,
                ],
                [
                    due[DeadlineKind.PARTICIPANT_REMINDER],
                    due[DeadlineKind.DEFINITIVE_CONFIRMATION],
                    due[DeadlineKind.PARTICIPANT_CUTOFF],
                ],
            )
            # Statistics as autovacuum would keep them on a live database, taken inside
            # the transaction (ANALYZE counts its own transaction's rows), so the scan,
            # which starts at the commit, is never timed against a running ANALYZE.
            await connection.execute(
                "ANALYZE companies, training_plans, training_requests, groups, deadlines"
            )
    finally:
        await connection.close()


_SEEDED_IN_STATE = """
SELECT count(*) FROM deadlines AS d JOIN groups AS g ON g.id = d.group_id
WHERE d.state = $1 AND d.kind = $2 AND d.due_at <= now() AND g.course_code LIKE $3
"""
_EVENTS_NAMED = "SELECT count(*) FROM outbox WHERE name = $1"
_UNPUBLISHED = "SELECT count(*) FROM outbox WHERE published_at IS NULL"


async def wait_all_settled(
    incompany_database_url: str, count: int, *, timeout: float, poll: float = 0.25
) -> float:
    """Seconds from the call until no seeded reminder is still scheduled.

    Then checks, once, that at least `count` seeded reminders fired (`done`, not
    missed) and that as many reminder events are in incompany's outbox; raises
    AssertionError if not, TimeoutError after `timeout` seconds.
    """
    started = time.monotonic()
    connection = await asyncpg.connect(_asyncpg_url(incompany_database_url))
    try:
        seeded = (REMINDER, f"{BENCH_COURSE_PREFIX}%")
        while await connection.fetchval(_SEEDED_IN_STATE, "scheduled", *seeded):
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"seeded deadlines still scheduled after {timeout} s")
            await asyncio.sleep(poll)
        elapsed = time.monotonic() - started
        fired = await connection.fetchval(_SEEDED_IN_STATE, "done", *seeded)
        events = await connection.fetchval(_EVENTS_NAMED, REMINDER_EVENT)
    finally:
        await connection.close()
    if fired < count or events < count:
        raise AssertionError(f"{count} seeded: {fired} fired, {events} reminder events in outbox")
    return elapsed


async def wait_all_relayed(
    incompany_database_url: str, timeout: float, *, poll: float = 0.25
) -> float:
    """Seconds from the call until incompany's outbox holds no unpublished row."""
    started = time.monotonic()
    connection = await asyncpg.connect(_asyncpg_url(incompany_database_url))
    try:
        while await connection.fetchval(_UNPUBLISHED):
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"outbox rows still unpublished after {timeout} s")
            await asyncio.sleep(poll)
    finally:
        await connection.close()
    return time.monotonic() - started
