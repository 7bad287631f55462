"""``linkedin-bot status``: the bot on one screen (``--json`` for scripts).

Where everything is, whether the service answers, the LinkedIn session, the cool-down,
today's and this week's quotas, the schedule, the last run of each kind. Read-only
(``cli/status_report.py``): safe at any moment, while ``serve`` or a run goes on.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import typer

from linkedin_bot.cli.common import load_settings, run_async

if TYPE_CHECKING:
    from linkedin_bot.cli.status_report import StatusReport

QUOTA_WORDS = {"birthday_message": "messages", "profile_visit": "profile visits"}
WINDOW_WORDS = {"day": "today", "7d": "last 7 days", "run": "this run"}


def status(
    json_output: bool = typer.Option(False, "--json", help="One JSON document, for scripts."),
) -> None:
    """Where everything is, the LinkedIn session, the cool-down, quotas, the schedule, the
    last and next runs. Reads only: safe while `serve` or a run is going on."""
    from linkedin_bot.cli.status_report import gather
    from linkedin_bot.core.clock import SystemClock

    settings = load_settings()
    report = run_async(gather(settings, SystemClock()))
    if json_output:
        import json

        typer.echo(json.dumps(report.as_json(), default=_json_value, indent=2, ensure_ascii=False))
        return
    _show(report)


def _json_value(value: object) -> object:
    """Runs (ORM rows) and times in the JSON document."""
    if isinstance(value, datetime):
        return value.isoformat()
    from linkedin_bot.db.models import CampaignRun

    if isinstance(value, CampaignRun):
        return {
            "id": value.id,
            "kind": value.kind,
            "status": value.status,
            "dry_run": value.dry_run,
            "trigger": value.trigger,
            "stats": value.stats,
            "error": value.error,
            "created_at": value.created_at,
            "started_at": value.started_at,
            "finished_at": value.finished_at,
        }
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _local(value: str | datetime | None, report: StatusReport) -> str:
    from zoneinfo import ZoneInfo

    if value is None:
        return "-"
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    local = moment.astimezone(ZoneInfo(report.timezone))
    day = local.date()
    today = report.now.astimezone(ZoneInfo(report.timezone)).date()
    when = {0: "today", 1: "tomorrow", -1: "yesterday"}.get((day - today).days, f"{day:%a %d %b}")
    return f"{when} {local:%H:%M}"


def _paths_rows(report: StatusReport) -> list[tuple[str, str]]:
    from rich.markup import escape

    p, db = report.paths, report.database

    def there(path: str, exists: bool | None) -> str:
        return escape(path) + ("" if exists or exists is None else " [dim](not yet)[/]")

    configs = [there(c["path"], c["exists"]) for c in p["config_files"]]
    rows = [
        ("Data directory", there(p["data_dir"]["path"], p["data_dir"]["exists"])),
        ("Database", f"{db['kind']}: " + there(db["where"], db["exists"])),
        ("Configuration", "\n".join(configs) + "\n[dim](.env files, the later wins)[/]"),
        ("Secrets", p["secrets_dir"]),
    ]
    for label, key in (("API key", "api_key"), ("Encryption key", "encryption_key")):
        secret = p[key]
        rows.append(
            (
                label,
                "from the environment"
                if secret["source"] == "environment"
                else there(secret["path"], secret["exists"]),
            )
        )
    backups = p["backups"]
    newest = f", newest {backups['newest']}" if backups["newest"] else ""
    rows.append(("Backups", f"{escape(backups['path'])} ({backups['count']} files{newest})"))
    rows.append(("Run logs", escape(p["log_file"])))
    rows.append(("Templates", escape(p["templates_dir"] or "packaged")))
    return rows


def _session_text(session: dict[str, Any], report: StatusReport) -> str:
    from rich.markup import escape

    if not session.get("present"):
        return "[red]none saved[/]: linkedin-bot auth import"
    if session.get("problem"):
        return f"[red]unusable[/]: {escape(session['problem'])}"
    expires = session.get("expires_at")
    parts = ["[red]expired[/]" if session.get("expired") else "[green]saved[/]"]
    parts.append(f"expires {_local(expires, report)}" if expires else "expiry unknown")
    valid, checked = session.get("valid"), session.get("last_validated_at")
    if valid is None:
        parts.append("never checked on LinkedIn yet")
    else:
        verdict = "worked" if valid else "[red]was refused[/]"
        parts.append(f"{verdict} at the last check ({_local(checked, report)})")
    return ", ".join(parts)


def _cooldown_text(bot: dict[str, Any], report: StatusReport) -> str:
    from rich.markup import escape

    cooldown = bot.get("cooldown")
    if cooldown is None:
        breaker = bot.get("circuit_breaker") or {}
        if breaker.get("state", "closed") != "closed":
            reason = escape(breaker.get("reason") or "recent failures")
            return f"[yellow]paused[/]: the shared circuit breaker is {breaker['state']} ({reason})"
        return "[green]none[/]: LinkedIn may be contacted"
    reason = escape(str(cooldown["reason"]).rstrip("."))
    if cooldown["until"] is None:
        return f"[red]until a new session is imported[/]: {reason}"
    return (
        f"[red]until {_local(cooldown['until'], report)}[/] ({escape(cooldown['signal'])}): "
        f"{reason}. `linkedin-bot resume` ends it early"
    )


def _quota_text(windows: list[dict[str, Any]]) -> str:
    return "; ".join(
        f"{w['used']} of {w['limit']} {WINDOW_WORDS.get(w['window'], w['window'])}"
        f" ({w['remaining']} left)"
        for w in windows
    )


def _run_text(run: Any, report: StatusReport) -> str:
    if run is None:
        return "never"
    when = _local(run.finished_at or run.started_at or run.created_at, report)
    dry = " (dry run)" if run.dry_run else ""
    sent = run.stats.get("sent", run.stats.get("visited"))
    done = f", {sent} done" if isinstance(sent, int) else ""
    return f"#{run.id} {when}: {run.status}{dry}{done} ({run.trigger})"


def _schedule_rows(report: StatusReport) -> list[tuple[str, str]]:
    from zoneinfo import ZoneInfo

    service = report.service
    if service["running"]:
        serving = f"[green]answering[/] at {service['url']}"
    else:
        serving = f"not answering at {service['url']} (the schedule runs inside `serve`)"
    hours = report.working_hours
    local = report.now.astimezone(ZoneInfo(report.timezone))
    rows = [
        ("Service", serving),
        (
            "Working hours",
            f"{hours['start']:02d}:00-{hours['end']:02d}:00 {report.timezone} (it is "
            f"{local:%H:%M} there: {'inside' if hours['open_now'] else 'outside'})",
        ),
    ]
    for job in report.schedule:
        if not job["enabled"]:
            why = "SCHEDULER_ENABLED=false" if job["schedule"] != "off" else "schedule off"
            text = f"off ({why})"
        elif job["window_end"] is not None:
            end = job["window_end"].astimezone(ZoneInfo(report.timezone))
            text = f"next {_local(job['next_run'], report)}-{end:%H:%M} (a random minute)"
        else:
            text = f"next {_local(job['next_run'], report)}"
        if job["paused"]:
            since = f" since {_local(job['paused_at'], report)}" if job.get("paused_at") else ""
            text = f"[yellow]paused{since}[/]: `linkedin-bot schedule resume` resumes it"
        rows.append((f"Schedule: {job['job']}", text))
    return rows


def _show(report: StatusReport) -> None:
    from rich.markup import escape
    from rich.table import Table

    from linkedin_bot.cli.common import console

    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, text in _paths_rows(report):
        table.add_row(label, text)
    table.add_row("LinkedIn session", _session_text(report.session, report))
    bot = report.bot
    if bot is not None:
        table.add_row("Cool-down", _cooldown_text(bot, report))
        for kind, windows in bot["quotas"].items():
            table.add_row(f"Quota: {QUOTA_WORDS.get(kind, kind)}", _quota_text(windows))
    for label, text in _schedule_rows(report):
        table.add_row(label, text)
    if bot is not None:
        if bot["active_run"] is not None:
            table.add_row("Running now", _run_text(bot["active_run"], report))
        for kind, run in bot["last_runs"].items():
            table.add_row(f"Last run: {kind}", _run_text(run, report))
    console.print(table, highlight=False)
    for problem in report.problems:
        console.print(f"[yellow]note:[/] {escape(problem)}", highlight=False, soft_wrap=True)
