"""Text a database can store: PostgreSQL's ``text`` and ``jsonb`` refuse the NUL character,
and no UTF-8 encoding exists for a lone surrogate (which JSON's ``\\ud800`` escapes produce).

Input is checked against :func:`unstorable` where it enters (the API's middleware, the
contacts import), so that such a value is refused with a message naming the field, on
SQLite as on PostgreSQL, instead of failing half-way through a write.
"""

from __future__ import annotations

import re

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(text: str) -> str | None:
    """Why ``text`` cannot be stored ("contains a NUL character (U+0000)"), or None."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    char = found.group()
    what = "a NUL character" if char == "\x00" else "a lone surrogate"
    return f"contains {what} (U+{ord(char):04X}), which cannot be stored"
