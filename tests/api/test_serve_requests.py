"""What `linkedin-bot serve` answers to oversized, malformed and hostile requests, over real
sockets: a JSON 4xx, security headers, and a connection that is closed when the request was
not read (or kept alive when it was), never a 500 or a dropped connection."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from linkedin_bot.api.limits import MAX_HEADER_BYTES
from tests.api.raw_http import RawConnection, request
from tests.api.serve_process import Served, serving
from tests.helpers import TEST_API_KEY

pytestmark = pytest.mark.slow

BODY_LIMIT = 4096
KEY = ("X-API-Key", TEST_API_KEY)
JSON = ("Content-Type", "application/json")
SECURITY = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "content-security-policy": "frame-ancestors 'none'",
    "referrer-policy": "no-referrer",
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One `serve` on SQLite for the module, with a 4 KiB body limit."""
    directory: Path = tmp_path_factory.mktemp("serve")
    with serving(directory / "data", max_request_body_bytes=str(BODY_LIMIT)) as running:
        yield running


def test_chunked_body_over_the_limit_is_413_and_closes(served: Served) -> None:
    """A chunked body (no Content-Length) over the limit, sent to an endpoint that parses
    JSON, is a JSON 413 `payload_too_large` with `Connection: close`, and the server closes
    the connection (it was a 400 "error parsing the body", connection kept)."""
    with RawConnection(served.port) as conn:
        conn.send("POST", "/campaigns/birthday", [KEY, JSON], chunks=[b" " * 1024] * 6)
        answer = conn.answer()
        assert answer.status == 413
        assert answer.json()["error"] == "payload_too_large"
        assert answer.headers["connection"] == "close"
        assert conn.closed_by_server()


def test_announced_body_over_the_limit_is_413_before_it_is_sent(served: Served) -> None:
    """A Content-Length over the limit is answered at once (the client need not send the
    body), with `Connection: close`."""
    with RawConnection(served.port) as conn:
        conn.send("POST", "/campaigns/birthday", [KEY, JSON, ("Content-Length", "999999")])
        answer = conn.answer()
        assert answer.status == 413
        assert answer.headers["connection"] == "close"
        assert conn.closed_by_server()


def test_chunked_body_within_the_limit_is_read_and_the_connection_kept(served: Served) -> None:
    """A chunked body within the limit is read as usual (here: a 422 naming the bad field),
    and the same connection then serves the next request."""
    with RawConnection(served.port) as conn:
        conn.send("POST", "/campaigns/birthday", [KEY, JSON], chunks=[b'{"limit":', b" 0}"])
        answer = conn.answer()
        assert answer.status == 422
        assert answer.json()["errors"][0]["field"] == "limit"
        assert "connection" not in answer.headers
        conn.next_cycle()
        conn.send("GET", "/health")
        assert conn.answer().status == 200


def test_headers_over_the_limit_are_431(served: Served) -> None:
    """Request headers over the limit (arriving at once) are a JSON 431 and the connection
    is closed; a large but acceptable header set is served."""
    ok = request(served.port, "GET", "/health", headers=[("X-Big", "a" * 8000)])
    assert ok.status == 200
    with RawConnection(served.port) as conn:
        conn.send("GET", "/health", headers=[("X-Big", "a" * (MAX_HEADER_BYTES + 1))])
        answer = conn.answer()
        assert answer.status == 431
        assert answer.json()["error"] == "request_header_fields_too_large"
        assert conn.closed_by_server()


def test_endless_headers_get_a_clean_400_and_the_server_lives_on(served: Served) -> None:
    """Headers that keep coming (far past the limit, in pieces) are cut by the server's own
    bound: an HTTP 400 and a closed connection, not a 500, not unbounded memory; the next
    client is served."""
    with RawConnection(served.port) as conn:
        head = b"GET /health HTTP/1.1\r\nHost: x\r\n"
        conn.sock.sendall(head)
        received = b""
        try:
            for index in range(200):
                conn.sock.sendall(b"X-Filler-%d: %s\r\n" % (index, b"b" * 1000))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading: what it answered is below
        try:
            while chunk := conn.sock.recv(65536):
                received += chunk
        except ConnectionResetError:
            pass
    assert received.startswith(b"HTTP/1.1 400") or received.startswith(b"HTTP/1.1 431")
    assert request(served.port, "GET", "/health").status == 200


def test_forged_cursor_keeps_the_connection(served: Served) -> None:
    """A forged cursor pointing at 2**63 is a JSON 422 on the same keep-alive connection,
    which then serves the next request (SQLite's overflow used to be a 500 and a dropped
    connection)."""
    cursor = base64.urlsafe_b64encode(json.dumps({"after": 2**63}).encode()).decode()
    with RawConnection(served.port) as conn:
        conn.send("GET", f"/contacts?cursor={cursor.rstrip('=')}", [KEY])
        answer = conn.answer()
        assert answer.status == 422
        assert answer.json()["context"]["field"] == "cursor"
        conn.next_cycle()
        conn.send("GET", "/contacts", [KEY])
        assert conn.answer().status == 200


def test_nul_in_a_query_is_422_naming_it(served: Served) -> None:
    """A NUL in the contact search is a 422 naming `q`."""
    answer = request(served.port, "GET", "/contacts?q=ada%00", headers=[KEY])
    assert answer.status == 422
    assert answer.json()["errors"][0]["field"] == "q"


@pytest.mark.parametrize(
    ("path", "key", "status"),
    [
        ("/health", False, 200),
        ("/contacts", True, 200),
        ("/contacts", False, 401),
        ("/contacts/999", True, 404),
        ("/contacts?limit=0", True, 422),
        ("/openapi.json", False, 200),
        ("/docs", False, 200),
        ("/metrics", False, 200),
    ],
)
def test_every_answer_carries_the_security_headers(
    served: Served, path: str, key: bool, status: int
) -> None:
    """Every answer, success or error, JSON or HTML, says nosniff, no framing, no referrer,
    and is not to be stored by a cache."""
    answer = request(served.port, "GET", path, headers=[KEY] if key else [])
    assert answer.status == status
    for name, value in SECURITY.items():
        assert answer.headers[name] == value
    assert answer.headers["cache-control"] == "no-store"


def test_docs_assets_stay_cacheable(served: Served) -> None:
    """Swagger UI's static files keep the security headers but may be cached."""
    answer = request(served.port, "GET", "/docs/assets/swagger-ui.css")
    assert answer.status == 200
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "cache-control" not in answer.headers
