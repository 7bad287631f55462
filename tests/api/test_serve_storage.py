"""`linkedin-bot serve` when its database is busy, gone or full, and while a large import
runs beside it: a clear 503 (with Retry-After) or 507, then normal service again; never a
500."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import make_url

from tests.api.serve_process import BIN, Served, free_port, serving
from tests.factories import connection_row, write_connections_csv
from tests.full_disk import fill, small_filesystem
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.slow

SEARCH_URL = "https://www.linkedin.com/search/results/people/?keywords=python"


def assert_503(response: httpx.Response, error: str) -> None:
    assert response.status_code == 503, response.text
    assert int(response.headers["retry-after"]) >= 1
    assert response.json()["error"] == error


def assert_no_500(served: Served) -> None:
    log = served.log()
    assert "api.unhandled_error" not in log
    assert "Exception in ASGI application" not in log


def test_locked_sqlite_past_the_busy_timeout_is_503(tmp_path: Path) -> None:
    """Another process holding SQLite's write lock past the 15 s busy timeout: a write is a
    503 `database_busy` with Retry-After (it was a 500), and works once the lock is gone."""
    with serving(tmp_path / "data") as served, served.client() as client:
        holder = sqlite3.connect(tmp_path / "data" / "linkedin.db", isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")
            assert_503(client.post("/campaigns/birthday", json={"dry_run": True}), "database_busy")
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert client.post("/campaigns/birthday", json={"dry_run": True}).status_code == 202
        assert_no_500(served)


@pytest.mark.postgres
def test_postgres_gone_is_503_then_service_resumes(postgres_url: str, tmp_path: Path) -> None:
    """PostgreSQL unreachable (its connections reset, new ones refused) makes reads and
    writes a 503 `database_unavailable` with Retry-After and /ready a 503; when it is back,
    the same process serves again."""
    url = make_url(postgres_url)
    with TcpProxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        with serving(tmp_path / "data", database_url=proxied) as served, served.client() as client:
            assert client.get("/contacts").status_code == 200
            proxy.cut()
            assert_503(client.get("/contacts"), "database_unavailable")
            assert_503(client.get("/interactions"), "database_unavailable")
            assert_503(client.post("/campaigns/birthday", json={}), "database_unavailable")
            assert client.get("/ready").status_code == 503
            proxy.restore()
            assert client.get("/contacts").status_code == 200
            assert client.get("/ready").status_code == 200
            assert_no_500(served)


def big_criteria() -> dict[str, Any]:
    terms = [f"{n:02d}" + "k" * 98 for n in range(20)]
    return {"keywords": terms, "excluded_keywords": [t.upper() for t in terms]}


def test_full_disk_is_507_then_service_resumes(tmp_path: Path) -> None:
    """On a real filesystem that is full, a write is a 507 `storage_full` saying the disk
    is full, and nothing is recorded; once space is freed, the same process writes again."""
    with small_filesystem(tmp_path / "disk", 4096) as disk:
        data = disk / "data"
        with serving(data) as served, served.client() as client:
            # The WAL file keeps its size after a checkpoint: empty it, so that the next
            # write needs new space on the disk, as it would once the WAL has been reused.
            with sqlite3.connect(data / "linkedin.db") as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            filler = fill(disk)
            body = {"search_url": SEARCH_URL, "criteria": big_criteria(), "dry_run": True}
            full = client.post("/campaigns/sourcing", json=body)
            assert full.status_code == 507, full.text
            assert full.json()["error"] == "storage_full"
            assert "disk is full" in full.json()["detail"]
            filler.unlink()
            assert client.get("/campaigns/runs").json()["items"] == []
            assert client.post("/campaigns/sourcing", json=body).status_code == 202
            assert_no_500(served)


def contact_count(database: Path) -> int:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT count(*) FROM contacts").fetchone()[0])


def test_service_stays_responsive_during_a_large_import(tmp_path: Path) -> None:
    """While `contacts import` writes 20,000 contacts into the service's SQLite database,
    the contacts appear batch by batch, and a write through the API (starting a campaign)
    is accepted while the import is still running, instead of waiting for the whole import
    (or failing with "database is locked")."""
    total = 20_000
    path = write_connections_csv(tmp_path / "c.csv", [connection_row(i) for i in range(total)])
    database = tmp_path / "data" / "linkedin.db"
    with serving(tmp_path / "data") as served, served.client() as client:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LINKEDIN_BOT_")}
        env["LINKEDIN_BOT_DATA_DIR"] = str(tmp_path / "data")
        # Not measured by coverage: traced, 20,000 rows took minutes on a loaded machine
        # (the import's code is covered by its own tests).
        env.pop("COVERAGE_PROCESS_CONFIG", None)
        importer = subprocess.Popen(
            [str(BIN), "contacts", "import", str(path)],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            while (seen := contact_count(database)) == 0:
                assert importer.poll() is None, "the import ended before a first batch showed"
            assert seen < total, "the import committed everything at once"
            started = client.post("/campaigns/birthday", json={"dry_run": True})
            during = contact_count(database)
            assert started.status_code == 202, started.text
            assert during < total, "the API write waited for the whole import"
        except BaseException:
            importer.kill()
            importer.wait()
            raise
        _, stderr = importer.communicate(timeout=300)
        assert importer.returncode == 0, stderr.decode()
        assert contact_count(database) == total
        assert_no_500(served)


def test_serve_with_the_database_down_at_start_says_so_in_one_line(tmp_path: Path) -> None:
    """`serve` whose PostgreSQL does not answer at start-up (nothing listens on its port)
    stops with one line saying the database cannot be reached, exit 1, no traceback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINKEDIN_BOT_")}
    env.update(
        LINKEDIN_BOT_DATA_DIR=str(tmp_path / "data"),
        LINKEDIN_BOT_DATABASE_URL=f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/x",
    )
    result = subprocess.run(
        [str(BIN), "serve", "--port", str(free_port())],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "the database cannot be reached" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
