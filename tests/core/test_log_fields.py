"""A log line can never be what breaks a run: context never collides with a log call's own
keywords, and no call in the package is written in the way that could."""

from __future__ import annotations

import ast
from pathlib import Path

import structlog

from linkedin_bot.core.errors import LinkedInUnreachable
from linkedin_bot.core.logging import log_fields

PACKAGE = Path(__file__).resolve().parents[2] / "linkedin_bot"
LOG_METHODS = frozenset({"debug", "info", "warning", "error", "exception", "critical", "msg"})


def test_an_error_context_holding_the_same_names_still_logs() -> None:
    """The crash of issue 12: an error whose context holds ``action`` (and ``event``) logged
    next to an explicit ``action=`` raised TypeError and ended the run; now it logs."""
    error = LinkedInUnreachable("unreachable", action="validate_session", event="x", url="u")
    with structlog.testing.capture_logs() as logs:
        structlog.get_logger("t").warning(
            "linkedin.action_failed", **log_fields(error.context, action="open feed", run_id=1)
        )
    assert logs[0]["action"] == "open feed"  # the explicit value wins
    assert logs[0]["event_"] == "x"  # a reserved name is kept, renamed
    assert logs[0]["url"] == "u"


def _risky_calls(tree: ast.AST) -> list[int]:
    """Lines of log calls that splat a mapping next to explicit keywords, or two mappings:
    either raises TypeError at the call as soon as the mapping holds one of those names."""
    lines = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in LOG_METHODS:
            continue
        splats = [k for k in node.keywords if k.arg is None]
        named = [k for k in node.keywords if k.arg is not None]
        plain_splat = [
            k
            for k in splats
            if not (
                isinstance(k.value, ast.Call)
                and isinstance(k.value.func, ast.Name)
                and k.value.func.id == "log_fields"
            )
        ]
        if plain_splat and (named or len(splats) > 1):
            lines.append(node.lineno)
    return lines


def test_no_log_call_in_the_package_can_collide() -> None:
    """Every log call that mixes a context with its own keywords builds them with
    ``log_fields`` (checked on the source, so a new call cannot bring the crash back)."""
    offenders = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := _risky_calls(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}


def test_the_checker_bites() -> None:
    """The source check finds the very call that crashed the driver."""
    bad = "log.warning('x', action=a, **error.context)\nlog.info('y', **a, **b)\n"
    good = "log.warning('x', **log_fields(error.context, action=a))\nlog.info('y', **a)\n"
    assert _risky_calls(ast.parse(bad)) == [1, 2]
    assert _risky_calls(ast.parse(good)) == []
