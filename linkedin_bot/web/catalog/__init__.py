"""The French catalog, one module per group of pages (each edited on its own)."""

from __future__ import annotations

from linkedin_bot.web.catalog import fr_common, fr_contacts, fr_sourcing, fr_today


def _merged() -> dict[str, str]:
    merged: dict[str, str] = {}
    for part in (fr_common, fr_today, fr_contacts, fr_sourcing):
        for key, value in part.FRENCH.items():
            if merged.get(key, value) != value:
                raise RuntimeError(f"two French texts for {key!r}")
            merged[key] = value
    return merged


FRENCH = _merged()
