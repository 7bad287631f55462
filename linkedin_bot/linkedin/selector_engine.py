"""The selector engine: learned selectors first, then the defaults, then role/label/text.

Resolving an element polls every candidate in order until one matches (bounded by a
timeout), so a page that is still loading costs one wait, not one wait per candidate.
When the winner is not the first default, the engine logs ``selector.fallback`` and
records it in the :class:`SelectorStore`: the next lookup (this run or the next) tries it
first. Learned selectors that stop working lose score. This is the self-healing that keeps
the driver alive when LinkedIn renames its classes.

Long lists are read with :meth:`SelectorEngine.extract`: one evaluation in the page reads
every item with the element's CSS candidates, instead of a few browser round trips per
item (a 1,000-card birthdays list read item by item costs minutes on a Pi). What CSS cannot
find in an item is left to the caller's item-by-item path, with the role/label/text
fallbacks.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from playwright.async_api import Locator, Page

from linkedin_bot.core.errors import ElementNotFound
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.metrics import SELECTOR_FALLBACKS
from linkedin_bot.linkedin.selectors import ElementSpec, Fallback, spec_for

# Short enough that an element appearing is noticed within a frame or two of rendering;
# each poll is one cheap count() per candidate.
POLL_INTERVAL_S = 0.05
DEFAULT_TIMEOUT_S = 10.0

Scope = Page | Locator


class SelectorStore(Protocol):
    """Where learned selectors and their track record live (``linkedin_selectors``)."""

    async def learned(self, element: str) -> list[str]:
        """The element's learned selectors, best first."""
        ...

    async def record_success(self, element: str, selector: str, source: str) -> None: ...

    async def record_failure(self, element: str, selector: str) -> None: ...


@dataclass(frozen=True)
class Resolved:
    """What a lookup found: every match of the winning selector, and which selector."""

    locator: Locator
    selector: str
    source: str  # "learned", "default" or "fallback"


@dataclass(frozen=True)
class Field:
    """One value read from each item of a list by :meth:`SelectorEngine.extract`."""

    element: str  # the element (``selectors.py``) that holds the value, inside the item
    attribute: str | None = None  # the attribute to read; None reads the element's text


# Per item and field: the first CSS candidate matching inside the item (visible ones only
# when the element asks for it) gives the value; null when none matches. A selector the
# browser rejects is skipped, as the engine skips a candidate that finds nothing.
_EXTRACT_JS = """
(items, fields) => items.map((item) => {
  const row = {};
  for (const [name, selectors, attribute, visible] of fields) {
    let value = null;
    for (const selector of selectors) {
      let matches;
      try { matches = item.querySelectorAll(selector); } catch (error) { continue; }
      const found = Array.from(matches).find((el) => !visible || el.checkVisibility());
      if (found) {
        value = attribute ? found.getAttribute(attribute) : found.innerText;
        break;
      }
    }
    row[name] = value;
  }
  return row;
})
"""


@dataclass(frozen=True)
class _Candidate:
    selector: str
    source: str
    fallback: Fallback | None = None


def _locate(scope: Scope, candidate: _Candidate) -> Locator:
    fallback = candidate.fallback
    if fallback is None:
        return scope.locator(candidate.selector)
    base: Scope = scope.locator(fallback.within) if fallback.within else scope
    pattern = re.compile(fallback.pattern, re.IGNORECASE) if fallback.pattern else None
    if fallback.kind == "role":
        role = fallback.role or "generic"
        if pattern is None:
            return base.get_by_role(role)  # type: ignore[arg-type]
        return base.get_by_role(role, name=pattern)  # type: ignore[arg-type]
    if fallback.kind == "label":
        return base.get_by_label(pattern or "")
    return base.get_by_text(pattern or "")


class SelectorEngine:
    """Finds elements on one page with learned, default and fallback selectors."""

    def __init__(self, page: Page, store: SelectorStore) -> None:
        self.page = page
        self._store = store
        self._learned: dict[str, list[str]] = {}  # per-run cache of the store
        self._recorded: set[tuple[str, str]] = set()  # successes already written this run
        self._demoted: set[tuple[str, str]] = set()  # failures already written this run

    async def _candidates(self, spec: ElementSpec) -> list[_Candidate]:
        if spec.name not in self._learned:
            self._learned[spec.name] = await self._store.learned(spec.name)
        fallbacks = {f.key: f for f in spec.fallbacks}
        seen: set[str] = set()
        result: list[_Candidate] = []
        for selector in self._learned[spec.name]:
            if selector not in seen:
                seen.add(selector)
                result.append(_Candidate(selector, "learned", fallbacks.get(selector)))
        for selector in spec.css:
            if selector not in seen:
                seen.add(selector)
                result.append(_Candidate(selector, "default"))
        for fallback in spec.fallbacks:
            if fallback.key not in seen:
                seen.add(fallback.key)
                result.append(_Candidate(fallback.key, "fallback", fallback))
        return result

    async def find(
        self, element: str, *, scope: Scope | None = None, timeout_s: float = DEFAULT_TIMEOUT_S
    ) -> Resolved | None:
        """All matches of the first candidate that matches within ``timeout_s``, else None.

        For elements that may legitimately be absent (pop-ups, an empty list): absence is
        not held against any selector.
        """
        return await self._search(spec_for(element), scope, timeout_s, required=False)

    async def require(
        self, element: str, *, scope: Scope | None = None, timeout_s: float = DEFAULT_TIMEOUT_S
    ) -> Resolved:
        """Like :meth:`find`, but raises :class:`ElementNotFound` naming element and page."""
        found = await self._search(spec_for(element), scope, timeout_s, required=True)
        if found is None:
            raise ElementNotFound(
                f"LinkedIn page element {element!r} not found by any selector",
                element=element,
                url=self.page.url,
            )
        return found

    async def extract(
        self, items: Locator, fields: dict[str, Field]
    ) -> list[dict[str, str | None]]:
        """Every item's fields in one evaluation in the page (None where CSS finds none).

        The first item is resolved through :meth:`find` first, so that a fallback winning
        there is learned and logged as for any lookup, and then tried first on every item.
        """
        if await items.count() == 0:
            return []
        first = items.first
        plan: list[tuple[str, list[str], str | None, bool]] = []
        for name, field in fields.items():
            spec = spec_for(field.element)
            await self.find(field.element, scope=first, timeout_s=0)
            css = [c.selector for c in await self._candidates(spec) if c.fallback is None]
            plan.append((name, css, field.attribute, spec.visible))
        rows: list[dict[str, str | None]] = await items.evaluate_all(_EXTRACT_JS, plan)
        return rows

    async def _search(
        self, spec: ElementSpec, scope: Scope | None, timeout_s: float, *, required: bool
    ) -> Resolved | None:
        where = scope if scope is not None else self.page
        candidates = await self._candidates(spec)
        deadline = time.monotonic() + timeout_s
        while True:
            index = await self._first_match(spec, where, candidates)
            if index is not None and index > 0:
                # The page may have changed between two counts (an element appearing while
                # the candidates were tried): look again at the ones before the winner, so
                # that a race does not teach a worse selector.
                earlier = await self._first_match(spec, where, candidates[:index])
                index = index if earlier is None else earlier
            if index is not None:
                winner = candidates[index]
                await self._learn(spec, candidates[:index], winner)
                return Resolved(self._visible(spec, where, winner), winner.selector, winner.source)
            if time.monotonic() >= deadline:
                break
            await asyncio.sleep(POLL_INTERVAL_S)
        if required:
            await self._demote(spec.name, [c for c in candidates if c.source == "learned"])
        return None

    @staticmethod
    def _visible(spec: ElementSpec, where: Scope, candidate: _Candidate) -> Locator:
        locator = _locate(where, candidate)
        return locator.filter(visible=True) if spec.visible else locator

    async def _first_match(
        self, spec: ElementSpec, where: Scope, candidates: Sequence[_Candidate]
    ) -> int | None:
        for index, candidate in enumerate(candidates):
            if await self._visible(spec, where, candidate).count() > 0:
                return index
        return None

    async def _learn(
        self, spec: ElementSpec, missed: Sequence[_Candidate], winner: _Candidate
    ) -> None:
        """Score the winner up (unless it is the usual first default), learned misses down."""
        await self._demote(spec.name, [c for c in missed if c.source == "learned"])
        if winner.source == "default" and spec.css and winner.selector == spec.css[0]:
            return
        if winner.source != "learned":
            # A fresh logger per event (they are rare): a reconfigured structlog, e.g. a
            # test capturing logs, sees it even after the module's logger was cached.
            SELECTOR_FALLBACKS.labels(spec.name).inc()
            get_logger(__name__).info(
                "selector.fallback",
                element=spec.name,
                selector=winner.selector,
                source=winner.source,
                url=self.page.url,
            )
        key = (spec.name, winner.selector)
        if key in self._recorded:
            return
        self._recorded.add(key)  # one write per selector and run, however many lookups
        self._demoted.discard(key)
        await self._store.record_success(spec.name, winner.selector, winner.source)
        learned = self._learned.setdefault(spec.name, [])
        if winner.selector in learned:
            learned.remove(winner.selector)
        learned.insert(0, winner.selector)

    async def _demote(self, element: str, failed: Sequence[_Candidate]) -> None:
        """A learned selector that missed: score it down once, stop trying it first."""
        learned = self._learned.get(element, [])
        for candidate in failed:
            key = (element, candidate.selector)
            if candidate.selector in learned:
                learned.remove(candidate.selector)
            if key in self._demoted:
                continue
            self._demoted.add(key)
            self._recorded.discard(key)
            await self._store.record_failure(element, candidate.selector)


class MemorySelectorStore:
    """A store that keeps everything in memory: for tests and one-off tools."""

    def __init__(self) -> None:
        self.scores: dict[tuple[str, str], float] = {}
        self.sources: dict[tuple[str, str], str] = {}

    async def learned(self, element: str) -> list[str]:
        rows = [(s, sel) for (el, sel), s in self.scores.items() if el == element and s > 0]
        return [sel for _s, sel in sorted(rows, key=lambda row: -row[0])]

    async def record_success(self, element: str, selector: str, source: str) -> None:
        key = (element, selector)
        self.scores[key] = self.scores.get(key, 0.0) + 1.0
        self.sources.setdefault(key, source)

    async def record_failure(self, element: str, selector: str) -> None:
        key = (element, selector)
        self.scores[key] = self.scores.get(key, 0.0) / 2 - 1.0
