"""Authentication and the JSON error shape: never HTML, never a traceback."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, Request

from tests.api.conftest import Api


@pytest.mark.parametrize("path", ["/contacts", "/contacts/1", "/interactions"])
async def test_missing_key_is_401_json(api: Api, path: str) -> None:
    """Without X-API-Key, data endpoints answer 401 with a JSON error."""
    response = await api.anonymous.get(path)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"error": "unauthorized", "detail": "missing X-API-Key header"}


async def test_wrong_key_is_403(api: Api) -> None:
    """A wrong key is refused with 403, and the response does not echo either key."""
    response = await api.anonymous.get("/contacts", headers={"X-API-Key": "wrong-key-123"})
    assert response.status_code == 403
    assert "wrong-key-123" not in response.text
    assert api.runtime.secrets.api_key.get_secret_value() not in response.text


async def test_metrics_is_open_by_default_and_closed_by_setting(api: Api) -> None:
    """/metrics needs no key by default; with metrics_require_api_key it needs one."""
    assert (await api.anonymous.get("/metrics")).status_code == 200
    from linkedin_bot.api.app import create_app  # noqa: PLC0415

    closed = create_app(api.settings.model_copy(update={"metrics_require_api_key": True}))
    import httpx  # noqa: PLC0415

    async with closed.router.lifespan_context(closed):
        transport = httpx.ASGITransport(app=closed)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert (await client.get("/metrics")).status_code == 401


async def test_unknown_route_is_json_404(api: Api) -> None:
    """An unknown path answers a JSON 404, not an HTML page."""
    response = await api.client.get("/no/such/page")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


async def test_wrong_method_is_json_405(api: Api) -> None:
    """A wrong method answers a JSON 405."""
    response = await api.client.delete("/contacts")
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"


async def test_body_over_the_limit_is_413(api: Api) -> None:
    """A request body larger than the limit is refused with a JSON 413, announced or not."""
    router = APIRouter()

    @router.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"size": len(await request.body())}

    api.app.include_router(router)
    too_big = b"x" * (api.settings.max_request_body_bytes + 1)
    response = await api.client.post("/contacts", content=too_big)
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"

    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(3):
            yield b"y" * (api.settings.max_request_body_bytes // 2)

    streamed = await api.client.post("/echo", content=chunks())
    assert (await api.client.post("/echo", content=b"ok")).json() == {"size": 2}
    assert streamed.status_code == 413


async def test_unexpected_error_is_a_json_500_without_traceback(api: Api) -> None:
    """A bug inside a handler gives a JSON 500 that shows no traceback or exception text."""
    router = APIRouter()

    @router.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals /etc/passwd")

    api.app.include_router(router)
    response = await api.client.get("/boom")
    assert response.status_code == 500
    assert response.json()["error"] == "internal_error"
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text


async def test_request_id_is_returned_and_accepted(api: Api) -> None:
    """Every response carries X-Request-ID; a sane incoming one is kept, a bad one replaced."""
    generated = await api.client.get("/health")
    assert len(generated.headers["x-request-id"]) == 32
    kept = await api.client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert kept.headers["x-request-id"] == "abc-123"
    replaced = await api.client.get("/health", headers={"X-Request-ID": "bad id\twith space"})
    assert replaced.headers["x-request-id"] != "bad id\twith space"


async def test_docs_work_offline(api: Api) -> None:
    """/docs loads Swagger UI from our own server only, and its assets are served."""
    page = await api.anonymous.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower()
    assert "https://" not in page.text
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f"/docs/assets/{asset}" in page.text
        served = await api.anonymous.get(f"/docs/assets/{asset}")
        assert served.status_code == 200
        assert len(served.content) > 10_000
    schema = await api.anonymous.get("/openapi.json")
    assert "/contacts" in schema.json()["paths"]
