"""French texts of the today pages, by their English id (see :mod:`linkedin_bot.web.i18n`)."""

from __future__ import annotations

FRENCH: dict[str, str] = {
    "LinkedIn session": "Session LinkedIn",
    "saved": "enregistrée",
    "missing": "absente",
}
