"""The range of every id, declared once.

The primary keys are ``INTEGER`` columns: 32-bit on PostgreSQL, 64-bit on SQLite. One range
for both backends, so that an id valid on one is valid on the other; an id or a cursor
outside it is refused where it enters (422 naming it), never sent to the database (where
PostgreSQL would fail to encode it).
"""

from __future__ import annotations

MIN_ID = 1
MAX_ID = 2**31 - 1


def in_id_range(value: int) -> bool:
    return MIN_ID <= value <= MAX_ID
