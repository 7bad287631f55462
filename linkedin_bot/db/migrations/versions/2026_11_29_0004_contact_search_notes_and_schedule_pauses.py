"""contact search, notes and schedule pauses

- ``contacts.search_text``: the searched fields (names, headline, company, position) folded
  by :mod:`linkedin_bot.core.folding`, computed here for the contacts already stored. Its
  index: on PostgreSQL a ``pg_trgm`` GIN index (the extension is created: it is a trusted
  one, the database's owner may create it); on SQLite an FTS5 table with the ``trigram``
  tokenizer over that column (external content: the text is not stored twice), kept in
  sync by three triggers on ``contacts``.
- ``contacts.note``: the user's note about a person.
- ``schedule_pauses``: the scheduled jobs the user paused.

A later migration that rebuilds ``contacts`` on SQLite (a batch "move and copy") drops the
triggers with the old table: it must create them again (:func:`create_sqlite_search`) and
rebuild the index.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 06:12:14.296581
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import linkedin_bot.db.base
from linkedin_bot.core.folding import search_document

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The searched columns as of this revision (the models may search more later: a later
# migration recomputes the column then).
SEARCH_FIELDS_0004 = (
    "full_name",
    "first_name",
    "last_name",
    "headline",
    "company",
    "position",
    "current_company",
)
BACKFILL_BATCH = 1000
PG_INDEX = "ix_contacts_search_text_trgm"
SQLITE_SEARCH_DDL = (
    "CREATE VIRTUAL TABLE contacts_search USING fts5(search_text, content='contacts', "
    "content_rowid='id', tokenize='trigram case_sensitive 1')",
    "CREATE TRIGGER contacts_search_after_insert AFTER INSERT ON contacts BEGIN "
    "INSERT INTO contacts_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER contacts_search_after_delete AFTER DELETE ON contacts BEGIN "
    "INSERT INTO contacts_search(contacts_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER contacts_search_after_update AFTER UPDATE OF search_text ON contacts "
    "BEGIN INSERT INTO contacts_search(contacts_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO contacts_search(rowid, search_text) VALUES (new.id, new.search_text); END",
)
SQLITE_SEARCH_DROP = (
    "DROP TRIGGER IF EXISTS contacts_search_after_update",
    "DROP TRIGGER IF EXISTS contacts_search_after_delete",
    "DROP TRIGGER IF EXISTS contacts_search_after_insert",
    "DROP TABLE IF EXISTS contacts_search",
)


def create_sqlite_search() -> None:
    """The FTS5 index of ``contacts.search_text`` and its triggers, filled from the table."""
    for statement in SQLITE_SEARCH_DDL:
        op.execute(statement)
    op.execute("INSERT INTO contacts_search(contacts_search) VALUES ('rebuild')")


def _backfill() -> None:
    """Every stored contact's search text, in batches of ids."""
    contacts = sa.table(
        "contacts",
        sa.column("id", sa.Integer),
        sa.column("search_text", sa.Text),
        *(sa.column(name, sa.Text) for name in SEARCH_FIELDS_0004),
    )
    bind = op.get_bind()
    last_id = 0
    while True:
        rows = bind.execute(
            sa.select(contacts.c.id, *(contacts.c[name] for name in SEARCH_FIELDS_0004))
            .where(contacts.c.id > last_id)
            .order_by(contacts.c.id)
            .limit(BACKFILL_BATCH)
        ).all()
        if not rows:
            return
        bind.execute(
            sa.update(contacts)
            .where(contacts.c.id == sa.bindparam("row_id"))
            .values(search_text=sa.bindparam("text")),
            [{"row_id": row[0], "text": search_document(row[1:])} for row in rows],
        )
        last_id = rows[-1][0]


def upgrade() -> None:
    op.create_table(
        "schedule_pauses",
        sa.Column("job", sa.String(length=20), nullable=False),
        sa.Column("paused_at", linkedin_bot.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("paused_by", sa.String(length=20), nullable=False),
        sa.CheckConstraint("job IN ('birthday', 'backup')", name=op.f("ck_schedule_pauses_job")),
        sa.PrimaryKeyConstraint("job", name=op.f("pk_schedule_pauses")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note", sa.String(length=1000), nullable=True))
        batch_op.add_column(
            sa.Column("search_text", sa.Text(), server_default=sa.text("''"), nullable=False)
        )
    _backfill()
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.create_index(
            PG_INDEX,
            "contacts",
            ["search_text"],
            unique=False,
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        )
    else:
        create_sqlite_search()


def downgrade() -> None:
    # The pg_trgm extension stays: other objects of this database may use it.
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index(PG_INDEX, table_name="contacts", postgresql_using="gin")
    else:
        for statement in SQLITE_SEARCH_DROP:
            op.execute(statement)
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("search_text")
        batch_op.drop_column("note")
    op.drop_table("schedule_pauses")
