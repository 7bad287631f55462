"""Secrets never leave: a log processor that masks them wherever they appear.

Two nets: the exact values of the secrets this process knows (API key, encryption key, the
LinkedIn ``li_at`` cookie), registered when they are loaded; and patterns that look like
credentials whatever their value (``li_at=...``, ``X-API-Key: ...``, passwords in URLs).
"""

from __future__ import annotations

import re
import threading
from collections.abc import MutableMapping
from typing import Any

MASK = "***"
MIN_SECRET_LENGTH = 8  # shorter values would mask ordinary words

_PATTERNS = (
    re.compile(r"(li_at[\"']?\s*[:=]\s*[\"']?)[^\s\"';,&]+", re.IGNORECASE),
    re.compile(r"(x-api-key[\"']?\s*[:=]\s*[\"']?)[^\s\"';,&]+", re.IGNORECASE),
    re.compile(r"(://[^:/@\s]+:)[^@\s]+(@)"),
)

_lock = threading.Lock()
_secrets: set[str] = set()


def register_secret(value: str | None) -> None:
    """Mask this exact value in every log line from now on."""
    if value and len(value) >= MIN_SECRET_LENGTH:
        with _lock:
            _secrets.add(value)


def redact(text: str) -> str:
    with _lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, MASK)
    for pattern in _PATTERNS:
        text = pattern.sub(
            lambda m: m.group(1) + MASK + (m.group(2) if m.lastindex == 2 else ""), text
        )
    return text


def _masked(match: re.Match[str]) -> str:
    tail = match.group(2) if match.lastindex == 2 else ""
    return match.group(1) + MASK + tail


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_clean(v) for v in value)
    return value


def redact_event(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: masks secrets in every value of the event."""
    for key, value in list(event_dict.items()):
        if isinstance(value, BaseException):
            event_dict[key] = value  # rendered later; its text is masked by the formatter
            continue
        event_dict[key] = _clean(value)
    return event_dict
