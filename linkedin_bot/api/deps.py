"""Request dependencies: the runtime, a database session (committed at the boundary), auth."""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader
from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.core.errors import Forbidden, Unauthorized
from linkedin_bot.wiring import Runtime

API_KEY_HEADER = "X-API-Key"
_api_key_header = APIKeyHeader(name=API_KEY_HEADER, auto_error=False)


async def get_runtime(request: Request) -> Runtime:
    """A coroutine on purpose: FastAPI runs a plain ``def`` dependency in its thread pool,
    a thread hop on every request for one attribute read."""
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def get_session(runtime: RuntimeDep) -> AsyncIterator[AsyncSession]:
    """One read session per request (the GET endpoints); committed when the handler returns,
    rolled back on error. Writes go through the services, which own their transactions.

    Closed before the answer is sent (``scope="function"``): a database that fails at that
    point still gets its proper answer (a 503), instead of an error after the answer has
    started, which can only drop the connection."""
    async with runtime.read_sessions() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        else:
            await session.commit()


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


async def require_api_key(
    runtime: RuntimeDep, key: Annotated[str | None, Security(_api_key_header)]
) -> None:
    """401 without a key, 403 with a wrong one; compared in constant time."""
    if not key:
        raise Unauthorized(f"missing {API_KEY_HEADER} header")
    expected = runtime.secrets.api_key.get_secret_value().encode()
    if not hmac.compare_digest(key.encode(), expected):
        raise Forbidden(f"invalid {API_KEY_HEADER}")
