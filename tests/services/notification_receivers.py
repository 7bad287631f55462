"""Local receivers for notifications, speaking the real protocols: an SMTP server
(aiosmtpd, with AUTH), an HTTP endpoint for webhooks, a port that accepts connections and
never answers, and a port where nothing listens."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.processes import free_port, wait_for

SMTP_USER = "bot"
SMTP_PASSWORD = "smtp-Pa55word-9f3k"  # the secret of the mailto:// URL
HOOK_PASSWORD = "hook-Pa55word-7c1q"  # the secret of the json:// URL
# aiosmtpd 1.4 warns about its own deprecated attribute on every successful AUTH.
AIOSMTPD_WARNING = "ignore:Session.login_data is deprecated:DeprecationWarning"


@dataclass
class Mailbox:
    """What the SMTP server received: raw messages and who authenticated."""

    raw: list[str] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    port: int = 0

    def url(self, **query: str) -> str:
        params = {"mode": "insecure", "from": "bot@example.org", "to": "me@example.org"}
        params.update(query)
        args = "&".join(f"{k}={v}" for k, v in params.items())
        return f"mailto://{SMTP_USER}:{SMTP_PASSWORD}@127.0.0.1:{self.port}?{args}"

    def messages(self) -> list[EmailMessage]:
        parsed = []
        for raw in self.raw:
            message = email.message_from_string(raw, policy=email.policy.default)
            assert isinstance(message, EmailMessage)
            parsed.append(message)
        return parsed

    def texts(self) -> list[str]:
        """Each message's subject and decoded text body."""
        out = []
        for message in self.messages():
            body = message.get_body(preferencelist=("plain",))
            assert body is not None
            out.append(f"{message['Subject']}\n{body.get_content()}")
        return out


class _Handler:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.content
        self.box.raw.append(content.decode() if isinstance(content, bytes) else str(content))
        return "250 OK"


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    """An SMTP server on 127.0.0.1 that requires AUTH (LOGIN/PLAIN, without TLS)."""
    box = Mailbox(port=free_port())

    def authenticate(
        server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        box.logins.append((data.login.decode(), data.password.decode()))
        ok = (data.login.decode(), data.password.decode()) == (SMTP_USER, SMTP_PASSWORD)
        return AuthResult(success=ok, handled=False)

    controller = Controller(
        _Handler(box),
        hostname="127.0.0.1",
        port=box.port,
        authenticator=authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@dataclass
class Hook:
    """What the HTTP endpoint received: one dict per request (path, headers, JSON body)."""

    port: int = 0
    status: int = 200
    requests: list[dict[str, Any]] = field(default_factory=list)

    def url(self, path: str = "hook") -> str:
        return f"json://bot:{HOOK_PASSWORD}@127.0.0.1:{self.port}/{path}"

    def bodies(self) -> list[str]:
        return [str(r["raw"]) for r in self.requests]


@contextmanager
def http_hook(status: int = 200) -> Iterator[Hook]:
    """An HTTP server taking POSTs (a webhook), answering ``status``."""
    hook = Hook(status=status)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length).decode()
            hook.requests.append(
                {"path": self.path, "headers": dict(self.headers), "raw": raw, "json": _json(raw)}
            )
            self.send_response(hook.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    hook.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        server.shutdown()
        server.server_close()


def _json(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return None


@dataclass
class BlackHole:
    """A port that accepts connections and never answers them; with ``trickle``, it
    starts an HTTP answer and then sends one byte of header every 0.2 s, forever: each
    read gets data in time, so no socket timeout ever fires."""

    port: int
    trickle: bool = False
    accepted: threading.Event = field(default_factory=threading.Event)

    def url(self) -> str:
        return f"json://127.0.0.1:{self.port}/silent"


def _trickle(conn: socket.socket, stop: threading.Event) -> None:
    try:
        conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        while not stop.wait(0.2):
            conn.sendall(b"a")
    except OSError:
        return


@contextmanager
def black_hole(*, trickle: bool = False) -> Iterator[BlackHole]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    hole = BlackHole(int(listener.getsockname()[1]), trickle)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(conn)
            hole.accepted.set()
            if trickle:
                threading.Thread(target=_trickle, args=(conn, stop), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield hole
    finally:
        stop.set()
        thread.join(timeout=5)
        for conn in held:
            conn.close()
        listener.close()


def refused_url() -> str:
    """A webhook URL on a port where nothing listens: the connection is refused."""
    return f"json://127.0.0.1:{free_port()}/nobody"


def wait_received(what: list[Any], count: int, timeout: float = 30) -> None:
    wait_for(lambda: len(what) >= count, timeout, f"{count} notification(s) received")
