"""The Runs pages in this process: the list (filters, pages), a run's page (options,
status, error, every person with the text), its Stop button, and its live stream of
server-sent events, which ends with the run, and when the service stops."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from linkedin_bot.db.enums import RunStatus
from linkedin_bot.db.models import CampaignRun
from linkedin_bot.db.queries import runs as run_queries
from linkedin_bot.services.runs import open_run
from linkedin_bot.wiring import Runtime
from tests.web.conftest import Web


async def make_run(
    runtime: Runtime,
    *,
    kind: str = "birthday",
    dry_run: bool = False,
    status: str | None = RunStatus.SUCCEEDED.value,
    **values: Any,
) -> CampaignRun:
    """A run as the engine records it (opened, then ended with ``status`` and ``values``;
    ``status=None`` leaves it queued, as a run going on)."""
    run = await open_run(
        runtime.sessions,
        runtime.clock,
        kind=kind,
        params={"limit": 20, "dry_run": dry_run},
        dry_run=dry_run,
        trigger="api",
    )
    if status is not None:
        now = runtime.clock.now()
        async with runtime.sessions.begin() as session:
            await run_queries.update_run(
                session, run.id, status=status, started_at=now, finished_at=now, **values
            )
    return run


def events(body: str) -> list[dict[str, Any]]:
    """The ``update`` events of a server-sent event stream, decoded."""
    found = []
    for block in body.split("\n\n"):
        lines = block.splitlines()
        if "event: update" in lines:
            data = next(line for line in lines if line.startswith("data: "))
            found.append(json.loads(data.removeprefix("data: ")))
    return found


async def test_the_runs_list_filters_and_pages(web: Web) -> None:
    """The list shows each run (kind, status, counts), newest first, 50 a page with a link
    to the older ones; filtering by kind or status keeps only those; an unknown filter
    says so; a page without signing in leads to the sign-in page."""
    runtime = web.api.runtime
    first = await make_run(runtime, stats={"sent": 3, "skipped_no_template": 1, "failed": 2})
    for _ in range(50):
        await make_run(runtime, kind="sourcing", status=RunStatus.FAILED.value)
    page = await web.client.get("/runs")
    assert page.status_code == 200
    assert f'href="/runs/{first.id}"' not in page.text  # on the second page
    assert "cursor=" in page.text
    older = page.text.split('href="/runs?kind=&amp;status=&amp;cursor=')[1].split('"')[0]
    second = await web.client.get(f"/runs?kind=&status=&cursor={older}")
    assert f'href="/runs/{first.id}"' in second.text
    assert '<td class="num">3</td>' in second.text
    assert '<td class="num">2</td>' in second.text

    only = await web.client.get("/runs?kind=birthday")
    assert f'href="/runs/{first.id}"' in only.text
    assert "Sourcing</td>" not in only.text
    failed = await web.client.get("/runs?status=failed")
    assert f'href="/runs/{first.id}"' not in failed.text
    bad = await web.client.get("/runs?status=exploded")
    assert bad.status_code == 422
    assert "Choose a kind and a status" in bad.text
    bad_cursor = await web.client.get("/runs?cursor=zzz")
    assert bad_cursor.status_code == 422
    assert "cursor" in bad_cursor.text
    assert (await web.anonymous.get("/runs")).status_code == 303


async def test_a_runs_page_shows_its_options_error_and_every_person(web: Web) -> None:
    """A run's page shows its options, its status and error, and each person with the
    outcome, the reason and the exact text; an unknown run is the 404 page."""
    runtime = web.api.runtime
    results = [
        {"name": "Ada Lovelace", "outcome": "sent", "text": "Happy birthday Ada <3"},
        {"name": "Grace Hopper", "outcome": "skipped", "reason": "name_uncertain"},
    ]
    run = await make_run(
        runtime,
        status=RunStatus.PARTIAL.value,
        error="finished with problems: 1 failed",
        stats={"sent": 1, "skipped_name_uncertain": 1, "results": results},
    )
    page = await web.client.get(f"/runs/{run.id}")
    assert page.status_code == 200
    html = page.text
    assert "Happy birthday Ada &lt;3" in html
    assert "Grace Hopper" in html
    assert "name_uncertain" in html
    assert "finished with problems" in html
    assert "<code>limit</code>" in html
    assert "data-live=" not in html  # over: nothing to follow
    for missing in ("999999", "abc", "99999999999999999999999"):
        gone = await web.client.get(f"/runs/{missing}")
        assert gone.status_code == 404
        assert "Page not found" in gone.text


async def test_stop_asks_a_running_run_to_stop(web: Web) -> None:
    """A run going on has a Stop button that asks first; pressing it asks the run to stop
    (as the API's cancel); a forged form is refused and asks nothing."""
    runtime = web.api.runtime
    run = await make_run(runtime, status=None)
    html = (await web.client.get(f"/runs/{run.id}")).text
    assert f'data-live="/runs/{run.id}/events"' in html
    assert "data-confirm=" in html

    forged = await web.client.post(
        f"/runs/{run.id}/stop", data={"csrf": "x"}, headers={"Origin": "http://test"}
    )
    assert forged.status_code == 403
    assert (await runtime.campaigns.get(run.id)).cancel_requested_at is None

    done = await web.post(f"/runs/{run.id}/stop", {})
    assert done.status_code == 303
    assert (await runtime.campaigns.get(run.id)).cancel_requested_at is not None
    assert "Stop asked" in (await web.client.get(done.headers["location"])).text


async def test_the_live_stream_follows_the_run_to_its_end(web: Web) -> None:
    """The run page's stream sends the run's partial at once, then again when the run
    changes, and a last time with done=true when it ends, then closes; an ended run's
    stream says done at once; the stream needs the signed-in session."""
    runtime = web.api.runtime
    run = await make_run(runtime, status=None)
    stream = asyncio.create_task(web.client.get(f"/runs/{run.id}/events"))
    await asyncio.sleep(1.5)
    assert not stream.done()
    async with runtime.sessions.begin() as session:
        await run_queries.update_run(
            session,
            run.id,
            status=RunStatus.SUCCEEDED.value,
            stats={"sent": 1, "results": [{"name": "Ada", "outcome": "sent", "text": "Hi Ada"}]},
        )
    answer = await asyncio.wait_for(stream, 10)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/event-stream")
    updates = events(answer.text)
    assert updates[0]["done"] is False
    assert "Hi Ada" not in updates[0]["html"]
    assert updates[-1]["done"] is True
    assert "Hi Ada" in updates[-1]["html"]

    again = await web.client.get(f"/runs/{run.id}/events")
    assert [u["done"] for u in events(again.text)] == [True]
    assert (await web.anonymous.get(f"/runs/{run.id}/events")).status_code == 303
    assert (await web.client.get("/runs/424242/events")).status_code == 404


async def test_the_live_stream_ends_when_the_service_stops(web: Web) -> None:
    """A page left open on a run going on does not hold the service up: when it stops, the
    stream ends (the run itself is left to the engine)."""
    runtime = web.api.runtime
    run = await make_run(runtime, status=None)
    stream = asyncio.create_task(web.client.get(f"/runs/{run.id}/events"))
    await asyncio.sleep(1.2)
    assert not stream.done()
    runtime.campaigns.request_stop()
    answer = await asyncio.wait_for(stream, 5)
    assert [u["done"] for u in events(answer.text)] == [False]
