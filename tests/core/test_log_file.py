"""While the CLI shows a live display, log lines go to a private log file and only warnings
reach the terminal; selector fallbacks are details, shown at DEBUG only."""

from __future__ import annotations

import json
import logging
import stat
from pathlib import Path

import pytest
import structlog

from linkedin_bot.core.logging import configure_logging, get_logger, logs_to_file
from linkedin_bot.core.redaction import register_secret

SELECTOR_LOGGER = "linkedin_bot.linkedin.selector_engine"


@pytest.fixture(autouse=True)
def _fresh_logging(capsys: pytest.CaptureFixture[str]) -> None:
    """Logging as a CLI command configures it, writing to the captured stderr."""
    configure_logging("INFO", "json", force=True)


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_lines_go_to_the_file_and_only_warnings_to_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """During the display, an info line (structlog or stdlib) is written to the file only; a
    warning reaches both; afterwards the terminal gets every line again."""
    path = tmp_path / "logs" / "linkedin-bot.log"
    log = get_logger("linkedin_bot.test")
    with logs_to_file(path):
        log.info("run.step", contact="Zoé")
        logging.getLogger("linkedin_bot.stdlib").info("stdlib detail")
        log.warning("breaker.redis_unavailable", error="down")
    during = capsys.readouterr().err
    log.info("after.display")
    after = capsys.readouterr().err
    events = [line["event"] for line in _lines(path)]
    assert events == ["run.step", "stdlib detail", "breaker.redis_unavailable"]
    assert "run.step" not in during
    assert "stdlib detail" not in during
    assert "breaker.redis_unavailable" in during
    assert "after.display" in after
    assert "after.display" not in path.read_text(encoding="utf-8")


def test_the_log_file_is_private_and_secrets_are_masked(tmp_path: Path) -> None:
    """The file names the user's contacts: 0600 in a 0700 directory; a secret logged by
    mistake is masked there as on the terminal."""
    path = tmp_path / "logs" / "linkedin-bot.log"
    secret = "li-at-cookie-value-never-written-7"
    register_secret(secret)
    with logs_to_file(path):
        get_logger("linkedin_bot.test").info("cookie.seen", value=secret)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    text = path.read_text(encoding="utf-8")
    assert "cookie.seen" in text
    assert secret not in text


def test_an_existing_directory_keeps_its_mode(tmp_path: Path) -> None:
    """A log file put in a directory that already exists (a shared one, like the system's
    temporary directory) leaves that directory's mode alone; the file itself is 0600."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    with logs_to_file(shared / "demo.log"):
        get_logger("linkedin_bot.test").info("run.step")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE((shared / "demo.log").stat().st_mode) == 0o600


def test_verbose_shows_info_on_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With `--verbose` (terminal level INFO) the informational lines reach the terminal
    too, and the file still gets them."""
    path = tmp_path / "run.log"
    with logs_to_file(path, terminal_level=logging.INFO):
        get_logger("linkedin_bot.test").info("run.step")
    assert "run.step" in capsys.readouterr().err
    assert [line["event"] for line in _lines(path)] == ["run.step"]


def test_an_existing_file_is_appended_to(tmp_path: Path) -> None:
    """Successive runs add to the same file; earlier lines are kept."""
    path = tmp_path / "run.log"
    for event in ("first.run", "second.run"):
        with logs_to_file(path):
            get_logger("linkedin_bot.test").info(event)
    assert [line["event"] for line in _lines(path)] == ["first.run", "second.run"]


def test_selector_fallbacks_are_debug_details(capsys: pytest.CaptureFixture[str]) -> None:
    """A selector fallback (logged at info by the selector engine) does not show at the
    default level, shows at DEBUG, and shows when LINKEDIN_BOT_LOG_LEVELS asks for it."""
    get_logger(SELECTOR_LOGGER).info("selector.fallback", element="send")
    assert "selector.fallback" not in capsys.readouterr().err
    configure_logging("DEBUG", "json", force=True)
    get_logger(SELECTOR_LOGGER).info("selector.fallback", element="send")
    assert "selector.fallback" in capsys.readouterr().err
    configure_logging("INFO", "json", levels={SELECTOR_LOGGER: "INFO"}, force=True)
    get_logger(SELECTOR_LOGGER).info("selector.fallback", element="send")
    assert "selector.fallback" in capsys.readouterr().err
    structlog.reset_defaults()
    configure_logging("INFO", "json", force=True)
