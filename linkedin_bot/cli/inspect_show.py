"""How ``inspect`` shows what it read: Rich tables for a person, one JSON document for a
script. Every field of the driver's dataclasses is shown, read with ``dataclasses.fields``
(never a list kept here), so a field the driver gains shows without a change here."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.table import Table

    from linkedin_bot.cli.inspect_read import (
        BirthdaysReading,
        FeedReading,
        ProfileReading,
        Reading,
        SearchReading,
        ThreadReading,
    )

PAGE_NAMES = {
    "FeedReading": "feed",
    "BirthdaysReading": "birthdays",
    "ProfileReading": "profile",
    "SearchReading": "search",
    "ThreadReading": "thread",
}


def page_name(reading: Reading) -> str:
    return PAGE_NAMES[type(reading).__name__]


def _json_value(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def as_json(reading: Reading, base_url: str) -> dict[str, Any]:
    """The JSON document of a reading: the page, the LinkedIn it was read on, and every
    field of what the driver returned (nested dataclasses as objects)."""
    return {"page": page_name(reading), "base_url": base_url, **dataclasses.asdict(reading)}


def dumps(document: object) -> str:
    return json.dumps(document, default=_json_value, indent=2, ensure_ascii=False)


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str | tuple | list) and not value)


def _year_month(value: object) -> bool:
    return isinstance(value, tuple) and all(isinstance(v, int) for v in value)


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, tuple):  # a (year, month)
        return "-".join(f"{v:02d}" for v in value)
    return str(value)


def text(value: object) -> str:
    """A value as Rich markup: nothing as a dim dash, lists one item a line, a (year,
    month) as 2024-05, a nested record as its non-empty fields."""
    from rich.markup import escape

    if _empty(value):
        return "[dim]-[/]"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return " · ".join(
            f"[dim]{f.name}:[/] {text(getattr(value, f.name))}"
            for f in dataclasses.fields(value)
            if not _empty(getattr(value, f.name))
        )
    if isinstance(value, list | tuple) and not _year_month(value):
        return "\n".join(text(item) for item in value)
    return escape(_scalar(value))


def record_table(record: object, title: str | None = None) -> Table:
    """A dataclass as a two-column table, one row per field."""
    from rich.table import Table

    table = Table(title=title, show_header=False, title_justify="left", box=None, padding=(0, 1))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for f in dataclasses.fields(record):  # type: ignore[arg-type]
        table.add_row(f.name, text(getattr(record, f.name)))
    return table


def _greeting(name: str | None) -> str:
    return f"[bold]{text(name)}[/]" if name else "[yellow]none[/] (would be skipped)"


def show(reading: Reading) -> None:
    """Print a reading for a person (standard output)."""
    from linkedin_bot.cli import inspect_read as r

    if isinstance(reading, r.FeedReading):
        _show_feed(reading)
    elif isinstance(reading, r.BirthdaysReading):
        _show_birthdays(reading)
    elif isinstance(reading, r.ProfileReading):
        _show_profile(reading)
    elif isinstance(reading, r.SearchReading):
        _show_search(reading)
    else:
        _show_thread(reading)


def _show_feed(reading: FeedReading) -> None:
    from linkedin_bot.cli.common import console

    console.print(record_table(reading, title="Feed"))


def _show_profile(reading: ProfileReading) -> None:
    from rich.markup import escape

    from linkedin_bot.cli.common import console

    table = record_table(reading.profile, title=f"Profile: {escape(reading.profile.full_name)}")
    table.add_row("greeting name", _greeting(reading.greeting_name))
    table.add_row("read at", escape(reading.url))
    console.print(table)


def _cards_table(records: list[tuple[object, str | None, str | None]]) -> Table:
    """One row per person: every field of what the driver read, the greeting name, and
    (when given) what the bot would do."""
    from rich.table import Table

    verdicts = any(verdict is not None for _, _, verdict in records)
    table = Table(show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("read on the page", overflow="fold")
    table.add_column("greeting name")
    if verdicts:
        table.add_column("would")
    for number, (record, greeting, verdict) in enumerate(records, 1):
        lines = [
            f"[dim]{f.name}:[/] {text(getattr(record, f.name))}"
            for f in dataclasses.fields(record)  # type: ignore[arg-type]
        ]
        row = [str(number), "\n".join(lines), text(greeting)]
        table.add_row(*row, *([verdict or ""] if verdicts else []))
    return table


def _show_birthdays(reading: BirthdaysReading) -> None:
    from rich.markup import escape

    from linkedin_bot.cli.common import console
    from linkedin_bot.cli.inspect_read import SKIP_WORDS

    skipped = [v for v in reading.cards if v.skip is not None]
    late = f"up to {reading.max_days_late} days late" if reading.max_days_late else "today only"
    title = (
        f"Birthdays on {escape(reading.url)} ({reading.today.isoformat()}, {late}): "
        f"{len(reading.cards)} people, {len(reading.cards) - len(skipped)} would be wished, "
        f"{len(skipped)} skipped"
    )
    if not reading.cards:
        console.print(title, highlight=False, soft_wrap=True)
        return
    records: list[tuple[object, str | None, str | None]] = []
    for verdict in reading.cards:
        if verdict.skip is None:
            would = "[green]wish[/]"
        else:
            words = SKIP_WORDS.get(verdict.skip, verdict.skip)
            would = f"[yellow]skip: {escape(words)}[/]\n[dim]{escape(verdict.skip_detail or '')}[/]"
        records.append((verdict.card, verdict.greeting_name, would))
    console.print(title, highlight=False, soft_wrap=True)
    console.print(_cards_table(records))


def _show_search(reading: SearchReading) -> None:
    from rich.markup import escape

    from linkedin_bot.cli.common import console

    about = ", ".join(f"{name}: {text(value)}" for name, value in reading.walk.items())
    title = f"Search {escape(reading.url)}: {len(reading.results)} people ({about})"
    if not reading.results:
        console.print(title, highlight=False, soft_wrap=True)
        return
    records: list[tuple[object, str | None, str | None]] = [
        (hit.result, hit.greeting_name, None) for hit in reading.results
    ]
    console.print(title, highlight=False, soft_wrap=True)
    console.print(_cards_table(records))


def _show_thread(reading: ThreadReading) -> None:
    from rich.markup import escape
    from rich.table import Table

    from linkedin_bot.cli.common import console

    title = f"Conversation {escape(reading.url)}: {len(reading.messages)} messages, oldest first"
    console.print(title, highlight=False, soft_wrap=True)
    if not reading.messages:
        return
    table = Table("#", "from", "message")
    table.columns[0].justify = "right"
    table.columns[2].overflow = "fold"
    for number, message in enumerate(reading.messages, 1):
        sender = message.sender or ("you" if message.from_member else "?")
        table.add_row(str(number), escape(sender), escape(message.text))
    console.print(table)
