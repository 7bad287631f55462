"""A contact's language, detected from what they wrote in the conversation.

When the user has not set a contact's language (import, API, CLI), the bot reads the
conversation before it writes, and the person's own messages tell which of the template
locales they write in. The detector is ``py3langid`` (langid.py's maintained fork: a small
naive-Bayes model, no network), restricted to the locales we have templates for; a short
or ambiguous text tells nothing, and the default locale is used.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

# Below this many letters, a text does not tell its language reliably ("Ok", "Merci !").
MIN_LETTERS = 12
# The detector's normalised probability a locale needs among the template locales.
MIN_PROBABILITY = 0.95

_lock = threading.Lock()  # set_languages mutates the identifier


@lru_cache(maxsize=4)
def _identifier(locales: tuple[str, ...]) -> LanguageIdentifier:  # loaded on first use
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # noqa: PLC0415  (0.8 s)

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(locales))
    return identifier


def detect_locale(texts: Iterable[str], locales: Iterable[str]) -> str | None:
    """The locale (one of ``locales``) the ``texts`` are written in, or None when they are
    too short to tell or no locale is clearly ahead."""
    candidates = tuple(sorted({locale.split("-")[0].lower() for locale in locales}))
    text = "\n".join(t for t in texts if t.strip())
    if len(candidates) < 2 or sum(c.isalpha() for c in text) < MIN_LETTERS:
        return None  # nothing to choose between, or too little to tell
    with _lock:
        language, probability = _identifier(candidates).classify(text)
    return str(language) if probability >= MIN_PROBABILITY else None
