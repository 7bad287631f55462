"""Progress events a campaign emits, for the CLI's live view (and nothing else)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ProgressEvent:
    kind: str  # "session.valid", "birthdays.found", "contact.done", "quota.exhausted", ...
    data: dict[str, Any]


Progress = Callable[[ProgressEvent], None]
