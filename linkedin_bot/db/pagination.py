"""Keyset pagination: newest first; the next page is one index seek below the last id seen.

The cursor is opaque to clients (URL-safe base64 of the last id and the sort direction) so
that the ordering can evolve without breaking them.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from linkedin_bot.core.errors import InvalidInput
from linkedin_bot.db.ids import MAX_ID, MIN_ID, in_id_range

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000


def encode_cursor(last_id: int) -> str:
    raw = json.dumps({"after": last_id}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The id a cursor points after; ``InvalidInput`` naming ``cursor`` if it is not ours,
    or if the id it holds is outside the id range (a forged cursor)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        after = data["after"]
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidInput("cursor: not a cursor returned by this API", field="cursor") from exc
    if not isinstance(after, int) or isinstance(after, bool):
        raise InvalidInput("cursor: not a cursor returned by this API", field="cursor")
    if not in_id_range(after):
        raise InvalidInput(
            f"cursor: not a cursor returned by this API (it points outside the id range "
            f"{MIN_ID} to {MAX_ID})",
            field="cursor",
        )
    return after


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    next_cursor: str | None


def page_from_rows(rows: Sequence[T], limit: int, id_of: Callable[[T], int]) -> Page[T]:
    """Rows were fetched with ``limit + 1``: the extra one only says another page exists."""
    if len(rows) > limit:
        kept = rows[:limit]
        return Page(kept, encode_cursor(id_of(kept[-1])))
    return Page(rows, None)
