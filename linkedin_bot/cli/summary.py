"""A run's summary in the user's words: sent to whom, skipped and why, failed and why, what
to do next. The bookkeeping of the safety net (messages settled from an earlier run, leases
of an interrupted one) is said only when it happened, or with ``--verbose``, where every
counter of the run is listed too."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from linkedin_bot.db.enums import InteractionStatus, RunKind, RunStatus

if TYPE_CHECKING:
    from linkedin_bot.db.models import CampaignRun
    from linkedin_bot.db.queries.run_contacts import RunContact

NAMES_SHOWN = 20  # more are counted, and listed with --verbose

# What a run's status means, next to its name (the name the API, the docs and the exit
# codes use).
STATUS_WORDS = {
    RunStatus.PARTIAL.value: "finished, with problems",
    RunStatus.RESTRICTED.value: "LinkedIn pushed back, the run stopped",
    RunStatus.AUTH_REQUIRED.value: "the LinkedIn session is missing or expired",
    RunStatus.PAGE_CHANGED.value: "a LinkedIn page changed, the run stopped",
    RunStatus.OUTSIDE_HOURS.value: "nothing done",
    RunStatus.INTERRUPTED.value: "the process stopped",
}

NEXT_STEP = {
    RunStatus.AUTH_REQUIRED.value: "save a LinkedIn session: linkedin-bot auth import",
    RunStatus.RESTRICTED.value: (
        "LinkedIn pushed back: no run contacts LinkedIn until the cool-down ends "
        "(linkedin-bot status shows until when; linkedin-bot resume ends it early)"
    ),
    RunStatus.PARTIAL.value: (
        "some contacts failed or are in doubt (listed above); a contact in doubt is never "
        "wished again blindly: the next run reads the conversation first"
    ),
    RunStatus.PAGE_CHANGED.value: (
        "a LinkedIn page looks different from what the bot knows; nothing was sent: "
        "run `linkedin-bot inspect` and report it"
    ),
}

# Why contacts were passed over, by the run's counter (docs/api.md lists them).
SKIP_REASONS = {
    "skipped_blacklisted": "blocked by you",
    "skipped_already_wished": "already wished",
    "skipped_name_uncertain": "name not certain (a name is never guessed)",
    "skipped_no_template": "no message template in their language",
    "skipped_unresolved_variable": "a template needs a detail LinkedIn did not show",
    "skipped_visited_recently": "visited recently",
    "skipped_already_visited_today": "already visited today",
}

# The safety net's bookkeeping, said in words when it did something: (one, several).
HOUSEKEEPING = {
    "reconciled": (
        "message in doubt from an earlier run settled by reading its conversation",
        "messages in doubt from an earlier run settled by reading their conversations",
    ),
    "reaped_released": (
        "unfinished reservation of an interrupted run given back (nothing had been sent)",
        "unfinished reservations of an interrupted run given back (nothing had been sent)",
    ),
    "reaped_in_doubt": (
        "message of an interrupted run is now in doubt: never re-sent blindly, the next run "
        "reads its conversation (GET /interactions?status=unknown)",
        "messages of an interrupted run are now in doubt: never re-sent blindly, the next "
        "run reads their conversations (GET /interactions?status=unknown)",
    ),
}

# A run's kind as its summary's title says it ("Birthday run 3: succeeded").
KIND_TITLES = {
    RunKind.BIRTHDAY.value: "Birthday",
    RunKind.ANNIVERSARY.value: "Work anniversary",
    RunKind.NEW_JOB.value: "New job",
    RunKind.SOURCING.value: "Sourcing",
}

# How each kind of run names what it did to a person, by interaction status.
DONE_WORDS = {
    RunKind.BIRTHDAY.value: {
        InteractionStatus.SENT.value: "Sent to",
        InteractionStatus.DRY_RUN.value: "Would send to",
    },
    RunKind.ANNIVERSARY.value: {
        InteractionStatus.SENT.value: "Congratulated",
        InteractionStatus.DRY_RUN.value: "Would congratulate",
    },
    RunKind.NEW_JOB.value: {
        InteractionStatus.SENT.value: "Congratulated",
        InteractionStatus.DRY_RUN.value: "Would congratulate",
    },
    RunKind.SOURCING.value: {InteractionStatus.VISITED.value: "Visited"},
}
FOUND_WORDS = {
    RunKind.BIRTHDAY.value: ("found", ("birthday found", "birthdays found"), "eligible", "to wish"),
    RunKind.ANNIVERSARY.value: (
        "found",
        ("work anniversary found", "work anniversaries found"),
        "eligible",
        "to congratulate",
    ),
    RunKind.NEW_JOB.value: (
        "found",
        ("new position found", "new positions found"),
        "eligible",
        "to congratulate",
    ),
    RunKind.SOURCING.value: (
        "results_seen",
        ("search result seen", "search results seen"),
        "to_visit",
        "to visit",
    ),
}
TROUBLE = {
    InteractionStatus.FAILED.value: "Failed",
    InteractionStatus.UNKNOWN.value: "In doubt (may have been sent; never re-sent blindly)",
    InteractionStatus.RESERVED.value: "Not finished",
    InteractionStatus.SENDING.value: "In doubt (may have been sent; never re-sent blindly)",
    InteractionStatus.SKIPPED.value: "Skipped",
}


@dataclass(frozen=True)
class RunReport:
    """A finished run, who it acted on, and the log file its lines went to."""

    run: CampaignRun
    people: list[RunContact] = field(default_factory=list)
    log_file: Path | None = None


def _count(n: int, words: tuple[str, str]) -> str:
    return f"{n} {words[0] if n == 1 else words[1]}"


def _names(names: list[str], verbose: bool) -> str:
    from rich.markup import escape

    shown = names if verbose else names[:NAMES_SHOWN]
    more = len(names) - len(shown)
    text = ", ".join(escape(name) for name in shown)
    return text + (f" and {more} more" if more else "")


def _skipped(stats: dict[str, object]) -> str | None:
    parts = [
        f"{SKIP_REASONS.get(key, key.removeprefix('skipped_').replace('_', ' '))} ({value})"
        for key, value in sorted(stats.items())
        if key.startswith("skipped_") and isinstance(value, int) and value
    ]
    total = sum(v for k, v in stats.items() if k.startswith("skipped_") and isinstance(v, int))
    return f"Skipped {total}: " + ", ".join(parts) if parts else None


def _results(report: RunReport, outcome: str) -> list[dict[str, str]]:
    results = report.run.stats.get("results")
    if not isinstance(results, list):
        return []
    return [r for r in results if isinstance(r, dict) and r.get("outcome") == outcome]


def _preview_lines(report: RunReport, verbose: bool) -> list[str]:
    """A dry run's preview: each person with the exact text a real run would send today."""
    from rich.markup import escape

    would = _results(report, "would_send")
    shown = would if verbose else would[:NAMES_SHOWN]
    lines = [f"Would send {len(would)}:"] if would else []
    for entry in shown:
        text = escape(str(entry.get("text", ""))).replace("\n", "\n      ")
        lines.append(f"  to {escape(str(entry.get('name', '')))}:\n      {text}")
    if len(would) > len(shown):
        lines.append(f"  and {len(would) - len(shown)} more (--verbose lists them)")
    return lines


def _skipped_people(report: RunReport, verbose: bool) -> list[str]:
    """Who was passed over, and why (a reason in the user's words)."""
    from rich.markup import escape

    skipped = _results(report, "skipped")
    shown = skipped if verbose else skipped[:NAMES_SHOWN]
    lines = []
    for entry in shown:
        reason = str(entry.get("reason", ""))
        words = SKIP_REASONS.get(f"skipped_{reason}", reason.replace("_", " "))
        lines.append(f"Skipped {escape(str(entry.get('name', '')))}: {escape(words)}")
    if len(skipped) > len(shown):
        lines.append(f"Skipped {len(skipped) - len(shown)} more (--verbose lists them)")
    return lines


def _people_lines(report: RunReport, verbose: bool) -> list[str]:
    from rich.markup import escape

    done = DONE_WORDS.get(report.run.kind, {})
    by_status: dict[str, list[RunContact]] = defaultdict(list)
    for person in report.people:
        by_status[person.status].append(person)
    lines = []
    preview = _preview_lines(report, verbose)
    for status, words in done.items():
        if status == InteractionStatus.DRY_RUN.value and preview:
            lines += preview
        elif by_status[status]:
            names = [p.name for p in by_status[status]]
            lines.append(f"{words} {len(names)}: {_names(names, verbose)}")
    for status, words in TROUBLE.items():
        for person in by_status[status]:
            why = f": {escape(person.error)}" if person.error else ""
            lines.append(f"[red]{words}[/]: {escape(person.name)}{why}")
    return lines


def summary_lines(report: RunReport, *, verbose: bool = False) -> list[str]:
    """The summary as Rich markup lines (every name and message escaped)."""
    from rich.markup import escape

    run, stats = report.run, report.run.stats
    words = f" ({STATUS_WORDS[run.status]})" if run.status in STATUS_WORDS else ""
    dry = ", dry run" if run.dry_run else ""
    title = KIND_TITLES.get(run.kind, run.kind.capitalize())
    lines = [f"[bold]{title} run {run.id}: {run.status}{words}{dry}[/]"]
    if run.kind in FOUND_WORDS:
        found_key, found_words, todo_key, todo_words = FOUND_WORDS[run.kind]
        if isinstance(stats.get(found_key), int):
            todo = stats.get(todo_key)
            more = f"; {todo} {todo_words}" if isinstance(todo, int) else ""
            lines.append(_count(stats[found_key], found_words) + more)
    lines += _people_lines(report, verbose)
    if (skipped := _skipped(stats)) is not None:
        lines.append(skipped)
    lines += _skipped_people(report, verbose)
    for key, said in HOUSEKEEPING.items():
        value = stats.get(key)
        if isinstance(value, int) and (value or verbose):
            lines.append(_count(value, said))
    stop = stats.get("stop_reason")
    if stop and not (run.error or "").startswith(str(stop)):
        lines.append(f"Stopped: {escape(str(stop))}")
    if run.error:
        lines.append(f"[red]{escape(run.error)}[/]")
    if verbose:
        counters = ", ".join(
            f"{key} {value}" for key, value in sorted(stats.items()) if isinstance(value, int)
        )
        lines.append(f"[dim]Counters: {counters}[/]")
    if run.status in NEXT_STEP:
        lines.append(f"Next: {NEXT_STEP[run.status]}")
    if report.log_file is not None:
        lines.append(
            f"[dim]Log: {escape(str(report.log_file))} (this run's lines: run_id {run.id})[/]"
        )
    return lines


def print_summary(report: RunReport, *, verbose: bool = False) -> None:
    from linkedin_bot.cli.common import console

    for line in summary_lines(report, verbose=verbose):
        console.print(line, highlight=False, soft_wrap=True)
