"""Contacts and Templates in real Chromium against `linkedin-bot serve`, as a person uses
them: find a contact, block them, fix a template and preview it for them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Page, expect

from tests.factories import connection_row, write_connections_csv
from tests.processes import flat, run_cli
from tests.web.conftest import Live, Watched, screenshot

pytestmark = [pytest.mark.browser]


def _import_contacts(live: Live, tmp_path: Path) -> None:
    """A few connections, imported as a user does (`linkedin-bot contacts import`)."""
    people = [
        ("Élodie", "Durand", "elodie-durand", "Ingénieure données", "Acme"),
        ("Jürgen", "Müller", "juergen-mueller", "Product manager", "Globex"),
        ("Paul", "Martin", "paul-martin", "Designer", "Initech"),
        ("Anna", "Schmidt", "anna-schmidt", "Data scientist", "Umbrella"),
    ]
    rows = [
        connection_row(
            index,
            **{
                "First_Name": first,
                "Last_Name": last,
                "URL": f"https://www.linkedin.com/in/{slug}",
                "Position": position,
                "Company": company,
            },
        )
        for index, (first, last, slug, position, company) in enumerate(people, start=1)
    ]
    csv = write_connections_csv(tmp_path / "Connections.csv", rows)
    result = run_cli(["contacts", "import", str(csv)], live.env, tmp_path)
    assert result.returncode == 0, result.stderr


def _accept(dialog: Dialog) -> None:
    dialog.accept()


def test_find_block_a_contact_then_fix_and_preview_a_template(
    signed_in: Page, live: Live, watched: Watched, tmp_path: Path
) -> None:
    """A person searches "elodie" (no accent) and finds Élodie, opens her page, blocks her
    (accepting the confirmation), then edits the birthday text with a misspelt variable:
    the message sits by the box and nothing is saved; fixed, it saves, and the preview
    greets Élodie by her first name as the person picks her."""
    page = signed_in
    watched.allow(422)  # the template refused on purpose
    _import_contacts(live, tmp_path)

    page.get_by_role("link", name="Contacts", exact=True).click()
    expect(page.get_by_role("heading", name="Contacts", exact=True)).to_be_visible()
    page.get_by_role("searchbox", name="Search").fill("elodie")
    page.get_by_role("searchbox", name="Search").press("Enter")
    results = page.locator("table.people-table tbody tr")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Élodie Durand")
    screenshot(page, "contacts", tmp_path)

    page.get_by_role("link", name="Élodie Durand").click()
    expect(page.get_by_role("heading", name="Élodie Durand")).to_be_visible()
    expect(page.get_by_text("Ingénieure données")).to_be_visible()
    page.once("dialog", _accept)
    page.get_by_role("button", name="Block", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Blocked: no campaign will message")
    expect(page.get_by_role("button", name="Unblock")).to_be_visible()
    page.get_by_label("Language of their messages").select_option("fr")
    page.get_by_role("button", name="Save the language").click()
    expect(page.get_by_role("status")).to_contain_text("Language saved")
    screenshot(page, "contact", tmp_path)

    page.get_by_role("link", name="Templates", exact=True).click()
    expect(page.get_by_role("heading", name="Texts per occasion and language")).to_be_visible()
    screenshot(page, "templates", tmp_path)
    page.locator('a[href="/templates/birthday/en"]').click()
    first = page.get_by_label(re.compile(r"^Text 1"))
    first.fill("Happy birthday {firstname}! All the best.")
    page.get_by_role("button", name="Save these texts").click()
    error = page.locator("#text-1-error")
    expect(error).to_contain_text("{firstname} is not a variable of this occasion")
    expect(first).to_have_attribute("aria-invalid", "true")
    expect(first).to_have_value("Happy birthday {firstname}! All the best.")

    first.fill("Happy birthday {first_name}! All the best.")
    page.get_by_role("button", name="Save these texts").click()
    expect(page.get_by_role("status")).to_contain_text("Saved. The next run uses these texts")
    saved = (live.data / "templates" / "en.toml").read_text("utf-8")
    assert "Happy birthday {first_name}! All the best." in saved
    wide = {**live.env, "COLUMNS": "400"}  # Rich's table on one line per template
    checked = run_cli(["templates", "check", "--name", "Élodie Durand"], wide, tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "Happy birthday Élodie! All the best." in flat(checked.stdout)

    page.get_by_label("Find a contact by name").fill("elodie")
    page.get_by_role("button", name="Find", exact=True).click()
    page.get_by_role("radio", name="Élodie Durand").check()  # app.js previews as it changes
    preview = page.locator("#templates-preview")
    expect(preview).to_contain_text("Preview for Élodie Durand")
    expect(preview).to_contain_text("Happy birthday Élodie! All the best.")
    page.get_by_label(re.compile(r"^Text 2")).fill("Bon anniversaire {first_name} !")
    expect(preview).to_contain_text("Bon anniversaire Élodie !")  # live, not saved
    screenshot(page, "template-edit", tmp_path)
