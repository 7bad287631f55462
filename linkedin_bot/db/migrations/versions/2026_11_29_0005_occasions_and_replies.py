"""occasions and replies

Work anniversaries and new jobs become run kinds with their own message types (sharing the
message quota with birthdays), replies read in conversations are recorded (type ``reply``,
status ``received``). Only CHECK constraints change: no data is rewritten.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 08:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


KINDS_0001 = ("birthday", "sourcing")
KINDS_0005 = ("birthday", "anniversary", "new_job", "sourcing")
TYPES_0001 = ("birthday_message", "profile_visit")
TYPES_0005 = (
    "birthday_message",
    "anniversary_message",
    "new_job_message",
    "profile_visit",
    "reply",
)
STATUSES_0001 = (
    "reserved",
    "sending",
    "sent",
    "visited",
    "failed",
    "unknown",
    "dry_run",
    "skipped",
)
STATUSES_0005 = (*STATUSES_0001, "received")


def _checks(kinds: Sequence[str], types: Sequence[str], statuses: Sequence[str]) -> None:
    with op.batch_alter_table("campaign_runs", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_campaign_runs_kind"), type_="check")
        batch_op.create_check_constraint("kind", _in("kind", kinds))
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_interactions_type"), type_="check")
        batch_op.drop_constraint(op.f("ck_interactions_status"), type_="check")
        batch_op.create_check_constraint("type", _in("type", types))
        batch_op.create_check_constraint("status", _in("status", statuses))


def upgrade() -> None:
    _checks(KINDS_0005, TYPES_0005, STATUSES_0005)


def downgrade() -> None:
    op.execute(
        "DELETE FROM interactions WHERE type IN ('anniversary_message', 'new_job_message', 'reply')"
    )
    op.execute("DELETE FROM campaign_runs WHERE kind IN ('anniversary', 'new_job')")
    _checks(KINDS_0001, TYPES_0001, STATUSES_0001)
