"""Opaque identifiers LinkedIn shows instead of slugs: member ids and thread ids.

Both are derived from the profile slug (stable across starts), but neither contains it:
a driver cannot guess a thread URL from a person, nor a slug from a member-id link.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from functools import lru_cache

from sim.data import Person


@lru_cache(maxsize=65536)
def member_id_of(slug: str) -> str:
    """`ACoAA...` (39 characters), as in `/in/ACoAAB3x.../` links inside threads."""
    digest = hashlib.sha256(f"member:{slug}".encode()).digest()
    body = base64.urlsafe_b64encode(digest).decode().rstrip("=")
    return "ACoAA" + body[:34]


@lru_cache(maxsize=65536)
def thread_id_of(slug: str) -> str:
    """`2-<base64>==`, the opaque id of the conversation with this person."""
    digest = hashlib.sha256(f"thread:{slug}".encode()).digest()
    raw = f"{uuid.UUID(bytes=digest[:16])}_{digest[16] % 1000:03d}"
    return "2-" + base64.urlsafe_b64encode(raw.encode()).decode()


def member_id(person: Person) -> str:
    return member_id_of(person.slug)


def thread_id(person: Person) -> str:
    return thread_id_of(person.slug)
