"""Building notifiers and real run records for the notification tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from linkedin_bot.core.clock import Clock
from linkedin_bot.core.redaction import register_secret
from linkedin_bot.core.secrets import resolve_secrets
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.engine import create_read_only_session_factory
from linkedin_bot.db.enums import RunStatus
from linkedin_bot.db.models import CampaignRun
from linkedin_bot.db.queries import runs as q
from linkedin_bot.safety.cooldown import Cooldowns
from linkedin_bot.services.notifications import Notifier, build_notifier
from linkedin_bot.services.runs import RunHandle, open_run
from tests.helpers import TEST_API_KEY, Database, make_settings

NOON = datetime(2026, 1, 15, 11, 0, tzinfo=UTC)  # 12:00 in Paris
# A session cookie value as LinkedIn issues them: a secret that must never be sent.
LI_AT = "AQEDAR-notify-test-li-at-cookie-0123456789abcdefXYZ"
register_secret(LI_AT)


def notify_settings(
    tmp_path: Path, database_url: str, urls: list[str], **overrides: Any
) -> Settings:
    values: dict[str, Any] = {"notify_urls": " ".join(urls), "notify_timeout_s": 5}
    values.update(overrides)
    data_dir = values.pop("data_dir", tmp_path / "data")
    return make_settings(data_dir, database_url, **values)


def notifier_for(
    db: Database, settings: Settings, clock: Clock, fingerprint: str | None = "s1"
) -> Notifier:
    """A notifier as a process builds it: the database (reads), the cool-downs."""
    resolve_secrets(settings)  # as build_runtime does: the keys are registered secrets
    read = create_read_only_session_factory(db.engine)
    cooldowns = Cooldowns(
        db.sessions, read, clock, settings, session_fingerprint=lambda: fingerprint
    )
    return build_notifier(settings, clock, read_sessions=read, cooldowns=cooldowns)


async def ended_run(
    db: Database,
    clock: Clock,
    status: RunStatus,
    error: str | None = None,
    *,
    kind: str = "birthday",
    stats: dict[str, Any] | None = None,
) -> CampaignRun:
    """A run opened, started and finished through the run lifecycle, read back."""
    run = await open_run(db.sessions, clock, kind=kind, params={}, dry_run=False, trigger="test")
    handle = RunHandle(db.sessions, clock, run.id, stats=dict(stats or {}))
    await handle.start()
    await handle.finish(status, error)
    async with db.sessions() as session:
        finished = await q.get_run(session, run.id)
    assert finished is not None
    return finished


def secret_error(url_password: str) -> str:
    """A run error that quotes every kind of secret (as a careless exception text would)."""
    return (
        f"PageFailed: request failed with cookie li_at={LI_AT}; key {TEST_API_KEY}; "
        f"while posting to https://bot:{url_password}@hooks.example.org/x"
    )


SECRETS = (LI_AT, TEST_API_KEY)
