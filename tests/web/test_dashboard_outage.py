"""The dashboard of a running `serve` while its PostgreSQL server is stopped, then back."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import TEST_API_KEY
from tests.processes import PrivatePostgres, bot_env, serve_process

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
PAGE = {"Accept": "text/html"}


def test_with_the_database_stopped_pages_say_so_then_work_again(tmp_path: Path) -> None:
    """Signing in still works (it needs no database); every page answers a 503 page that
    says the database is unavailable, never a 500 or a trace, and a form changes nothing;
    once the server is back the same pages work without restarting `serve`."""
    postgres = PrivatePostgres()
    postgres.start()
    try:
        env = bot_env(tmp_path / "data", postgres.url)
        with serve_process(env, tmp_path, tmp_path / "serve.log") as (_proc, client):
            base = str(client.base_url).rstrip("/")
            client.headers.pop("X-API-Key")
            origin = {"Origin": base}
            signed = client.post("/sign-in", data={"credential": TEST_API_KEY}, headers=origin)
            assert signed.status_code == 303
            assert client.get("/", headers=PAGE).status_code == 200
            postgres.stop()
            for path in ("/", "/runs", "/people", "/templates", "/sourcing", "/settings"):
                page = client.get(path, headers=PAGE)
                assert page.status_code in (200, 503), (path, page.status_code)
                assert "Traceback" not in page.text
                if page.status_code == 503:
                    assert "The database is unavailable: try again in a moment." in page.text
                    assert "Retry-After" in page.headers
            assert client.get("/", headers=PAGE).status_code == 503
            paused = client.post("/today/schedule/pause", data={"job": "backup"}, headers=origin)
            assert paused.status_code in (403, 503)  # no token read without the page: refused
            postgres.start()
            today = client.get("/", headers=PAGE)
            assert today.status_code == 200
            assert "Pause Backup" in today.text
        log = (tmp_path / "serve.log").read_text()
        assert "Traceback" not in log
        assert TEST_API_KEY not in log
    finally:
        postgres.remove()
