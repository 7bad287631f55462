"""The Templates pages: the texts per occasion and language with where they come from, the
editor (checked on save, saved where the user's templates live, used by the next run
without a restart) and the preview for a chosen contact's name."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from linkedin_bot.services.options import BirthdayOptions
from linkedin_bot.services.template_files import TemplateFiles
from tests.factories import make_contact
from tests.web.conftest import Web

EDIT = "/templates/birthday/en"


def _folder(web: Web) -> Path:
    return web.api.settings.data_dir / "templates"


async def _texts(web: Web, path: str = EDIT) -> list[tuple[str, str]]:
    """The (id, text) pairs of the editor's boxes, as the page shows them."""
    page = await web.client.get(path)
    ids = re.findall(r'name="template_id" value="([^"]*)"', page.text)
    texts = re.findall(r'name="text" rows="3"[^>]*>([^<]*)</textarea>', page.text)
    return list(zip(ids, texts, strict=True))


def _form(pairs: list[tuple[str, str]], **more: str) -> dict[str, object]:
    return {
        "template_id": [i for i, _t in pairs],
        "text": [t for _i, t in pairs],
        **more,
    }


async def test_the_list_shows_each_occasion_and_language_with_its_source(web: Web) -> None:
    """Birthday, late birthday, work anniversary, new job, each in English and French,
    packaged; the folder where edits are saved is named."""
    page = await web.client.get("/templates")
    assert page.status_code == 200
    for kind in ("birthday", "late", "work_anniversary", "new_job"):
        for locale in ("en", "fr"):
            assert f'href="/templates/{kind}/{locale}"' in page.text
    for label in ("Birthday", "Late birthday", "Work anniversary", "New job", "French"):
        assert label in page.text
    assert page.text.count(">packaged<") == 8
    assert str(_folder(web)) in page.text
    assert "no restart needed" in page.text


async def test_a_mistake_is_shown_by_its_text_and_nothing_is_saved(web: Web) -> None:
    """An unknown {variable}, a brace left alone, a text longer than LinkedIn takes: each
    message sits by its box (422, aria-invalid), the drafts are kept, no file is written;
    emptying every box is refused too."""
    pairs = await _texts(web)
    assert pairs[0][0] == "en-birthday-1"
    cases = {
        "Happy birthday {firstname}!": "{firstname} is not a variable of this occasion; "
        "use {first_name}, {name}.",
        "Happy birthday {first_name": "A { or } without its pair",
        "x" * 8001: "8001 characters: a LinkedIn message holds at most 8000.",
        "Happy {company}!": "{company} is not a variable of this occasion",
    }
    for text, message in cases.items():
        draft = [(pairs[0][0], text), *pairs[1:]]
        answer = await web.post(EDIT, _form(draft, action="save"), page=EDIT)
        assert answer.status_code == 422, text
        assert message in answer.text, text
        assert 'id="text-1-error"' in answer.text
        assert 'aria-describedby="text-1-error"' in answer.text
        assert "Nothing was saved" in answer.text
        assert text[:50] in answer.text  # the draft is still in its box
    emptied = await web.post(EDIT, _form([(i, "") for i, _t in pairs], action="save"), page=EDIT)
    assert emptied.status_code == 422
    assert "Keep at least one text" in emptied.text
    assert not _folder(web).exists()


async def test_saving_writes_the_users_file_and_the_next_run_uses_it(web: Web) -> None:
    """A packaged set saved with one text changed, one removed and one added: the user's
    en.toml holds it (0600, ids kept, a new id for the new text), the list says "yours",
    the other kinds stay packaged, and the service's next run reads the new texts."""
    pairs = await _texts(web)
    edited = [
        (pairs[0][0], "Happy birthday {first_name}!\r\nSee you soon."),
        (pairs[1][0], ""),
        *pairs[2:4],
        ("", "Joyeux anniversaire, {name} — from Paris"),
    ]
    saved = await web.post(EDIT, _form(edited, action="save"), page=EDIT)
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"] == f"{EDIT}?done=saved"
    path = _folder(web) / "en.toml"
    assert path.stat().st_mode & 0o777 == 0o600
    data = tomllib.loads(path.read_text("utf-8"))
    assert list(data) == ["birthday"]
    assert [e["id"] for e in data["birthday"]] == [
        "en-birthday-1",
        "en-birthday-3",
        "en-birthday-4",
        "en-birthday-mine-1",
    ]
    assert data["birthday"][0]["text"] == "Happy birthday {first_name}!\nSee you soon."
    after = await web.client.get(saved.headers["location"])
    assert "Saved. The next run uses these texts" in after.text
    assert "Your texts, from" in after.text
    listing = await web.client.get("/templates")
    assert listing.text.count(">packaged<") == 7
    assert ">yours<" in listing.text
    # What the run engine will use for its next run (asked as each run opens).
    engine = web.api.runtime.campaigns
    assert engine.template_files is not None
    book = engine.template_files.current()
    texts = [t.text for t in book.for_locale("birthday", "en")]
    assert texts[0] == "Happy birthday {first_name}!\nSee you soon."
    assert len(texts) == 4
    assert engine.templates.for_locale("birthday", "en")[0].text == texts[0]
    # A file edited by hand (another process, an editor) is read when the next run opens.
    path.write_text(path.read_text("utf-8").replace("See you soon.", "Cheers."), "utf-8")
    await engine.open(BirthdayOptions(dry_run=True), trigger="api")
    assert engine.templates.for_locale("birthday", "en")[0].text.endswith("Cheers.")


async def test_the_packaged_texts_can_be_taken_back(web: Web) -> None:
    """After an edit, "Use the packaged texts" removes the user's set (the file, when
    nothing else is in it): the packaged texts apply again."""
    pairs = await _texts(web)
    await web.post(EDIT, _form([(pairs[0][0], "Hi {first_name}!")], action="save"), page=EDIT)
    assert (_folder(web) / "en.toml").exists()
    page = await web.client.get(EDIT)
    assert "Use the packaged texts" in page.text
    assert "data-confirm=" in page.text
    restored = await web.post(EDIT, {"action": "restore"}, page=EDIT)
    assert restored.status_code == 303
    assert not (_folder(web) / "en.toml").exists()
    assert len(await _texts(web)) == 5  # the 4 packaged texts and the empty box


async def test_templates_dir_is_where_edits_go_when_it_is_set(
    web: Web, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With LINKEDIN_BOT_TEMPLATES_DIR set, the list names it and a save writes there,
    keeping the other kinds the user's file already had."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "fr.toml").write_text(
        '[[late]]\nid = "fr-late-mine"\ntext = "Bon anniversaire en retard {first_name} !"\n',
        "utf-8",
    )
    settings = web.api.runtime.settings.model_copy(update={"templates_dir": folder})
    monkeypatch.setattr(web.api.runtime, "settings", settings)
    monkeypatch.setattr(web.api.runtime.campaigns, "template_files", TemplateFiles(settings))
    listing = await web.client.get("/templates")
    assert str(folder) in listing.text
    assert "set by LINKEDIN_BOT_TEMPLATES_DIR" in listing.text
    path = "/templates/birthday/fr"
    saved = await web.post(
        path, _form([("", "Joyeux anniversaire {first_name} !")], action="save"), page=path
    )
    assert saved.status_code == 303
    data = tomllib.loads((folder / "fr.toml").read_text("utf-8"))
    assert [e["id"] for e in data["late"]] == ["fr-late-mine"]
    assert [e["text"] for e in data["birthday"]] == ["Joyeux anniversaire {first_name} !"]


async def test_the_preview_greets_the_chosen_contact_by_their_first_name(web: Web) -> None:
    """Searching "elodie" finds Élodie; the preview of the drafts (not saved) greets
    "Élodie"; a contact's id in the link opens the editor with them; a name with no
    plausible first name is said to be never messaged."""
    async with web.api.runtime.sessions.begin() as session:
        elodie = await make_contact(session, index=1, full_name="🎂 Dr. Élodie Durand, PhD")
        await make_contact(session, index=2, full_name="Paul Martin")
        initial = await make_contact(session, index=3, full_name="J.")
    pairs = await _texts(web)
    found = await web.post(EDIT, _form(pairs, action="find", who="elodie"), page=EDIT)
    assert found.status_code == 200
    assert f'name="contact" value="{elodie.id}"' in found.text
    assert "Paul Martin" not in found.text
    draft = [(pairs[0][0], "Bonne fête {first_name} ({name})")]
    shown = await web.post(EDIT, _form(draft, action="preview", contact=str(elodie.id)), page=EDIT)
    assert shown.status_code == 200
    assert "Bonne fête Élodie (Élodie Durand)" in shown.text
    assert not _folder(web).exists()  # a preview saves nothing
    fragment = await web.post(f"{EDIT}/preview", _form(draft, contact=str(elodie.id)), page=EDIT)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert "Bonne fête Élodie" in fragment.text
    linked = await web.client.get(f"{EDIT}?contact={elodie.id}")
    assert "Happy birthday, Élodie!" in linked.text
    unsure = await web.client.get(f"{EDIT}?contact={initial.id}")
    assert "gives no plausible first name" in unsure.text
    example = await web.client.get("/templates/new_job/en")
    assert "Congratulations on your new role as CTO at Acme, Jean!" in example.text


async def test_the_preview_marks_a_wrong_draft_without_saving(web: Web) -> None:
    """The preview shows a mistake in place of that text's message; the others render."""
    draft = [("en-birthday-1", "Hi {nom}"), ("en-birthday-2", "Hi {first_name}")]
    shown = await web.post(f"{EDIT}/preview", _form(draft), page=EDIT)
    assert "{nom} is not a variable of this occasion" in shown.text
    assert "Hi Jean" in shown.text


async def test_unknown_sets_are_the_404_page(web: Web) -> None:
    """An occasion or a language with no templates: the 404 page, for the page and its
    form."""
    for path in ("/templates/wedding/en", "/templates/birthday/de"):
        page = await web.client.get(path)
        assert page.status_code == 404, path
        assert "No such templates" in page.text
    posted = await web.post("/templates/birthday/de", {"action": "save"}, page=EDIT)
    assert posted.status_code == 404


async def test_a_save_without_the_csrf_token_is_refused_and_writes_nothing(web: Web) -> None:
    """No token: 403 and no file; the preview fragment refuses it too."""
    form = _form([("en-birthday-1", "Hi {first_name}")], action="save")
    refused = await web.client.post(EDIT, data=form, headers={"Origin": "http://test"})
    assert refused.status_code == 403
    assert not _folder(web).exists()
    fragment = await web.client.post(
        f"{EDIT}/preview", data=form, headers={"Origin": "http://test"}
    )
    assert fragment.status_code == 403


async def test_the_pages_need_signing_in(web: Web) -> None:
    """Without the session cookie: the sign-in page, for the list and the editor."""
    for path in ("/templates", EDIT):
        page = await web.anonymous.get(path)
        assert page.status_code == 303
        assert page.headers["location"].startswith("/sign-in")


async def test_the_editor_speaks_french(web: Web) -> None:
    """With the French choice, the editor and its messages are in French (the templates'
    own texts are data: not translated)."""
    web.client.cookies.set("lb_lang", "fr")
    page = await web.client.get("/templates/birthday/fr")
    assert "Anniversaire · français" in page.text
    assert "Enregistrer ces textes" in page.text
    wrong = await web.post(
        "/templates/birthday/fr",
        _form([("fr-birthday-1", "Salut {prenom}")], action="save"),
        page="/templates/birthday/fr",
    )
    assert "{prenom} n&#39;est pas une variable de cette occasion" in wrong.text
