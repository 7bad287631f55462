"""Capture the SQL a query function really sends, and explain it on its own backend."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

Statement = tuple[str, Any]


@contextmanager
def capture(engine: AsyncEngine) -> Iterator[list[Statement]]:
    """Collect (statement, parameters) of every cursor execute inside the block."""
    seen: list[Statement] = []

    def listener(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", listener)


async def explain(conn: AsyncConnection, statement: Statement) -> str:
    """EXPLAIN QUERY PLAN on SQLite; EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL."""
    sql, params = statement
    if conn.dialect.name == "sqlite":
        rows = (await conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)).all()
        depth: dict[int, int] = {0: 0}
        lines = []
        for node, parent, _unused, detail in rows:
            depth[node] = depth.get(parent, 0) + 1
            lines.append("  " * (depth[node] - 1) + str(detail))
        return "\n".join(lines)
    rows = (await conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)).all()
    return "\n".join(str(row[0]) for row in rows)


def one_line(sql: str) -> str:
    return " ".join(sql.split())
