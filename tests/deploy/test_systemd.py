"""The systemd unit for installs without Docker: it parses and it is hardened."""

from __future__ import annotations

import configparser
import re

from tests.deploy.conftest import SYSTEMD_UNIT

HARDENING = {
    "NoNewPrivileges": "true",
    "ProtectSystem": "strict",
    "ProtectHome": "true",
    "PrivateTmp": "true",
    "PrivateDevices": "true",
    "ProtectKernelTunables": "true",
    "ProtectKernelModules": "true",
    "ProtectControlGroups": "true",
    "RestrictSUIDSGID": "true",
}
SEND_BUDGET_S = 120  # one send (type, click, check the thread) on a slow link, with margin


def _service() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read_string(SYSTEMD_UNIT.read_text(encoding="utf-8"))
    assert {"Unit", "Service", "Install"} <= set(parser.sections())
    return parser["Service"]


def _seconds(value: str) -> int:
    match = re.fullmatch(r"(\d+)\s*(s|min)?", value)
    assert match, value
    return int(match.group(1)) * (60 if match.group(2) == "min" else 1)


def test_unit_runs_the_service_as_a_dedicated_user() -> None:
    """The unit starts `linkedin-bot serve` from the virtualenv, as its own user, with its
    settings from /etc/linkedin-bot/env, and restarts it when it fails."""
    service = _service()
    assert service["User"] not in {"root", "0"}
    assert service["WorkingDirectory"].startswith("/")
    assert service["EnvironmentFile"] == "/etc/linkedin-bot/env"
    assert service["ExecStart"].endswith("/.venv/bin/linkedin-bot serve")
    assert service["Restart"] == "on-failure"


def test_unit_is_hardened() -> None:
    """The hardening keys are set: no new privileges, read-only system, no home."""
    service = _service()
    for key, value in HARDENING.items():
        assert service.get(key) == value, key
    assert service["CapabilityBoundingSet"] == ""


def test_unit_may_write_only_its_data_directory() -> None:
    """With ProtectSystem=strict, the data directory the service uses is writable."""
    service = _service()
    # Environment= is repeated; configparser keeps only the last one, so read the text.
    data_dir = re.search(
        r"^Environment=LINKEDIN_BOT_DATA_DIR=(\S+)$", SYSTEMD_UNIT.read_text(), re.M
    )
    assert data_dir
    assert data_dir.group(1) in service["ReadWritePaths"].split()


def test_unit_fits_a_raspberry_pi_and_lets_a_send_finish() -> None:
    """Memory is capped below a Pi 4's 4 GB, and SIGTERM leaves time for a send."""
    service = _service()
    memory = re.fullmatch(r"(\d+)([MG])", service["MemoryMax"])
    assert memory
    megabytes = int(memory.group(1)) * (1024 if memory.group(2) == "G" else 1)
    assert 1024 <= megabytes <= 2048
    assert service["KillSignal"] == "SIGTERM"
    assert _seconds(service["TimeoutStopSec"]) >= SEND_BUDGET_S
