"""Mutable simulator state shared by the app, the tests and the control API."""

from __future__ import annotations

import secrets
import threading
from dataclasses import asdict, dataclass, fields
from datetime import UTC, date, datetime
from typing import Any, Literal

from sim.data import Person, generate_people
from sim.modern.classes import new_salt
from sim.modern.ids import member_id
from sim.variants import VARIANTS, Variant, parse_variant
from sim.wild import member_profile

UiLocale = Literal["en", "fr"]


@dataclass
class Faults:
    """Misbehaviours the simulator can be told to show; all off by default.

    `*_after_actions = N` means the first N actions behave and the fault applies from the
    next one on; None means "from the start".
    """

    popups: bool = False
    slow_ms: int = 0
    http_status: int | None = None
    status_after_actions: int | None = None
    checkpoint: bool = False
    checkpoint_after_actions: int | None = None
    expire_after_actions: int | None = None
    variant: Variant = "A"
    send_noop: bool = False
    composer_keeps_text: bool = False
    send_fails_status: int | None = None
    ui_locale: UiLocale | None = None
    # Press Enter to Send (no Send button): None means the variant's default, see
    # `SimState.enter_to_send`.
    enter_to_send: bool | None = None
    redirect_loop: bool = False  # every page redirects to itself: ERR_TOO_MANY_REDIRECTS
    limit_banner: bool = False  # pages answer 200 with a "weekly limit" alert
    drift: bool = False  # the catch-up page shows cards nobody can read, and no empty state
    no_prefill: bool = False  # compose links open an empty composer (no suggested greeting)
    mark_edited: bool = False  # delivered messages show "(Edited)" glued to their text

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


FAULT_NAMES = frozenset(f.name for f in fields(Faults))
__all__ = ["VARIANTS", "DeliveredMessage", "Faults", "RequestRecord", "SimState", "Variant"]


@dataclass(frozen=True)
class DeliveredMessage:
    recipient_slug: str
    recipient_name: str
    text: str
    sent_at: datetime


@dataclass(frozen=True)
class RequestRecord:
    method: str
    path: str
    status: int
    at: datetime
    query: str = ""


def _new_li_at() -> str:
    return "sim-li-at-" + secrets.token_hex(16)


class SimState:
    """Everything the simulator knows; every mutation happens under `lock`.

    `variant` is the DOM variant a fresh state (and `reset`, `clear_faults`) serves; the
    `variant` fault changes it until then. `class_salt` seeds the `sdui` variant's hashed
    class names: random by default, so they differ between two simulators (pass one to
    reproduce a run).
    """

    def __init__(
        self,
        people: list[Person] | None = None,
        *,
        today: date | None = None,
        valid_li_at: str | None = None,
        member_name: str = "Alex Martin",
        variant: str = "A",
        class_salt: str | None = None,
    ) -> None:
        self.lock = threading.Lock()
        self.today: date = today or date.today()
        self.valid_li_at: str = valid_li_at or _new_li_at()
        self.member_name = member_name
        self.default_variant: Variant = parse_variant(variant)
        self.class_salt: str = class_salt or new_salt()
        self.seed: int | None = None
        self.member: Person = member_profile(0, self.today, member_name)
        self.people: dict[str, Person] = {}
        self.faults = Faults(variant=self.default_variant)
        self.messages: list[DeliveredMessage] = []
        self.requests: list[RequestRecord] = []
        self.profile_views: list[str] = []
        self.actions = 0
        self.set_people(people or [])

    @classmethod
    def from_seed(
        cls,
        seed: int,
        *,
        today: date | None = None,
        variant: str = "A",
        class_salt: str | None = None,
        **generate_kwargs: Any,
    ) -> SimState:
        state = cls(today=today, variant=variant, class_salt=class_salt)
        state.reset(seed, **generate_kwargs)
        return state

    def reset(self, seed: int, *, today: date | None = None, **generate_kwargs: int) -> None:
        """Fresh generated people; clears messages, requests, views, actions and faults."""
        with self.lock:
            if today is not None:
                self.today = today
            people = generate_people(seed, today=self.today, **generate_kwargs)
            self.seed = seed
            self.member = member_profile(seed, self.today, self.member_name)
            self.people = {p.slug: p for p in people}
            self.faults = Faults(variant=self.default_variant)
            self.messages = []
            self.requests = []
            self.profile_views = []
            self.actions = 0

    def set_people(self, people: list[Person]) -> None:
        with self.lock:
            self.people = {p.slug: p for p in people}

    def set_faults(self, **changes: Any) -> Faults:
        """Update some faults, keeping the others; unknown names raise `TypeError`, an
        unknown variant `ValueError`."""
        unknown = set(changes) - FAULT_NAMES
        if unknown:
            raise TypeError(f"unknown faults: {sorted(unknown)}")
        if "variant" in changes:
            changes["variant"] = parse_variant(str(changes["variant"]))
        with self.lock:
            self.faults = Faults(**{**self.faults.to_dict(), **changes})
            return self.faults

    def clear_faults(self) -> None:
        with self.lock:
            self.faults = Faults(variant=self.default_variant)

    def enter_to_send(self) -> bool:
        """Whether the member uses "Press Enter to Send" (no Send button).

        The `enter_to_send` fault decides when set; otherwise only `sdui` members do, on
        odd seeds (seeded states), so both modes are met across seeds.
        """
        chosen = self.faults.enter_to_send
        if chosen is not None:
            return chosen
        return self.faults.variant == "sdui" and self.seed is not None and self.seed % 2 == 1

    def find_person(self, slug_or_member_id: str) -> Person | None:
        """A person by profile slug or by member id (`ACoAA...`), the member included."""
        with self.lock:
            people = [*self.people.values(), self.member]
        for person in people:
            if slug_or_member_id in (person.slug, member_id(person)):
                return person
        return None

    def delivered_to(self, slug: str) -> list[DeliveredMessage]:
        with self.lock:
            return [m for m in self.messages if m.recipient_slug == slug]

    def deliver(self, person: Person, text: str) -> DeliveredMessage:
        message = DeliveredMessage(person.slug, person.full_name, text, datetime.now(UTC))
        with self.lock:
            self.messages.append(message)
        return message

    def record_request(self, method: str, path: str, status: int, query: str = "") -> None:
        with self.lock:
            self.requests.append(RequestRecord(method, path, status, datetime.now(UTC), query))

    def record_profile_view(self, slug: str) -> None:
        with self.lock:
            self.profile_views.append(slug)

    def count_action(self) -> int:
        """Count one action; returns the number of actions made *before* it."""
        with self.lock:
            self.actions += 1
            return self.actions - 1

    def session_expired(self) -> bool:
        limit = self.faults.expire_after_actions
        return limit is not None and self.actions >= limit

    def connections(self) -> list[Person]:
        with self.lock:
            return [p for p in self.people.values() if p.is_connection]

    def all_people(self) -> list[Person]:
        with self.lock:
            return list(self.people.values())

    def person(self, slug: str) -> Person | None:
        with self.lock:
            return self.people.get(slug)
