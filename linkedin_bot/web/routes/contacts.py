"""Contacts: the list (``/people``: ``/contacts`` is the JSON API's) with the API's
accent-insensitive search and filters, paged by keyset; a contact's page with its history,
and the forms that block, unblock or set the language of their messages (what
``PATCH /contacts/{id}`` does, through the same service)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from fastapi import Request, Response

from linkedin_bot.core.errors import ContactNotFound, InvalidInput
from linkedin_bot.db.enums import ContactStatus
from linkedin_bot.db.ids import in_id_range
from linkedin_bot.db.pagination import DEFAULT_LIMIT
from linkedin_bot.db.queries.contacts import (
    NO_LOCALE,
    ContactFilters,
    get_contact,
    list_contacts,
)
from linkedin_bot.db.queries.contacts_birthdays import BirthdayWindow
from linkedin_bot.db.queries.contacts_search import query_terms
from linkedin_bot.services.contact_edits import ContactRef, edit_contact
from linkedin_bot.web.i18n import Translator
from linkedin_bot.web.pages import (
    FormDep,
    Viewer,
    ViewerDep,
    dashboard_router,
    not_found,
    redirect,
    render,
)
from linkedin_bot.web.pages import field as form_field
from linkedin_bot.web.routes.contacts_history import contact_history, month_day
from linkedin_bot.web.routes.templates import template_locales

router = dashboard_router()

MAX_QUERY_CHARS = 100
AUTO = "auto"  # the language form's "detect it / the default" choice
BIRTHDAY_CHOICES = ("known", "unknown", "7", "30")
YES_NO = ("yes", "no")


@dataclass
class ListForm:
    """The list's filters as the page's GET form sends them, checked."""

    values: dict[str, str]
    filters: ContactFilters = field(default_factory=ContactFilters)
    errors: dict[str, str] = field(default_factory=dict)
    cursor: str | None = None

    @property
    def active(self) -> bool:
        return any(self.values.values())

    def query(self, **more: str) -> str:
        """This list's query string (for the next page link)."""
        pairs = {k: v for k, v in self.values.items() if v}
        pairs.update(more)
        return urlencode(pairs)


def _search(form: ListForm, t: Translator) -> str | None:
    q = form.values["q"]
    if not q:
        return None
    if len(q) > MAX_QUERY_CHARS:
        form.errors["q"] = t("At most %(count)s characters.", count=MAX_QUERY_CHARS)
        return None
    try:
        query_terms(q)
    except InvalidInput:
        form.errors["q"] = t("Type a letter or a digit to search for.")
        return None
    return q


def _choice(form: ListForm, t: Translator, name: str, allowed: tuple[str, ...]) -> str | None:
    """The value chosen for ``name`` if it is one of ``allowed``; an error when it is not."""
    value = form.values[name]
    if not value:
        return None
    if value not in allowed:
        form.errors[name] = t("Not one of the choices.")
        return None
    return value


def _min_fit(form: ListForm, t: Translator) -> float | None:
    raw = form.values["min_fit"]
    if not raw:
        return None
    try:
        score = float(raw.replace(",", "."))
    except ValueError:
        score = -1.0
    if not 0 <= score <= 100:  # also NaN
        form.errors["min_fit"] = t("A number from 0 to 100.")
        return None
    return score


def _list_form(request: Request, who: Viewer) -> ListForm:
    params = request.query_params
    names = ("q", "status", "blocked", "birthday", "locale", "min_fit")
    form = ListForm({name: (params.get(name) or "").strip() for name in names})
    t = who.t
    changes: dict[str, Any] = {
        "q": _search(form, t),
        "status": _choice(form, t, "status", tuple(s.value for s in ContactStatus)),
        "min_fit_score": _min_fit(form, t),
    }
    blocked = _choice(form, t, "blocked", YES_NO)
    if blocked is not None:
        changes["blacklisted"] = blocked == "yes"
    birthday = _choice(form, t, "birthday", BIRTHDAY_CHOICES)
    if birthday in ("known", "unknown"):
        changes["has_birthday"] = birthday == "known"
    elif birthday is not None:
        today = who.runtime.clock.now().astimezone(who.runtime.settings.tz).date()
        changes["birthday_window"] = BirthdayWindow(today, int(birthday))
    locale = _choice(form, t, "locale", (*template_locales(who), AUTO))
    if locale is not None:
        changes["locale"] = NO_LOCALE if locale == AUTO else locale
    form.filters = ContactFilters(**changes)
    form.cursor = params.get("cursor") or None
    return form


@router.get("/people")
async def people(request: Request, who: ViewerDep) -> Response:
    form = _list_form(request, who)
    items: list[Any] = []
    next_cursor = None
    if not form.errors:
        try:
            async with who.runtime.read_sessions() as session:
                page = await list_contacts(
                    session, form.filters, limit=DEFAULT_LIMIT, cursor=form.cursor
                )
            items, next_cursor = list(page.items), page.next_cursor
        except InvalidInput as exc:
            if exc.context.get("field") != "cursor":
                raise
            form.errors["cursor"] = who.t(
                "This page link is no longer valid: start again from the first page."
            )
    return render(
        request,
        "people.html",
        who=who,
        active="contacts",
        title="Contacts",
        status_code=422 if form.errors else 200,
        form=form,
        items=items,
        next_cursor=next_cursor,
        statuses=[s.value for s in ContactStatus],
        locales=template_locales(who),
        month_day=month_day,
    )


def _contact_id(raw: str) -> int | None:
    if not raw.isdigit() or len(raw) > 19:
        return None
    number = int(raw)
    return number if in_id_range(number) else None


DONE = {"blocked", "unblocked", "language"}


def _done_message(t: Translator, done: str) -> str | None:
    if done == "blocked":
        return t("Blocked: no campaign will message or visit this person.")
    if done == "unblocked":
        return t("Unblocked: campaigns may message this person again.")
    if done == "language":
        return t("Language saved: their next messages use it.")
    return None


async def _person_page(
    request: Request,
    who: Viewer,
    raw_id: str,
    *,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    contact_id = _contact_id(raw_id)
    if contact_id is None:
        return not_found(request, who, who.t("No contact with this number."))
    async with who.runtime.read_sessions() as session:
        contact = await get_contact(session, contact_id)
        if contact is None:
            return not_found(request, who, who.t("No contact with this number."))
        history = await contact_history(
            session, who, contact_id, request.query_params.get("cursor") or None
        )
    locales = template_locales(who)
    flashes = []
    done = _done_message(who.t, request.query_params.get("done", ""))
    if done is not None and not errors:
        flashes.append(("ok", done))
    return render(
        request,
        "person.html",
        who=who,
        active="contacts",
        title="Contact",
        status_code=status_code,
        contact=contact,
        history=history,
        errors=errors or {},
        locales=locales,
        preview_locale=contact.locale
        if contact.locale in locales
        else who.runtime.settings.default_locale,
        auto=AUTO,
        flashes=flashes,
        month_day=month_day,
    )


@router.get("/people/{contact_id}")
async def person(request: Request, who: ViewerDep, contact_id: str) -> Response:
    return await _person_page(request, who, contact_id)


async def _edit(
    request: Request, who: Viewer, raw_id: str, changes: dict[str, Any], done: str
) -> Response:
    contact_id = _contact_id(raw_id)
    if contact_id is None:
        return not_found(request, who, who.t("No contact with this number."))
    try:
        await edit_contact(
            who.runtime.sessions,
            ContactRef(contact_id=contact_id),
            changes,
            locales=template_locales(who),
        )
    except ContactNotFound:
        return not_found(request, who, who.t("No contact with this number."))
    except InvalidInput:
        message = who.t("Choose one of the languages offered.")
        return await _person_page(request, who, raw_id, errors={"locale": message}, status_code=422)
    return redirect(f"/people/{contact_id}?done={done}")


@router.post("/people/{contact_id}/block")
async def block(request: Request, who: ViewerDep, _form: FormDep, contact_id: str) -> Response:
    return await _edit(request, who, contact_id, {"blacklisted": True}, "blocked")


@router.post("/people/{contact_id}/unblock")
async def unblock(request: Request, who: ViewerDep, _form: FormDep, contact_id: str) -> Response:
    return await _edit(request, who, contact_id, {"blacklisted": False}, "unblocked")


@router.post("/people/{contact_id}/language")
async def language(request: Request, who: ViewerDep, form: FormDep, contact_id: str) -> Response:
    chosen = form_field(form, "locale")
    if chosen != AUTO and chosen not in template_locales(who):
        message = who.t("Choose one of the languages offered.")
        return await _person_page(
            request, who, contact_id, errors={"locale": message}, status_code=422
        )
    value = None if chosen == AUTO else chosen
    return await _edit(request, who, contact_id, {"locale": value}, "language")
