"""HTTP/1.1 over a plain socket, for what a high-level client hides: chunked bodies sent as
chunks, oversized headers, several requests on one connection, whether the server closed
it. h11 (the protocol library uvicorn uses) parses the answers."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import h11

READ_TIMEOUT_S = 30.0


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class RawConnection:
    """One TCP connection to ``127.0.0.1:port``, speaking HTTP/1.1 through h11."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=READ_TIMEOUT_S)
        self.http = h11.Connection(h11.CLIENT)

    def __enter__(self) -> RawConnection:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.sock.close()

    def send(
        self,
        method: str,
        target: str,
        headers: Iterable[tuple[str, str]] = (),
        chunks: Iterable[bytes] | None = None,
        body: bytes | None = None,
    ) -> None:
        """A request; ``chunks`` are sent with chunked transfer encoding, ``body`` with a
        Content-Length (unless ``headers`` already announce one: then it is not sent)."""
        names = [("Host", "127.0.0.1"), *headers]
        announced = any(name.lower() == "content-length" for name, _ in names)
        if chunks is not None:
            names.append(("Transfer-Encoding", "chunked"))
        elif body is not None and not announced:
            names.append(("Content-Length", str(len(body))))
        self.sock.sendall(self.http.send(h11.Request(method=method, target=target, headers=names)))
        if announced:
            return  # the answer is expected before the body
        for chunk in chunks or ([body] if body else []):
            self.sock.sendall(self.http.send(h11.Data(data=chunk)))
        self.sock.sendall(self.http.send(h11.EndOfMessage()))

    def answer(self) -> Answer:
        response: h11.Response | None = None
        body = b""
        while True:
            event = self.http.next_event()
            if event is h11.NEED_DATA:
                self.http.receive_data(self.sock.recv(65536))
            elif isinstance(event, h11.Response):
                response = event
            elif isinstance(event, h11.Data):
                body += bytes(event.data)
            elif isinstance(event, h11.EndOfMessage):
                break
            elif isinstance(event, h11.ConnectionClosed):
                raise ConnectionError("closed before the end of the answer")
        assert response is not None
        headers = {k.decode().lower(): v.decode() for k, v in response.headers}
        return Answer(response.status_code, headers, body)

    def next_cycle(self) -> None:
        """Ready for the next request on the same connection (keep-alive)."""
        self.http.start_next_cycle()

    def closed_by_server(self) -> bool:
        """Whether the server has closed the connection (EOF, or a reset of it)."""
        try:
            return self.sock.recv(1) == b""
        except ConnectionResetError:
            return True


def request(port: int, method: str, target: str, **kwargs: Any) -> Answer:
    with RawConnection(port) as conn:
        conn.send(method, target, **kwargs)
        return conn.answer()
