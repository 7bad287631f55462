"""What the user decides about a contact: block (blacklist), unblock, language, note.

Used by ``PATCH /contacts/{id}`` and ``linkedin-bot contacts block|unblock|edit``. Each
change is checked before anything is written (a locale must be one of the template
locales; a note is at most :data:`NOTE_MAX_CHARS` characters), and written in one
transaction: a bad value changes nothing.

A contact is named by its id or its LinkedIn profile URL (or the public id of that URL). A
person blocked by URL before any import or campaign met them is kept as a blacklisted
contact, so that a later birthday list or search skips them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.errors import ContactNotFound, InvalidInput
from linkedin_bot.core.profiles import canonical_profile_url, public_id_from_url
from linkedin_bot.core.text import unstorable
from linkedin_bot.db.ids import in_id_range
from linkedin_bot.db.models import NOTE_MAX_CHARS, Contact
from linkedin_bot.db.queries import contacts_manage as q

__all__ = ["NOTE_MAX_CHARS", "ContactRef", "block", "edit_contact", "parse_ref", "unblock"]


@dataclass(frozen=True)
class ContactRef:
    """A contact as the user names it: by id, or by public id (from a profile URL)."""

    contact_id: int | None = None
    public_id: str | None = None

    def __str__(self) -> str:
        return f"id {self.contact_id}" if self.contact_id is not None else str(self.public_id)


def parse_ref(text: str, base_url: str) -> ContactRef:
    """``42`` (an id), ``https://www.linkedin.com/in/jane-doe/`` or ``jane-doe``."""
    value = text.strip()
    if not value:
        raise InvalidInput("contact: give an id or a LinkedIn profile URL", field="contact")
    if value.isdigit():
        number = int(value)
        if not in_id_range(number):
            raise InvalidInput(f"contact: no contact can have the id {value}", field="contact")
        return ContactRef(contact_id=number)
    if "/" not in value:
        value = f"{base_url}/in/{value}/"
    # LinkedIn's hosts, and the configured one (the simulator, in a demo).
    hosts = frozenset({(urlsplit(base_url).hostname or "").lower()})
    try:
        return ContactRef(public_id=public_id_from_url(value, extra_hosts=hosts))
    except InvalidInput as exc:
        raise InvalidInput(f"contact: {exc.detail}", field="contact") from exc


def check_note(value: str | None) -> str | None:
    """A note as stored: stripped, empty meaning none; refused when too long."""
    if value is None:
        return None
    if (why := unstorable(value)) is not None:
        raise InvalidInput(f"note: {why}", field="note")
    note = value.strip()
    if len(note) > NOTE_MAX_CHARS:
        raise InvalidInput(
            f"note: at most {NOTE_MAX_CHARS} characters (this one has {len(note)})", field="note"
        )
    return note or None


def check_locale(value: str | None, locales: Collection[str]) -> str | None:
    """One of the template locales, or None (the default locale is used)."""
    if value is None:
        return None
    locale = value.strip().lower()
    if locale not in locales:
        raise InvalidInput(
            f"locale: {value!r} is not one of the template locales ({', '.join(sorted(locales))})",
            field="locale",
        )
    return locale


def checked_changes(changes: Mapping[str, Any], locales: Collection[str]) -> dict[str, Any]:
    """The changes with each value checked and normalised; :class:`InvalidInput` naming
    the first bad field."""
    checked: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "blacklisted":
            if not isinstance(value, bool):
                raise InvalidInput("blacklisted: must be true or false", field="blacklisted")
            checked[name] = value
        elif name == "locale":
            checked[name] = check_locale(value, locales)
        elif name == "note":
            checked[name] = check_note(value)
        else:
            raise InvalidInput(f"{name}: not a field that can be changed", field=name)
    return checked


async def _find(session: AsyncSession, ref: ContactRef) -> Contact | None:
    if ref.contact_id is not None:
        return await session.get(Contact, ref.contact_id)
    assert ref.public_id is not None
    return await q.contact_by_public_id(session, ref.public_id)


def _not_found(ref: ContactRef) -> ContactNotFound:
    return ContactNotFound(f"no contact with {ref}", contact=str(ref))


async def edit_contact(
    sessions: async_sessionmaker[AsyncSession],
    ref: ContactRef,
    changes: Mapping[str, Any],
    *,
    locales: Collection[str],
) -> Contact:
    """Apply the user's changes to a known contact (all checked first, one transaction)."""
    checked = checked_changes(changes, locales)
    async with sessions.begin() as session:
        contact = await _find(session, ref)
        if contact is None:
            raise _not_found(ref)
        await q.apply_changes(session, contact, checked)
    return contact


async def block(
    sessions: async_sessionmaker[AsyncSession],
    ref: ContactRef,
    *,
    note: str | None,
    base_url: str,
) -> tuple[Contact, bool]:
    """Blacklist a contact (with a note, if given); a profile not known yet is added,
    blacklisted. Returns the contact and whether it was added."""
    changes: dict[str, Any] = {"blacklisted": True}
    if note is not None:
        changes["note"] = check_note(note)
    async with sessions.begin() as session:
        contact = await _find(session, ref)
        added = False
        if contact is None:
            if ref.public_id is None:
                raise _not_found(ref)
            url = canonical_profile_url(ref.public_id, base_url)
            contact = await q.add_blocked_person(session, ref.public_id, url)
            added = True
        await q.apply_changes(session, contact, changes)
    return contact, added


async def unblock(sessions: async_sessionmaker[AsyncSession], ref: ContactRef) -> Contact:
    async with sessions.begin() as session:
        contact = await _find(session, ref)
        if contact is None:
            raise _not_found(ref)
        await q.apply_changes(session, contact, {"blacklisted": False})
    return contact
