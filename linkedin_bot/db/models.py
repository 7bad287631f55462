"""The tables. Indexes are named here; every list query reads one of them in order.

The production plan's five indexes keep the plan's names (``idx_*``); where one of our
queries needs more columns, the plan's index is extended rather than duplicated, and the
comment says which query it serves.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, Mapper, mapped_column

from linkedin_bot.core.clock import utc_now
from linkedin_bot.core.folding import search_document
from linkedin_bot.db.base import Base, JSONType, UTCDateTime
from linkedin_bot.db.enums import (
    ACTIVE_RUN_STATUSES,
    ContactStatus,
    CooldownEnd,
    CooldownKind,
    InteractionStatus,
    InteractionType,
    RunKind,
    RunStatus,
    ScheduledJob,
)


def _in(column: str, values: Any) -> str:
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


# What a search reads (GET /contacts?q=): names, headline, company and position, folded
# once into ``contacts.search_text`` (linkedin_bot.core.folding) when a contact is written.
SEARCH_FIELDS = (
    "full_name",
    "first_name",
    "last_name",
    "headline",
    "company",
    "position",
    "current_company",
)
# SQLite's search index: an FTS5 table (trigram tokenizer) over contacts.search_text, kept
# in sync by triggers; created by migration 0004, unknown to the metadata (see env.py).
SQLITE_SEARCH_TABLE = "contacts_search"
NOTE_MAX_CHARS = 1000


def contact_search_text(values: dict[str, Any]) -> str:
    """The stored search text of a contact's values (a mapping of column names)."""
    return search_document(values.get(name) for name in SEARCH_FIELDS)


def _search_text_default(context: DefaultExecutionContext) -> str:
    """A Core INSERT that does not say its search text gets the one of its values."""
    parameters: dict[str, Any] = context.get_current_parameters()  # type: ignore[no-untyped-call]  # SQLAlchemy leaves it unannotated
    return contact_search_text(parameters)


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The profile's public identifier (the <slug> of /in/<slug>/): the identity of a person.
    public_id: Mapped[str] = mapped_column(String(200), unique=True)
    profile_url: Mapped[str] = mapped_column(String(500))
    first_name: Mapped[str] = mapped_column(String(200), default="")
    last_name: Mapped[str] = mapped_column(String(200), default="")
    full_name: Mapped[str] = mapped_column(String(400), default="")
    headline: Mapped[str | None] = mapped_column(String(500))
    location: Mapped[str | None] = mapped_column(String(200))
    about: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(320))
    company: Mapped[str | None] = mapped_column(String(300))
    position: Mapped[str | None] = mapped_column(String(300))
    connected_on: Mapped[date | None] = mapped_column(Date)
    # Birthday: LinkedIn shows month and day; the year only when the member shares it.
    birth_month: Mapped[int | None] = mapped_column(SmallInteger)
    birth_day: Mapped[int | None] = mapped_column(SmallInteger)
    birth_date: Mapped[date | None] = mapped_column(Date)
    locale: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default=ContactStatus.CONNECTION.value)
    blacklisted: Mapped[bool] = mapped_column(Boolean, default=False)
    # The user's own words about the person ("met at PyCon"): shown to the user, never sent.
    note: Mapped[str | None] = mapped_column(String(NOTE_MAX_CHARS))
    fit_score: Mapped[float | None] = mapped_column(Float)
    open_to_work: Mapped[bool | None] = mapped_column(Boolean)
    years_experience: Mapped[float | None] = mapped_column(Float)
    current_company: Mapped[str | None] = mapped_column(String(300))
    skills: Mapped[list[str] | None] = mapped_column(JSONType)
    profile_data: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    source: Mapped[str] = mapped_column(String(20), default="import")
    last_visited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
    # The searched fields folded (SEARCH_FIELDS): set on every write (the ORM events below,
    # a Core INSERT's default, the import's upsert), recomputed by migration 0004.
    search_text: Mapped[str] = mapped_column(
        Text, default=_search_text_default, server_default=text("''")
    )

    __table_args__ = (
        CheckConstraint(_in("status", ContactStatus), name="status"),
        CheckConstraint("birth_month IS NULL OR birth_month BETWEEN 1 AND 12", name="birth_month"),
        CheckConstraint("birth_day IS NULL OR birth_day BETWEEN 1 AND 31", name="birth_day"),
        CheckConstraint("fit_score IS NULL OR fit_score BETWEEN 0 AND 100", name="fit_score"),
        # The plan's indexes.
        Index("idx_contact_birth_date", "birth_date"),
        # (status, id): the status filter of GET /contacts, read in keyset (id) order.
        Index("idx_contact_status", "status", "id"),
        Index("idx_contact_created_at", "created_at"),
        # Today's birthdays, any year: an index lookup on (month, day).
        Index("ix_contacts_birth_month_birth_day", "birth_month", "birth_day"),
        # The min-fit-score filter of GET /contacts.
        Index("ix_contacts_fit_score_id", "fit_score", "id"),
        # GET /contacts?q=: LIKE '%term%' served by trigrams on PostgreSQL (pg_trgm); SQLite
        # has its FTS5 table instead (SQLITE_SEARCH_TABLE).
        Index(
            "ix_contacts_search_text_trgm",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
            info={"only_on": "postgresql"},
        ).ddl_if(dialect="postgresql"),
    )


@event.listens_for(Contact, "before_insert")
@event.listens_for(Contact, "before_update")
def _refresh_search_text(_mapper: Mapper[Contact], _conn: Connection, target: Contact) -> None:
    """Every ORM write of a contact stores the search text of its current values."""
    target.search_text = contact_search_text(
        {name: getattr(target, name) for name in SEARCH_FIELDS}
    )


class CampaignRun(Base):
    __tablename__ = "campaign_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=RunStatus.QUEUED.value)
    account: Mapped[str] = mapped_column(String(100), default="default")
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    trigger: Mapped[str] = mapped_column(String(20), default="api")
    params: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    stats: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint(_in("kind", RunKind), name="kind"),
        CheckConstraint(_in("status", RunStatus), name="status"),
        Index("ix_campaign_runs_kind_id", "kind", "id"),
        # At most one active run per LinkedIn account, enforced by the database itself.
        Index(
            "uq_campaign_runs_active_account",
            "account",
            unique=True,
            sqlite_where=text(_in("status", ACTIVE_RUN_STATUSES)),
            postgresql_where=text(_in("status", ACTIVE_RUN_STATUSES)),
        ),
    )


class Interaction(Base):
    __tablename__ = "interactions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("campaign_runs.id", ondelete="SET NULL"))
    type: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20))
    # What is being done, unique: e.g. "birthday_message:<contact>:<year>" so that the same
    # message can never be recorded (or reserved) twice.
    dedup_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    # The calendar day (user's timezone) whose quota this interaction uses.
    quota_day: Mapped[date | None] = mapped_column(Date)
    # A reservation or a send in progress is leased: past this time, the reaper settles it.
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)

    __table_args__ = (
        CheckConstraint(_in("type", InteractionType), name="type"),
        CheckConstraint(_in("status", InteractionStatus), name="status"),
        # The plan's index, extended with id: a contact's activity of one type, newest first.
        Index("idx_interaction_contact_type", "contact_id", "type", "id"),
        # GET /contacts/{id} and ?contact_id=: a contact's interactions in id order.
        Index("ix_interactions_contact_id_id", "contact_id", "id"),
        # ?type= and ?status= filters of GET /interactions, in keyset order.
        Index("ix_interactions_type_id", "type", "id"),
        Index("ix_interactions_status_id", "status", "id"),
        Index("ix_interactions_created_at", "created_at"),
        Index("ix_interactions_run_id", "run_id"),
        # Quota windows: units used per kind and day (calendar day and last 7 days).
        Index("ix_interactions_type_quota_day", "type", "quota_day"),
        # The reaper: leases of reservations and sends in progress.
        Index("ix_interactions_lease_expires_at", "lease_expires_at"),
    )


class LinkedInSelector(Base):
    """A CSS/role selector for one element of a LinkedIn page, with its track record."""

    __tablename__ = "linkedin_selectors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    element: Mapped[str] = mapped_column(String(100))
    selector: Mapped[str] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(String(20), default="learned")
    score: Mapped[float] = mapped_column(Float, default=0.0)
    success_count: Mapped[int] = mapped_column(Integer, default=0)
    failure_count: Mapped[int] = mapped_column(Integer, default=0)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    __table_args__ = (
        UniqueConstraint("element", "selector"),
        Index("idx_selector_success", "last_success_at"),
    )


class Cooldown(Base):
    """A period during which no process may send any request to LinkedIn.

    Started by a restriction signal (HTTP 999/429, a checkpoint, a redirect loop, a
    "limit reached" page: ``until`` is set) or a login wall (``until`` is NULL: it lasts
    until a new session is imported, which changes ``session_fingerprint``). Ended early
    only by the user (``ended_by``). The database is the authority: every process reads it
    before acting on LinkedIn.
    """

    __tablename__ = "cooldowns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account: Mapped[str] = mapped_column(String(100), default="default")
    kind: Mapped[str] = mapped_column(String(20))
    signal: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(1000))
    artifact: Mapped[str | None] = mapped_column(String(500))
    # For a login wall: which saved session it condemns (a digest of the encrypted file).
    session_fingerprint: Mapped[str | None] = mapped_column(String(64))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("campaign_runs.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_by: Mapped[str | None] = mapped_column(String(20))

    __table_args__ = (
        CheckConstraint(_in("kind", CooldownKind), name="kind"),
        CheckConstraint(f"ended_by IS NULL OR {_in('ended_by', CooldownEnd)}", name="ended_by"),
        # The gate before every LinkedIn action: the account's cool-downs not ended yet.
        Index("ix_cooldowns_account_ended_at", "account", "ended_at"),
    )


class SchedulePause(Base):
    """A scheduled job the user paused (``linkedin-bot schedule pause``, POST
    /schedule/pause): the schedule of every ``serve`` skips it until the row is deleted
    (resume). In the database, so that a pause survives restarts and reaches every process."""

    __tablename__ = "schedule_pauses"

    job: Mapped[str] = mapped_column(String(20), primary_key=True)
    paused_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    # Who paused it: "cli" or "api".
    paused_by: Mapped[str] = mapped_column(String(20))

    __table_args__ = (CheckConstraint(_in("job", ScheduledJob), name="job"),)
