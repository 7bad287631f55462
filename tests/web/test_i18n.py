"""The dashboard in French is wholly French: every text a page shows has its translation,
and the language is picked as a person expects."""

from __future__ import annotations

import re
from pathlib import Path

from linkedin_bot.web.catalog import FRENCH
from linkedin_bot.web.i18n import negotiate, translator

WEB = Path(__file__).resolve().parents[2] / "linkedin_bot" / "web"
# t('...') / t("...") in templates and in the pages' Python (literal ids only).
CALL = re.compile(r"""\bt\(\s*(?P<q>['"])(?P<text>(?:(?!(?P=q)).)+)(?P=q)""", re.DOTALL)
# Adjacent Python string literals make one id: t("a " "b").
PY_CALL = re.compile(r"""\bt\(\s*((?:"[^"\n]*"\s*)+)""")


def _ids() -> set[str]:
    found: set[str] = set()
    for path in (WEB / "templates").rglob("*.html"):
        found.update(m.group("text") for m in CALL.finditer(path.read_text()))
    for path in WEB.rglob("*.py"):
        for match in PY_CALL.finditer(path.read_text()):
            found.add("".join(re.findall(r'"([^"\n]*)"', match.group(1))))
    found.discard("...")  # the docs' example
    return found


def test_every_text_of_the_pages_has_a_french_translation() -> None:
    """No English words left on a French page: each t("...") id is in the catalog, and
    each translation keeps the id's %(fields)s."""
    ids = _ids()
    assert len(ids) > 15
    missing = sorted(text for text in ids if text not in FRENCH)
    assert not missing, missing
    for text in ids:
        fields = set(re.findall(r"%\((\w+)\)s", text))
        assert set(re.findall(r"%\((\w+)\)s", FRENCH[text])) == fields, text


def test_the_language_is_the_choice_then_the_browser_then_english() -> None:
    """A chosen language wins; otherwise the browser's preferred one we have; otherwise
    English."""
    assert negotiate("fr", "en-US,en;q=0.9") == "fr"
    assert negotiate(None, "de-DE,fr;q=0.8,en;q=0.5") == "fr"
    assert negotiate(None, "fr-CA;q=0.3,en;q=0.9") == "en"
    assert negotiate("xx", "de") == "en"
    assert negotiate(None, None) == "en"
    assert (
        translator("fr")("Too many failed attempts: try again in %(minutes)s minutes.", minutes=3)
        == "Trop de tentatives manquées : réessayez dans 3 minutes."
    )
