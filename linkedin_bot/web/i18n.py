"""The dashboard's two languages: English (the message ids themselves) and French.

The language is the ``lb_lang`` cookie when the user picked one, else the best match of the
browser's ``Accept-Language``, else English. Texts are looked up with ``t("...")`` in
templates and pages; ``%(name)s`` fields are filled after translation. Every id used is in
:data:`FRENCH` (a test reads the templates and pages to check it), so a page never shows
half its words in the other language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

LANGUAGES = ("en", "fr")
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}
LANG_COOKIE = "lb_lang"

Translate = Callable[..., str]

# The French catalog lives in its own module: it is the part translators edit.
from linkedin_bot.web.catalog import FRENCH  # noqa: E402


def _quality(part: str) -> tuple[str, float]:
    tag, _, params = part.strip().partition(";")
    quality = 1.0
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key == "q":
            try:
                quality = float(value)
            except ValueError:
                quality = 0.0
    return tag.strip().lower(), quality


def negotiate(cookie: str | None, accept_language: str | None) -> str:
    """The page's language: the cookie's when valid, else the browser's best, else English."""
    if cookie in LANGUAGES:
        return cookie
    best, best_q = "en", 0.0
    for part in (accept_language or "").split(",")[:20]:
        tag, quality = _quality(part)
        primary = tag.split("-")[0]
        if primary in LANGUAGES and quality > best_q:
            best, best_q = primary, quality
    return best


@dataclass(frozen=True)
class Translator:
    lang: str

    def __call__(self, text: str, /, **fields: object) -> str:
        translated = FRENCH.get(text, text) if self.lang == "fr" else text
        return translated % fields if fields else translated


def translator(lang: str) -> Translator:
    return Translator(lang if lang in LANGUAGES else "en")
