"""The schema of a SQLite file, compared with the one our migrations build at its revision.

A backup's tables may have the right names and still not be ours: another column type, a
missing NOT NULL or CHECK, an index without its WHERE, an extra trigger that deletes rows
or a view. Before a file may replace the database, its schema is described from its own
catalogue (``sqlite_master`` and the table pragmas) and compared with a reference database
migrated to the revision the file claims, in a temporary directory, by this code's Alembic
migrations. Any difference refuses the file.

What is compared: the set of tables, indexes, views and triggers (a view or trigger the
reference lacks is refused, whatever it does); per table the columns (declared type,
NOT NULL, default, primary key, hidden/generated), every column definition and table
constraint as written (CHECK, UNIQUE, FOREIGN KEY with its actions, COLLATE), its options
(WITHOUT ROWID, STRICT) and whether it is virtual; per index its full definition (table,
columns, uniqueness, partial WHERE). SQL text is compared token by token, with case,
quoting, whitespace, comments and the order of a table's items ignored: a backup written by
another SQLAlchemy version with the same meaning passes. ``sqlite_sequence`` and ANALYZE's
``sqlite_stat*`` tables only hold SQLite's bookkeeping and are ignored.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from linkedin_bot.db.migrate import upgrade

_IGNORED_TABLES = re.compile(r"sqlite_(sequence|stat\d+)")
_TOKEN = re.compile(
    r"""
    (?P<space>\s+|--[^\n]*|/\*.*?(?:\*/|\Z))
    |(?P<string>'(?:[^']|'')*')
    |(?P<quoted>"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\])
    |(?P<word>[A-Za-z_][A-Za-z0-9_$]*)
    |(?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)
    |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def tokens(sql: str) -> list[str]:
    """SQL as comparable tokens: identifiers and keywords lower-cased and unquoted, string
    literals kept as written, whitespace and comments dropped."""
    out: list[str] = []
    for match in _TOKEN.finditer(sql):
        kind, text = match.lastgroup, match.group()
        if kind == "space":
            continue
        if kind == "quoted":
            inner = text[1:-1]
            out.append(inner.replace(text[0] * 2, text[0]).lower() if text[0] != "[" else inner)
        elif kind == "word":
            out.append(text.lower())
        else:
            out.append(text)
    return out


def _joined(toks: list[str]) -> str:
    """Tokens as readable SQL: ``varchar(200)``, ``in ('a', 'b')``."""
    text = " ".join(toks)
    for spaced, tight in ((" ( ", "("), ("( ", "("), (" )", ")"), (" ,", ",")):
        text = text.replace(spaced, tight)
    return text


def normalized(sql: str | None) -> str:
    return _joined(tokens(sql or ""))


def _table_parts(sql: str) -> tuple[frozenset[str], str]:
    """The top-level items of ``CREATE TABLE name (item, item, ...) options`` (each column
    definition and table constraint, normalized) and the options after the parenthesis."""
    toks = tokens(sql)
    if "(" not in toks:  # CREATE TABLE ... AS SELECT: not one of ours
        return frozenset(), _joined(toks)
    start = toks.index("(")
    items: list[str] = []
    current: list[str] = []
    depth = 0
    for i in range(start + 1, len(toks)):
        tok = toks[i]
        if tok == "(":
            depth += 1
        elif tok == ")":
            if depth == 0:
                items.append(_joined(current))
                return frozenset(items), _joined(toks[i + 1 :])
            depth -= 1
        elif tok == "," and depth == 0:
            items.append(_joined(current))
            current = []
            continue
        current.append(tok)
    return frozenset(items), "<unbalanced>"


@dataclass(frozen=True)
class Column:
    type: str
    not_null: bool
    default: str | None
    primary_key: int
    hidden: int  # 0 plain, 1 hidden (virtual tables), 2/3 generated

    def describe(self) -> str:
        parts = [self.type or "(no type)", "NOT NULL" if self.not_null else "NULL"]
        if self.default is not None:
            parts.append(f"DEFAULT {self.default}")
        if self.primary_key:
            parts.append("PRIMARY KEY")
        if self.hidden:
            parts.append("GENERATED" if self.hidden > 1 else "HIDDEN")
        return " ".join(parts)


@dataclass(frozen=True)
class Table:
    columns: dict[str, Column]
    items: frozenset[str]
    options: str
    kind: str  # "table" or "virtual"


@dataclass(frozen=True)
class Schema:
    tables: dict[str, Table] = field(default_factory=dict)
    indexes: dict[str, str] = field(default_factory=dict)  # name -> normalized SQL
    views: dict[str, str] = field(default_factory=dict)
    triggers: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (table, sql)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(conn: sqlite3.Connection, table: str) -> dict[str, Column]:
    # PRAGMA arguments cannot be bound; the name comes from the file's catalogue, quoted.
    rows = conn.execute(f"PRAGMA table_xinfo({_quote(table)})").fetchall()
    return {
        str(name): Column(
            type=normalized(str(type_ or "")).upper(),
            not_null=bool(notnull),
            default=None if default is None else normalized(str(default)),
            primary_key=int(pk),
            hidden=int(hidden),
        )
        for _cid, name, type_, notnull, default, pk, hidden in rows
    }


def _table_kinds(conn: sqlite3.Connection) -> dict[str, str]:
    return {
        str(row[1]): str(row[2])
        for row in conn.execute("PRAGMA table_list")
        if str(row[0]) == "main"
    }


def describe(conn: sqlite3.Connection) -> Schema:
    """The schema of the open database ``conn`` (read-only: the catalogue and pragmas)."""
    schema = Schema()
    kinds = _table_kinds(conn)
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    for type_, raw_name, table, raw_sql in rows:
        name, sql = str(raw_name), None if raw_sql is None else str(raw_sql)
        if type_ == "table":
            if _IGNORED_TABLES.fullmatch(name):
                continue
            items, options = _table_parts(sql or "")
            kind = kinds.get(name, "table")
            columns = _columns(conn, name) if kind == "table" else {}
            schema.tables[name] = Table(columns, items, options, kind)
        elif type_ == "index" and sql is not None:  # sql NULL: a UNIQUE/PK's own index
            schema.indexes[name] = normalized(sql)
        elif type_ == "view":
            schema.views[name] = normalized(sql)
        elif type_ == "trigger":
            schema.triggers[name] = (str(table), normalized(sql))
    return schema


def _names(kind: str, found: Iterable[str], expected: Iterable[str]) -> list[str]:
    have, want = set(found), set(expected)
    problems = [f"unknown {kind} {name!r}" for name in sorted(have - want)]
    problems += [f"missing {kind} {name!r}" for name in sorted(want - have)]
    return problems


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _compare_columns(name: str, found: Table, expected: Table) -> list[str]:
    names, wanted = set(found.columns), set(expected.columns)
    problems = [f"unknown column {name}.{col}" for col in sorted(names - wanted)]
    problems += [f"missing column {name}.{col}" for col in sorted(wanted - names)]
    for col in sorted(names & wanted):
        have, want = found.columns[col], expected.columns[col]
        if have != want:
            problems.append(f"column {name}.{col} is {have.describe()}, expected {want.describe()}")
    return problems


def _compare_table(name: str, found: Table, expected: Table) -> list[str]:
    if found.kind != expected.kind:
        return [f"table {name!r} is a {found.kind} table, expected a {expected.kind} table"]
    # Column differences also show in the items: said once, the clearer way.
    problems = _compare_columns(name, found, expected) or [
        f"table {name!r} has `{_short(item)}`, unknown to that revision"
        for item in sorted(found.items - expected.items)
    ] + [f"table {name!r} lacks `{_short(item)}`" for item in sorted(expected.items - found.items)]
    if found.options != expected.options:
        problems.append(f"table {name!r} ends with {found.options!r}, not {expected.options!r}")
    return problems


def compare(found: Schema, expected: Schema) -> list[str]:
    """Every difference between a file's schema and the reference, most telling first: an
    unknown trigger or view, then tables, columns, constraints, indexes."""
    problems = [
        f"unknown trigger {name!r} on table {table!r}"
        for name, (table, sql) in sorted(found.triggers.items())
        if expected.triggers.get(name) != (table, sql)
    ]
    problems += [
        f"unknown view {name!r}"
        for name, sql in sorted(found.views.items())
        if expected.views.get(name) != sql
    ]
    problems += [
        f"missing trigger {n!r}" for n in sorted(set(expected.triggers) - set(found.triggers))
    ]
    problems += [f"missing view {n!r}" for n in sorted(set(expected.views) - set(found.views))]
    problems += _names("table", found.tables, expected.tables)
    for name in sorted(set(found.tables) & set(expected.tables)):
        problems += _compare_table(name, found.tables[name], expected.tables[name])
    problems += _names("index", found.indexes, expected.indexes)
    for name in sorted(set(found.indexes) & set(expected.indexes)):
        if found.indexes[name] != expected.indexes[name]:
            problems.append(
                f"index {name!r} is `{_short(found.indexes[name])}`, "
                f"expected `{_short(expected.indexes[name])}`"
            )
    return problems


@lru_cache(maxsize=8)
def reference_schema(revision: str) -> Schema:
    """The schema our migrations build at ``revision``, in a temporary SQLite file."""
    with tempfile.TemporaryDirectory(prefix="linkedin-bot-reference-") as tmp:
        path = Path(tmp) / "reference.db"
        upgrade(f"sqlite+aiosqlite:///{path}", revision)
        conn = sqlite3.connect(path)
        try:
            return describe(conn)
        finally:
            conn.close()
