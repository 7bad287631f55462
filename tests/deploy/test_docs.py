"""The operator documentation names only settings that exist, and its links resolve."""

from __future__ import annotations

import re
from pathlib import Path

from linkedin_bot.core.settings import ENV_PREFIX, Settings
from tests.deploy.conftest import COMPOSE, DEPLOY, DOCKERFILE, ROOT

DOCS = ROOT / "docs"
REQUIRED_DOCS = {
    "architecture.md",
    "api.md",
    "database.md",
    "deployment.md",
    "monitoring.md",
    "testing.md",
    "production-checklist.md",
}
# Read by the test suite, not by the service (tests/conftest.py, tests/safety/).
TEST_ONLY_VARIABLES = {"LINKEDIN_BOT_TEST_POSTGRES_URL", "LINKEDIN_BOT_TEST_REDIS_URL"}
_VARIABLE = re.compile(rf"\b{ENV_PREFIX}[A-Z0-9_]*[A-Z0-9]")
_LINK = re.compile(r"\]\(([^)#\s]+\.md)(#[^)]*)?\)")


def _operator_files() -> list[Path]:
    deploy_files = [p for p in DEPLOY.rglob("*") if p.is_file()]
    return [*sorted(DOCS.glob("*.md")), DOCKERFILE, COMPOSE, *deploy_files]


def unknown_variables(text: str) -> set[str]:
    """The LINKEDIN_BOT_ variables of ``text`` that no setting reads."""
    known = {ENV_PREFIX + name.upper() for name in Settings.model_fields} | TEST_ONLY_VARIABLES
    return {name for name in _VARIABLE.findall(text) if name not in known}


def test_every_document_exists() -> None:
    """The seven documents of the deployment issue are there."""
    assert {p.name for p in DOCS.glob("*.md")} >= REQUIRED_DOCS


def test_documented_settings_exist() -> None:
    """Every LINKEDIN_BOT_ variable named in docs/ and deploy files is a real setting."""
    unknown = {
        (path.relative_to(ROOT).as_posix(), name)
        for path in _operator_files()
        for name in unknown_variables(path.read_text(encoding="utf-8"))
    }
    assert unknown == set()


def test_the_settings_check_bites() -> None:
    """An invented variable is reported; real ones, in any punctuation, are not."""
    text = "set `LINKEDIN_BOT_TIMEZONE=UTC`, LINKEDIN_BOT_MIN_DELAY_S and LINKEDIN_BOT_RETRIES=3."
    assert unknown_variables(text) == {"LINKEDIN_BOT_RETRIES"}


def test_links_between_documents_resolve() -> None:
    """Relative links to other documents point to files that exist."""
    for path in DOCS.glob("*.md"):
        for target, _anchor in _LINK.findall(path.read_text(encoding="utf-8")):
            if "://" not in target:
                assert (path.parent / target).exists(), (path.name, target)
