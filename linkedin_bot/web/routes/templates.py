"""Templates: the message templates per occasion and language with where each set comes
from; a set's editor (checked on save, saved atomically where the user's templates live);
a preview of each text for a chosen contact's name.

The editor is one POST form: its buttons find a contact, preview the drafts or save them,
so the drafts are never lost on the way and the CSRF token never goes in a URL. app.js
posts the same form to ``.../preview`` as the person types and puts the answer (the
preview's HTML, rendered here) in place: the page works without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import Request, Response
from starlette.datastructures import FormData

from linkedin_bot.core.errors import ConfigurationError, InvalidInput
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.names import clean_display_name, greeting_name
from linkedin_bot.db.queries.contacts import ContactFilters, get_contact, list_contacts
from linkedin_bot.db.queries.contacts_search import query_terms
from linkedin_bot.services.messages import (
    KINDS,
    MAX_MESSAGE_CHARS,
    MessageTemplate,
    TemplateBook,
    TemplateKind,
)
from linkedin_bot.services.messages import (
    render as render_message,
)
from linkedin_bot.services.template_files import (
    SAMPLE_VALUES,
    Draft,
    TemplateFiles,
    TemplateSet,
    TemplatesRefused,
    TextProblem,
    check_text,
    find_set,
    restore_packaged,
    save_set,
    template_sets,
    templates_folder,
)
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

log = get_logger("linkedin_bot.web")
router = dashboard_router()

MAX_TEXTS = 30  # texts in one set (a form field each)
MATCHES = 8  # contacts listed by the preview's search
EXAMPLE_NAME = "Jean Dupont"


# --- The templates the service uses -------------------------------------------------------


def template_files(who: Viewer) -> TemplateFiles:
    files = who.runtime.campaigns.template_files
    return files if files is not None else TemplateFiles(who.runtime.settings)


def template_locales(who: Viewer) -> tuple[str, ...]:
    """The languages a contact's messages may be in (those with templates)."""
    try:
        return template_files(who).current().locales
    except ConfigurationError:  # a file broken by hand: what the service loaded last
        return who.runtime.campaigns.templates.locales


def kind_label(t: Translator, kind: str) -> str:
    labels = {
        "birthday": t("Birthday"),
        "late": t("Late birthday"),
        "work_anniversary": t("Work anniversary"),
        "new_job": t("New job"),
    }
    return labels.get(kind, kind)


def locale_label(t: Translator, locale: str) -> str:
    labels = {"en": t("English"), "fr": t("French")}
    return labels.get(locale, locale)


def _labels(t: Translator) -> dict[str, Any]:
    return {
        "kind_label": lambda kind: kind_label(t, kind),
        "locale_label": lambda locale: locale_label(t, locale),
    }


@router.get("/templates")
async def templates_list(request: Request, who: ViewerDep) -> Response:
    settings = who.runtime.settings
    error = None
    sets: list[TemplateSet] = []
    try:
        sets = template_sets(template_files(who).current())
    except ConfigurationError as exc:
        error = who.t(
            "Your templates cannot be read, so no run starts until the file is fixed: %(detail)s",
            detail=exc.detail,
        )
    return render(
        request,
        "templates.html",
        who=who,
        active="templates",
        title="Templates",
        status_code=200,
        sets=sets,
        folder=str(templates_folder(settings)),
        from_setting=settings.templates_dir is not None,
        flashes=[("error", error)] if error else [],
        **_labels(who.t),
    )


# --- The editor ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: int | None  # None: the example name
    name: str


@dataclass(frozen=True)
class PreviewRow:
    number: int
    text: str | None
    problem: str | None


@dataclass
class Editor:
    set: TemplateSet
    drafts: list[Draft]
    problems: dict[int, str] = field(default_factory=dict)
    form_error: str | None = None
    person: Person = field(default_factory=lambda: Person(None, EXAMPLE_NAME))
    search: str = ""
    search_error: str | None = None
    matches: list[Person] | None = None
    previews: list[PreviewRow] = field(default_factory=list)
    name_problem: str | None = None


def problem_text(t: Translator, problem: TextProblem, kind: TemplateKind) -> str:
    if problem.code == "empty":
        return t("This text is empty.")
    if problem.code == "unstorable":
        return t("This text holds a character that cannot be stored.")
    if problem.code == "braces":
        return t(
            "A { or } without its pair: variables are written {first_name}, and a message "
            "cannot hold a brace."
        )
    if problem.code == "unknown_variable":
        allowed = ", ".join(f"{{{name}}}" for name in sorted(_variables(kind)))
        return t(
            "%(name)s is not a variable of this occasion; use %(allowed)s.",
            name=problem.name,
            allowed=allowed,
        )
    return t(
        "%(length)s characters: a LinkedIn message holds at most %(max)s.",
        length=problem.length,
        max=MAX_MESSAGE_CHARS,
    )


def _variables(kind: TemplateKind) -> frozenset[str]:
    from linkedin_bot.services.messages import KIND_VARIABLES  # noqa: PLC0415

    return KIND_VARIABLES[kind]


def _set_or_none(who: Viewer, kind: str, locale: str) -> tuple[TemplateBook, TemplateSet] | None:
    if kind not in KINDS:
        return None
    book = template_files(who).current()
    found = find_set(book, kind, locale)
    return (book, found) if found is not None else None


def _drafts(form: FormData) -> list[Draft]:
    """The texts posted, in order, with the id each had ("" for a new one)."""
    ids = [v if isinstance(v, str) else "" for v in form.getlist("template_id")]
    texts = [v if isinstance(v, str) else "" for v in form.getlist("text")][:MAX_TEXTS]
    ids += [""] * (len(texts) - len(ids))
    return [
        Draft(i.strip() or None, text.replace("\r\n", "\n").replace("\r", "\n"))
        for i, text in zip(ids, texts, strict=False)
    ]


def _preview_values(person: Person, contact: Any) -> dict[str, str] | None:
    first = greeting_name(person.name)
    if first is None:
        return None
    values = dict(SAMPLE_VALUES, first_name=first, name=clean_display_name(person.name))
    if contact is not None:
        company = contact.company or contact.current_company
        if company:
            values["company"] = company
        if contact.position:
            values["title"] = contact.position
    return values


def _previews(t: Translator, editor: Editor, values: dict[str, str] | None) -> list[PreviewRow]:
    rows = []
    kind, locale = editor.set.kind, editor.set.locale
    for number, draft in enumerate(editor.drafts, start=1):
        if not draft.text.strip():
            continue
        problem = check_text(kind, draft.text)
        if problem is not None:
            rows.append(PreviewRow(number, None, problem_text(t, problem, kind)))
            continue
        if values is None:
            continue
        template = MessageTemplate(draft.template_id or "draft", kind, locale, draft.text.strip())
        try:
            rows.append(PreviewRow(number, render_message(template, **values), None))
        except InvalidInput:  # a value the contact lacks: the sample's stands in
            rows.append(PreviewRow(number, None, t("This text cannot be written for them.")))
    return rows


async def _person(who: Viewer, raw: str) -> tuple[Person, Any]:
    if raw.isdigit() and len(raw) <= 18:
        async with who.runtime.read_sessions() as session:
            contact = await get_contact(session, int(raw))
        if contact is not None:
            return Person(contact.id, contact.full_name), contact
    return Person(None, EXAMPLE_NAME), None


async def _find(who: Viewer, editor: Editor) -> None:
    query = editor.search
    if not query:
        editor.search_error = who.t("Type a name to search for.")
        return
    try:
        query_terms(query[:100])
    except InvalidInput:
        editor.search_error = who.t("Type a letter or a digit to search for.")
        return
    async with who.runtime.read_sessions() as session:
        page = await list_contacts(
            session, ContactFilters(q=query[:100]), limit=MATCHES, cursor=None
        )
    editor.matches = [Person(int(c["id"]), str(c["full_name"])) for c in page.items]


async def _editor(who: Viewer, found: TemplateSet, form: FormData | None, contact: str) -> Editor:
    drafts = _drafts(form) if form is not None else [Draft(t.id, t.text) for t in found.templates]
    editor = Editor(found, drafts)
    editor.person, row = await _person(who, contact)
    values = _preview_values(editor.person, row)
    if values is None:
        editor.name_problem = who.t(
            "%(name)s gives no plausible first name: such a person is never messaged.",
            name=editor.person.name,
        )
    editor.previews = _previews(who.t, editor, values)
    return editor


def _with_blank(drafts: list[Draft]) -> list[Draft]:
    """The drafts and one empty box for a new text."""
    if len(drafts) < MAX_TEXTS and (not drafts or drafts[-1].text.strip()):
        return [*drafts, Draft(None, "")]
    return drafts


def _editor_page(
    request: Request, who: Viewer, editor: Editor, *, status_code: int = 200, done: str = ""
) -> Response:
    flashes = []
    if done == "saved":
        flashes.append(("ok", who.t("Saved. The next run uses these texts; no restart needed.")))
    elif done == "restored":
        flashes.append(("ok", who.t("The packaged texts apply again.")))
    if editor.form_error:
        flashes.append(("error", editor.form_error))
    editor.drafts = _with_blank(editor.drafts)
    return render(
        request,
        "templates_edit.html",
        who=who,
        active="templates",
        title="Edit templates",
        status_code=status_code,
        editor=editor,
        folder=str(templates_folder(who.runtime.settings)),
        flashes=flashes,
        **_labels(who.t),
    )


def _unknown_set(request: Request, who: Viewer) -> Response:
    return not_found(request, who, who.t("No such templates: pick a set in the list."))


@router.get("/templates/{kind}/{locale}")
async def edit_page(
    request: Request, who: ViewerDep, kind: str, locale: str, contact: str = ""
) -> Response:
    found = _set_or_none(who, kind, locale)
    if found is None:
        return _unknown_set(request, who)
    editor = await _editor(who, found[1], None, contact)
    return _editor_page(request, who, editor, done=request.query_params.get("done", ""))


def _one(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


@router.post("/templates/{kind}/{locale}")
async def edit(request: Request, who: ViewerDep, form: FormDep, kind: str, locale: str) -> Response:
    """The editor's buttons: ``find`` a contact, ``preview`` the drafts, ``save`` them,
    ``restore`` the packaged texts."""
    found = _set_or_none(who, kind, locale)
    if found is None:
        return _unknown_set(request, who)
    action = _one(form, "action")
    contact = _one(form, "contact")
    editor = await _editor(who, found[1], None if action == "restore" else form, contact)
    if action == "restore":
        try:
            restore_packaged(who.runtime.settings, found[1].kind, locale)
        except ConfigurationError as exc:
            editor.form_error = who.t("Nothing was saved: %(detail)s", detail=exc.detail)
            return _editor_page(request, who, editor, status_code=422)
        log.info("web.templates_restored", kind=kind, locale=locale)
        return redirect(f"/templates/{kind}/{locale}?done=restored")
    editor.search = _one(form, "who")
    if action == "find":
        await _find(who, editor)
        return _editor_page(request, who, editor, status_code=422 if editor.search_error else 200)
    if action != "save":
        return _editor_page(request, who, editor)
    return await _save(request, who, editor, contact)


async def _save(request: Request, who: Viewer, editor: Editor, contact: str) -> Response:
    kind, locale = editor.set.kind, editor.set.locale
    kept = [(i, d) for i, d in enumerate(editor.drafts) if d.text.strip()]
    try:
        book = save_set(who.runtime.settings, kind, locale, [d for _i, d in kept])
    except TemplatesRefused as exc:
        editor.problems = {
            kept[i][0]: problem_text(who.t, problem, kind) for i, problem in exc.problems.items()
        }
        if not exc.problems:
            editor.form_error = who.t("Keep at least one text: an occasion needs something to say.")
        else:
            editor.form_error = who.t("Nothing was saved: correct the texts marked below.")
        return _editor_page(request, who, editor, status_code=422)
    except ConfigurationError as exc:
        editor.form_error = who.t("Nothing was saved: %(detail)s", detail=exc.detail)
        return _editor_page(request, who, editor, status_code=422)
    except OSError as exc:
        log.warning("web.templates_not_written", error=type(exc).__name__)
        editor.form_error = who.t(
            "Nothing was saved: the templates folder cannot be written (%(error)s).",
            error=exc.strerror or type(exc).__name__,
        )
        return _editor_page(request, who, editor, status_code=422)
    who.runtime.campaigns.templates = book  # this process's next run (others: at their next)
    log.info("web.templates_saved", kind=kind, locale=locale, texts=len(kept))
    target = f"/templates/{kind}/{locale}?done=saved"
    if contact.isdigit():
        target += f"&contact={contact}"
    return redirect(target)


@router.post("/templates/{kind}/{locale}/preview")
async def preview_fragment(
    request: Request, who: ViewerDep, form: FormDep, kind: str, locale: str
) -> Response:
    """The preview's HTML for the drafts posted (app.js asks as the person types)."""
    found = _set_or_none(who, kind, locale)
    if found is None:
        return _unknown_set(request, who)
    editor = await _editor(who, found[1], form, _one(form, "contact"))
    return render(request, "templates_preview.html", who=who, editor=editor)
