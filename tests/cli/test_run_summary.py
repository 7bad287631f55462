"""A run's summary speaks the user's words: who was wished, who was skipped and why, who
failed and why, what to do next; the safety net's bookkeeping only when it did something
(or with --verbose)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

from rich.console import Console

from linkedin_bot.cli.summary import RunReport, summary_lines
from linkedin_bot.db.models import CampaignRun
from linkedin_bot.db.queries.run_contacts import RunContact


def _text(report: RunReport, *, verbose: bool = False) -> str:
    """The summary as the terminal shows it (markup rendered, no colours)."""
    out = StringIO()
    console = Console(file=out, width=500, color_system=None)
    for line in summary_lines(report, verbose=verbose):
        console.print(line, highlight=False)
    return out.getvalue()


def _run(status: str = "succeeded", **stats: Any) -> CampaignRun:
    return CampaignRun(
        id=12,
        kind="birthday",
        status=status,
        dry_run=False,
        stats={"reconciled": 0, "reaped_released": 0, "reaped_in_doubt": 0, **stats},
        error=None,
    )


def test_who_was_wished_skipped_and_failed() -> None:
    """Sent names, the reasons for skipping with their counts, each failure with its
    reason, each message in doubt, the next step and the log file."""
    run = _run("partial", found=6, eligible=5, sent=2, failed=1, in_doubt=1)
    run.stats |= {"skipped_already_wished": 1, "skipped_blacklisted": 1}
    run.error = "finished with problems: 1 failed, 1 in doubt"
    people = [
        RunContact("Zoé Ørsted", "sent", None),
        RunContact("Jean Dupont", "sent", None),
        RunContact("Ana Pérez", "failed", "the message box did not open"),
        RunContact("Li Wei", "unknown", "the process stopped while sending; in doubt"),
    ]
    text = _text(RunReport(run, people, Path("/data/logs/linkedin-bot.log")))
    assert "Birthday run 12: partial (finished, with problems)" in text
    assert "6 birthdays found; 5 to wish" in text
    assert "Sent to 2: Zoé Ørsted, Jean Dupont" in text
    assert "Skipped 2: already wished (1), blocked by you (1)" in text
    assert "Failed: Ana Pérez: the message box did not open" in text
    assert "In doubt (may have been sent; never re-sent blindly): Li Wei" in text
    assert "Next: some contacts failed or are in doubt" in text
    assert "Log: /data/logs/linkedin-bot.log (this run's lines: run_id 12)" in text


def test_bookkeeping_is_hidden_unless_it_happened() -> None:
    """ "reconciled" and "reaped" never show as such: nothing when zero, a sentence when
    something was settled."""
    quiet = _text(RunReport(_run(found=1, eligible=1, sent=1)))
    assert "reap" not in quiet
    assert "reconcil" not in quiet
    assert "doubt" not in quiet
    busy = _text(RunReport(_run(found=1, eligible=1, sent=1, reconciled=2, reaped_in_doubt=1)))
    assert "2 messages in doubt from an earlier run settled by reading their conversations" in busy
    assert "1 message of an interrupted run is now in doubt: never re-sent blindly" in busy
    assert "reaped" not in busy


def test_verbose_shows_every_counter_and_every_name() -> None:
    """--verbose lists the bookkeeping even at zero, every counter, and all names past the
    first twenty."""
    people = [RunContact(f"Person {n}", "sent", None) for n in range(25)]
    run = _run(found=25, eligible=25, sent=25)
    short = _text(RunReport(run, people))
    assert "Person 19 and 5 more" in short
    assert "Person 24" not in short
    verbose = _text(RunReport(run, people), verbose=True)
    assert "Person 24" in verbose
    assert "0 messages in doubt from an earlier run" in verbose
    assert "Counters: eligible 25, found 25, reaped_in_doubt 0" in verbose


def test_outside_hours_says_it_once_with_the_hours() -> None:
    """A refused run says why once (the refusal carries the hours, zone and local time),
    not a second time as a stop reason."""
    run = _run("outside_hours", stop_reason="outside working hours")
    run.error = (
        "outside working hours (07:00-19:00 Europe/Paris; it is 21:14 there): nothing sent; "
        "run later or pass --force"
    )
    text = _text(RunReport(run))
    assert "Birthday run 12: outside_hours (nothing done)" in text
    assert "(07:00-19:00 Europe/Paris; it is 21:14 there): nothing sent" in text
    assert "Stopped:" not in text


def test_names_are_shown_as_written() -> None:
    """A name that looks like terminal markup is printed literally, never interpreted."""
    people = [RunContact("[bold red]Mallory[/]", "sent", None)]
    text = _text(RunReport(_run(found=1, eligible=1, sent=1), people))
    assert "Sent to 1: [bold red]Mallory[/]" in text


def test_a_sourcing_run_says_who_was_visited() -> None:
    """A sourcing run names the profiles visited and why others were passed over."""
    run = CampaignRun(
        id=3,
        kind="sourcing",
        status="succeeded",
        dry_run=False,
        stats={"results_seen": 10, "to_visit": 2, "visited": 2, "skipped_visited_recently": 8},
        error=None,
    )
    people = [
        RunContact("Ada Lovelace", "visited", None),
        RunContact("Alan Turing", "visited", None),
    ]
    text = _text(RunReport(run, people))
    assert "Sourcing run 3: succeeded" in text
    assert "10 search results seen; 2 to visit" in text
    assert "Visited 2: Ada Lovelace, Alan Turing" in text
    assert "Skipped 8: visited recently (8)" in text


def test_a_dry_run_says_so_and_who_would_be_wished() -> None:
    """A dry run is marked as one, and lists who would be wished, not who was."""
    run = _run(found=2, eligible=2, dry_run=2)
    run.dry_run = True
    people = [RunContact("Zoé Ørsted", "dry_run", None), RunContact("Jean Dupont", "dry_run", None)]
    text = _text(RunReport(run, people))
    assert "Birthday run 12: succeeded, dry run" in text
    assert "Would send to 2: Zoé Ørsted, Jean Dupont" in text
    assert "Sent to" not in text


def test_a_dry_run_previews_each_text_and_who_is_skipped() -> None:
    """The preview: each person with the exact text a real run would send (several lines
    kept), and each person passed over with the reason in words."""
    run = _run(found=3, eligible=3, dry_run=2, skipped_already_wished=1)
    run.dry_run = True
    run.stats["results"] = [
        {"name": "Zoé Ørsted", "outcome": "would_send", "text": "Happy birthday Zoé!"},
        {"name": "Jean Dupont", "outcome": "would_send", "text": "Bon anniversaire Jean,\n[b]!"},
        {"name": "Li Wei", "outcome": "skipped", "reason": "already_wished"},
    ]
    people = [RunContact("Zoé Ørsted", "dry_run", None), RunContact("Jean Dupont", "dry_run", None)]
    text = _text(RunReport(run, people))
    assert "Would send 2:" in text
    assert "to Zoé Ørsted:\n      Happy birthday Zoé!" in text
    assert "to Jean Dupont:\n      Bon anniversaire Jean,\n      [b]!" in text
    assert "Skipped Li Wei: already wished" in text
    assert "Would send to 2" not in text
