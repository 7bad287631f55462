"""After a real campaign through the API: /metrics tells what happened, and neither the
li_at cookie nor the API key appears anywhere in the output."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from linkedin_bot.api.app import create_app
from linkedin_bot.core.clock import FrozenClock
from linkedin_bot.core.logging import configure_logging
from linkedin_bot.linkedin.auth import import_session
from linkedin_bot.linkedin.timeouts import FAST_TIMEOUTS
from sim import SimServer
from tests.e2e.conftest import MORNING, TODAY
from tests.helpers import TEST_API_KEY, Database, make_settings

pytestmark = pytest.mark.browser


def _families(text: str) -> dict[str, float]:
    """Metric family -> sum of its samples (for counters: total events)."""
    totals: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith("linkedin_"):
            continue
        name, value = line.rsplit(" ", 1)
        if re.match(r"^\w+_created(\{|$)", name):
            continue  # creation timestamps, not counts
        family = re.sub(r"(_total|_bucket|_count|_sum)?(\{.*\})?$", "", name)
        totals[family] = totals.get(family, 0.0) + float(value)
    return totals


async def test_campaign_metrics_and_no_secret_in_output(
    sim_server: SimServer,
    sqlite_db: Database,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """A campaign run through the API leaves at least 15 linkedin_ metrics, with non-zero
    counts for what happened, and the whole output holds neither secret."""
    sim_server.state.reset(5, today=TODAY, connections=20, birthdays_today=3, birthdays_late=0)
    settings = make_settings(
        tmp_path / "data", sqlite_db.url, linkedin_base_url=sim_server.base_url, log_level="DEBUG"
    )
    configure_logging("DEBUG", "json", force=True)
    li_at = sim_server.state.valid_li_at
    import_session(settings, li_at)
    app = create_app(
        settings,
        migrate=False,
        runtime_overrides={"clock": FrozenClock(MORNING), "timeouts": FAST_TIMEOUTS},
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://t", headers={"X-API-Key": TEST_API_KEY}
        ) as client:
            before = _families((await client.get("/metrics")).text)
            started = await client.post("/campaigns/birthday", json={})
            run_id = started.json()["id"]
            await app.state.runtime.campaigns.wait(run_id)
            run = (await client.get(f"/campaigns/runs/{run_id}")).json()
            assert run["status"] == "succeeded", run
            await client.get("/contacts")
            await client.get("/contacts", headers={"X-API-Key": "wrong-key-xyz"})
            metrics = (await client.get("/metrics")).text
    families = _families(metrics)
    assert len(families) >= 15, sorted(families)

    def delta(name: str) -> float:
        return families.get(name, 0.0) - before.get(name, 0.0)

    assert delta("linkedin_birthday_messages_sent") == 3
    assert delta("linkedin_contacts_processed") == 3
    assert delta("linkedin_campaign_runs") == 1
    assert delta("linkedin_browser_action_duration_seconds") > 0
    assert delta("linkedin_api_request_duration_seconds") > 0
    assert delta("linkedin_db_query_duration_seconds") > 0
    assert 'linkedin_rate_limit_remaining{period="daily"} 12.0' in metrics
    assert "linkedin_session_valid 1.0" in metrics
    out, err = capfd.readouterr()
    everything = out + err + metrics
    assert "birthday.message.sent" in everything
    assert li_at not in everything
    assert TEST_API_KEY not in everything
