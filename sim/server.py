"""Run the simulator under uvicorn in a background thread on a free local port."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from types import TracebackType

import uvicorn

from sim.app import create_app
from sim.state import SimState


def teach_uvicorn_status_999() -> None:
    """LinkedIn answers automated traffic it dislikes with HTTP 999, a code outside the
    standard range: uvicorn has no status line for it and would drop the connection."""
    from uvicorn.protocols.http import h11_impl, httptools_impl  # noqa: PLC0415

    httptools_impl.STATUS_LINE[999] = b"HTTP/1.1 999 Request denied\r\n"
    h11_impl.STATUS_PHRASES[999] = b"Request denied"


class SimServer:
    """`with SimServer(state) as sim:` (or `async with`) serves `state` at `sim.base_url`."""

    def __init__(
        self,
        state: SimState | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        startup_timeout_s: float = 10.0,
    ) -> None:
        self.state = state if state is not None else SimState.from_seed(1)
        self.host = host
        self.port = port
        self.startup_timeout_s = startup_timeout_s
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("SimServer is not running")
        return f"http://{self.host}:{self.port}"

    def start(self) -> None:
        """Bind, start serving, and wait (bounded) until uvicorn reports it has started."""
        if self._server is not None:
            raise RuntimeError("SimServer already started")
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        teach_uvicorn_status_999()
        config = uvicorn.Config(
            create_app(self.state), log_level="warning", lifespan="off", access_log=False
        )
        server = uvicorn.Server(config)
        self._server, self._socket = server, sock
        self._thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + self.startup_timeout_s
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"simulator did not start within {self.startup_timeout_s}s")
            time.sleep(0.01)

    def stop(self) -> None:
        server, thread, sock = self._server, self._thread, self._socket
        self._server = self._thread = self._socket = None
        if server is not None:
            server.should_exit = True
        if thread is not None:
            thread.join(timeout=self.startup_timeout_s)
        if sock is not None:
            sock.close()

    def __enter__(self) -> SimServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> SimServer:
        await asyncio.to_thread(self.start)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await asyncio.to_thread(self.stop)
