"""French texts of the sourcing pages, by their English id (see :mod:`linkedin_bot.web.i18n`)."""

from __future__ import annotations

FRENCH: dict[str, str] = {}
