"""Secrets never reach the logs: known values and credential-looking text are masked."""

from __future__ import annotations

import logging

import pytest
import structlog

from linkedin_bot.core.logging import configure_logging, get_logger
from linkedin_bot.core.redaction import MASK, redact, register_secret


def test_known_values_and_patterns_are_masked() -> None:
    """A registered secret, an li_at cookie, an X-API-Key header and a URL password are
    masked wherever they appear in a text."""
    register_secret("registered-secret-value-123")
    text = (
        "key=registered-secret-value-123 cookie li_at=AQEDAR-something; "
        "X-API-Key: abcdefghijklmnop postgresql://bot:hunter2pass@db/x"
    )
    cleaned = redact(text)
    for secret in (
        "registered-secret-value-123",
        "AQEDAR-something",
        "abcdefghijklmnop",
        "hunter2pass",
    ):
        assert secret not in cleaned
    assert cleaned.count(MASK) == 4
    assert "postgresql://bot:***@db/x" in cleaned


def test_short_values_are_not_registered() -> None:
    """Values too short to be secrets are not masked (they would hide ordinary words)."""
    register_secret("abc")
    assert redact("abc def") == "abc def"


def _fail_with(secret: str) -> None:
    raise RuntimeError(f"failed with {secret}")


def test_log_lines_mask_secrets_in_events_and_tracebacks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A secret passed as an event value, inside a nested value, in a stdlib log message or
    in an exception's text never reaches the output."""
    configure_logging("INFO", "json", force=True)
    secret = "li-at-value-that-must-not-leak-42"
    register_secret(secret)
    log = get_logger("test")
    log.info("event.with.secret", cookie=secret, nested={"list": [secret]})
    logging.getLogger("uvicorn.error").warning("header was %s", secret)
    try:
        _fail_with(secret)
    except RuntimeError:
        log.exception("boom")
    out = capsys.readouterr().err
    assert "event.with.secret" in out
    assert "RuntimeError" in out
    assert secret not in out
    structlog.reset_defaults()
    configure_logging("INFO", "json", force=True)
