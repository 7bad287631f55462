"""Consolidate the V1 application's ``birthday_messages`` into ``interactions``.

The production plan's Task 1.4: V1 kept its sent messages in their own table, with a text
``sent_at`` in naive local time; everything else reads ``interactions``. Each V1 message
becomes one ``birthday_message`` interaction, status ``sent``, dated by its parsed
``sent_at`` (naive values are in the user's timezone), with the dedup key
``legacy:birthday_messages:<id>`` so that a re-run skips what is already there.

Its contact is found by profile URL when V1 linked one, else by exact full name (case and
spacing aside; two contacts with that name is an ambiguity that is reported, not guessed),
else created. A row that cannot be read (bad date, no message, no name) is rejected and
reported; the others are imported. Nothing is committed here: the caller commits the whole
import at once, or rolls it back (``--dry-run``, or an integrity check that fails).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.core.errors import InvalidInput
from linkedin_bot.core.profiles import canonical_profile_url, public_id_from_url
from linkedin_bot.db import legacy as queries
from linkedin_bot.db.enums import ContactStatus, InteractionStatus, InteractionType
from linkedin_bot.db.legacy import LegacyMessage, legacy_dedup_key, open_legacy_database
from linkedin_bot.db.models import Contact, Interaction

LEGACY_SOURCE = "legacy"
INSERT_BATCH = 500
MAX_NAME_CHARS = 400  # contacts.full_name
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


class RejectedRow(NamedTuple):
    legacy_id: int
    reason: str


@dataclass
class LegacyImportReport:
    """Counts in, counts out. ``legacy_rows = imported + already_present + rejected``."""

    legacy_rows: int = 0
    imported: int = 0
    already_present: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    contacts_matched: int = 0
    contacts_created: int = 0
    interactions_found: int = 0  # legacy interactions of this file found after the import
    orphans: int = 0

    @property
    def balanced(self) -> bool:
        return self.legacy_rows == self.imported + self.already_present + len(self.rejected)

    @property
    def ok(self) -> bool:
        """Every row accounted for, every imported row found again, none without a contact."""
        return (
            self.balanced
            and self.interactions_found == self.imported + self.already_present
            and self.orphans == 0
        )


def parse_sent_at(value: Any, tz: ZoneInfo) -> datetime:
    """V1's ``sent_at`` as a UTC datetime; naive values are local time in ``tz``."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"sent_at is not a timestamp: {value!r}")
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"unreadable sent_at {value!r}") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(UTC)


def normalize_name(name: str) -> str:
    """A name as compared: case-folded, NFC, single spaces."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def legacy_public_id(name: str, legacy_contact_id: Any) -> str:
    """``legacy-<slug of name>-<V1 contact id, or a hash of the name>``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_name.lower()).strip("-")[:60] or "contact"
    if isinstance(legacy_contact_id, int):
        suffix = str(legacy_contact_id)
    else:
        suffix = hashlib.sha256(normalize_name(name).encode()).hexdigest()[:10]
    return f"legacy-{slug}-{suffix}"


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "t", "y")
    return bool(value)


def _as_int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


class _ContactResolver:
    """Finds (or creates) the contact of each V1 message, remembering what it decided."""

    def __init__(self, session: AsyncSession, report: LegacyImportReport) -> None:
        self._session = session
        self._report = report
        self._by_public_id: dict[str, int] = {}
        self._by_name: dict[str, list[int]] = {}

    async def load(self) -> None:
        for contact_id, full_name in await queries.contact_full_names(self._session):
            self._by_name.setdefault(normalize_name(full_name), []).append(contact_id)

    async def resolve(self, message: LegacyMessage, name: str) -> int:
        """The contact id for ``message``; :class:`ValueError` when it cannot be decided."""
        public_id = self._public_id_of(message)
        if public_id is not None:
            known = self._by_public_id.get(public_id)
            if known is None:
                found = await queries.contact_ids_by_public_id(self._session, [public_id])
                known = found.get(public_id)
            if known is not None:
                self._by_public_id[public_id] = known
                self._report.contacts_matched += 1
                return known
        else:
            candidates = self._by_name.get(normalize_name(name), [])
            if len(candidates) > 1:
                raise ValueError(f"ambiguous name: {len(candidates)} contacts named {name!r}")
            if candidates:
                self._report.contacts_matched += 1
                return candidates[0]
            public_id = legacy_public_id(name, message.contact_id)
        return await self._create(public_id, name)

    def _public_id_of(self, message: LegacyMessage) -> str | None:
        if not isinstance(message.contact_url, str) or not message.contact_url.strip():
            return None
        try:
            return public_id_from_url(message.contact_url)
        except InvalidInput:
            return None  # a V1 URL we cannot read: fall back to the name

    async def _create(self, public_id: str, name: str) -> int:
        first, _, last = name.partition(" ")
        real_profile = not public_id.startswith("legacy-")
        contact = Contact(
            public_id=public_id,
            profile_url=canonical_profile_url(public_id) if real_profile else "",
            first_name=first[:200],
            last_name=last.strip()[:200],
            full_name=name,
            status=ContactStatus.CONNECTION.value,
            source=LEGACY_SOURCE,
        )
        contact_id = await queries.add_contact(self._session, contact)
        self._report.contacts_created += 1
        self._by_public_id[public_id] = contact_id
        self._by_name.setdefault(normalize_name(name), []).append(contact_id)
        return contact_id


def _interaction(message: LegacyMessage, contact_id: int, sent_at: datetime) -> Interaction:
    return Interaction(
        contact_id=contact_id,
        type=InteractionType.BIRTHDAY_MESSAGE.value,
        status=InteractionStatus.SENT.value,
        dedup_key=legacy_dedup_key(message.id),
        payload={
            "message": message.message_text,
            "is_late": _as_bool(message.is_late),
            "days_late": _as_int(message.days_late),
            "script_mode": str(message.script_mode or "routine"),
            "source": LEGACY_SOURCE,
            "legacy_id": message.id,
        },
        created_at=sent_at,
    )


def _check_row(message: LegacyMessage, tz: ZoneInfo) -> tuple[str, datetime]:
    """The row's contact name and UTC send time; :class:`ValueError` if it is unusable."""
    name = " ".join(str(message.contact_name or "").split())
    if not name:
        raise ValueError("no contact name")
    if len(name) > MAX_NAME_CHARS:
        raise ValueError(f"contact name longer than {MAX_NAME_CHARS} characters")
    if not isinstance(message.message_text, str) or not message.message_text.strip():
        raise ValueError("no message text")
    if "\x00" in message.message_text or "\x00" in name:
        raise ValueError("contains a NUL character")
    return name, parse_sent_at(message.sent_at, tz)


async def import_legacy_database(
    session: AsyncSession, path: Path, *, tz: ZoneInfo
) -> LegacyImportReport:
    """Import the V1 database at ``path`` (opened read-only); flush only, the caller commits.

    Raises :class:`InvalidInput` for a missing file, a file that is not SQLite, or one
    without a ``birthday_messages`` table.
    """
    report = LegacyImportReport()
    resolver = _ContactResolver(session, report)
    await resolver.load()
    keys: list[str] = []  # the dedup keys of every row imported or already present
    async with open_legacy_database(path) as legacy:
        expected = await legacy.count_messages()
        batch: list[LegacyMessage] = []
        async for message in legacy.messages():
            report.legacy_rows += 1
            batch.append(message)
            if len(batch) >= INSERT_BATCH:
                await _import_batch(session, batch, resolver, report, tz, keys)
                batch = []
        await _import_batch(session, batch, resolver, report, tz, keys)
    if expected != report.legacy_rows:
        raise InvalidInput(
            f"{path} changed during the import: counted {expected} rows, read {report.legacy_rows}"
        )
    report.interactions_found = await queries.count_interactions_with_keys(session, keys)
    report.orphans = await queries.count_orphan_legacy_interactions(session)
    report.rejected.sort()
    return report


async def _import_batch(
    session: AsyncSession,
    batch: list[LegacyMessage],
    resolver: _ContactResolver,
    report: LegacyImportReport,
    tz: ZoneInfo,
    keys: list[str],
) -> None:
    if not batch:
        return
    pending: list[Interaction] = []
    present = await queries.existing_dedup_keys(
        session, [legacy_dedup_key(message.id) for message in batch]
    )
    for message in batch:
        key = legacy_dedup_key(message.id)
        if key in present:
            report.already_present += 1
            keys.append(key)
            continue
        try:
            name, sent_at = _check_row(message, tz)
            contact_id = await resolver.resolve(message, name)
        except ValueError as exc:
            report.rejected.append(RejectedRow(message.id, str(exc)))
            continue
        pending.append(_interaction(message, contact_id, sent_at))
        keys.append(key)
    await queries.add_interactions(session, pending)
    report.imported += len(pending)
