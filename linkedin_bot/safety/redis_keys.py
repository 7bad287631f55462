"""Redis key names, in one place. Everything under one prefix, per LinkedIn account."""

from __future__ import annotations

PREFIX = "linkedin-bot"


def breaker_key(account: str) -> str:
    return f"{PREFIX}:breaker:{account}"


def breaker_probe_key(account: str) -> str:
    return f"{PREFIX}:breaker:{account}:probe"


def run_lock_key(account: str) -> str:
    return f"{PREFIX}:run-lock:{account}"
