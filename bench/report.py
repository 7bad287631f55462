"""Write ``latest.json`` and ``latest.md``: every figure, and the table a person reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.config import P95_TARGET_MS

WALL_TARGET_S = 15 * 60  # `make bench` end to end


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _cell(row: dict[str, Any] | None, *, marked: bool = True) -> str:
    if row is None:
        return "n/a"
    if row["errors"]:
        return f"✗ {row['errors']} errors"
    figures = f"{_ms(row['p50_ms'])} / {_ms(row['p95_ms'])} / {_ms(row['p99_ms'])}"
    if not marked:
        return figures
    mark = "✓" if row["p95_ms"] is not None and row["p95_ms"] < P95_TARGET_MS else "✗"
    return f"{figures} {mark}"


def latency_table(data: dict[str, Any], kind: str, concurrency: int, *, marked: bool = True) -> str:
    backends = list(data["backends"])
    rows: dict[str, dict[str, dict[str, Any]]] = {}
    for backend, info in data["backends"].items():
        for scenario in info["scenarios"]:
            for row in scenario["latencies"]:
                if row["kind"] == kind and row["concurrency"] == concurrency:
                    rows.setdefault(row["scenario"], {})[backend] = row
    if not rows:
        return ""
    head = "| scenario | " + " | ".join(f"{b} p50 / p95 / p99 ms" for b in backends) + " |"
    lines = [head, "|---" * (len(backends) + 1) + "|"]
    for name, by_backend in rows.items():
        cells = " | ".join(_cell(by_backend.get(b), marked=marked) for b in backends)
        lines.append(f"| {name} | {cells} |")
    return "\n".join(lines)


def _setup(data: dict[str, Any]) -> str:
    cfg, machine = data["config"], data["machine"]
    lines = [
        f"- machine: {machine['cpu']}, {machine['cores']} cores, {machine['ram_gb']} GB RAM, "
        f"Python {machine['python']}, {machine['date']}",
        f"- data: {cfg['contacts']:,} contacts, {cfg['interactions']:,} interactions; "
        f"{cfg['requests']} measured requests per scenario after {cfg['warmup']} warm-up, "
        f"limit 50, keep-alive, uvicorn 1 worker",
    ]
    for backend, info in data["backends"].items():
        seed = info.get("seed")
        if seed is None:
            continue
        lines.append(
            f"- {backend} {info['version']}: seed {seed['total_s']:.1f} s "
            f"(contacts {seed['contacts_s']:.1f} s, interactions {seed['interactions_s']:.1f} s, "
            f"indexes {seed['indexes_s']:.1f} s, analyze {seed['analyze_s']:.1f} s); "
            f"cold start to /ready {info.get('cold_start_s', 0):.2f} s; load average "
            f"{info['loadavg_before'][0]:.1f} before, {info['loadavg_after'][0]:.1f} after"
        )
    wall = data["wall_time_s"]
    mark = "✓ met" if wall < WALL_TARGET_S else "✗ missed"
    lines.append(f"- total wall time: {wall:.0f} s (target < {WALL_TARGET_S:.0f} s: {mark})")
    return "\n".join(lines)


def _birthdays(data: dict[str, Any]) -> str:
    parts = []
    for backend, info in data["backends"].items():
        for scenario in info["scenarios"]:
            if scenario["name"] != "birthday_sql":
                continue
            d = scenario["details"]
            parts.append(
                f"**{backend}**: `birthdays_on({d['month']}, {d['day']})` → {d['rows']} rows; "
                f"median of {d['runs']}: {d['function_median_ms']:.2f} ms (function, ORM) / "
                f"{d['raw_sql_median_ms']:.2f} ms (raw SQL)\n\n```\n{d['sql']}\n\n{d['plan']}\n```"
            )
    return "\n\n".join(parts)


def _all_scenarios(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = [
        (backend, scenario)
        for backend, info in data["backends"].items()
        for scenario in info.get("scenarios", [])
    ]
    return found + [("—", scenario) for scenario in data.get("scenarios", [])]


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, int) or float(value).is_integer():
        number = f"{int(value):,}"
    else:
        number = f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return f"{number} {unit}".strip()


def targets_table(data: dict[str, Any]) -> str:
    lines = ["| measurement | backend | value | target | | notes |", "|---|---|---|---|---|---|"]
    marks = {True: "✓ met", False: "✗ missed", None: ""}
    for backend, scenario in _all_scenarios(data):
        for row in scenario["details"].get("checks", []):
            lines.append(
                f"| {row['name']} | {backend} | {_value(row['value'], row['unit'])} | "
                f"{row['goal']} | {marks[row['met']]} | {row['note']} |"
            )
    return "\n".join(lines) if len(lines) > 2 else ""


def _ledger(data: dict[str, Any]) -> str:
    lines = [
        "| backend | phase | attempts | reserved (workers) | rows in the database | s | per s |",
        "|---|---|---|---|---|---|---|",
    ]
    for backend, scenario in _all_scenarios(data):
        if scenario["name"] != "ledger":
            continue
        for label, p in scenario["details"]["phases"].items():
            lines.append(
                f"| {backend} | {label} | {p['attempts']} | {p['claimed']} | {p['rows']} | "
                f"{p['seconds']:.2f} | {_value(p['per_second'], '')} |"
            )
    return "\n".join(lines) if len(lines) > 2 else ""


def _campaign(data: dict[str, Any]) -> str:
    parts = []
    for _backend, scenario in _all_scenarios(data):
        if scenario["name"] != "campaign":
            continue
        d = scenario["details"]
        runs = "\n".join(
            f"| {r['run']} | {r['day']} | {r['status']} | {r.get('found', '—')} | "
            f"{r['stats'].get('sent', 0)} | {r['stats'].get('skipped_already_wished', 0)} | "
            f"{r.get('session_s', 0):.1f} | {r.get('list_read_s', 0):.1f} | "
            f"{r.get('after_list_s', 0):.1f} | {r['total_s']:.1f} |"
            for r in d["runs"]
        )
        memory = "\n".join(
            f"| {n} | {m['rss_mb']:.0f} | {m['python_rss_mb']:.0f} | {m['browser_rss_mb']:.0f} | "
            f"{m['pss_mb'] if m['pss_mb'] is not None else '—'} | {m['processes']} | "
            + ", ".join(f"{k} {v:.0f}" for k, v in m.get("by_type_pss_mb", {}).items())
            + " |"
            for n, m in d["memory_at"].items()
        )
        peak = d["peak"] or {}
        parts.append(
            f"{d['contacts']:,} birthdays, {d['sent']:,} sent, {d['delivered_by_simulator']:,} "
            f"delivered by the simulator; {d['wall_s']:.0f} s wall: "
            f"{d['ms_per_contact']:.0f} ms per contact overall, "
            f"{d['ms_per_contact_sending']:.0f} ms per contact once the list is read. "
            f"Peak RSS {peak.get('rss_mb', 0):.0f} MB (Python {peak.get('python_rss_mb', 0):.0f}, "
            f"browser and driver {peak.get('browser_rss_mb', 0):.0f}, "
            f"{peak.get('processes', 0)} processes), sampled {d['samples']} times every 150 ms. "
            f"CPU seconds: {d.get('cpu_s', {})}.\n\n"
            "| run | day | status | cards found | sent | skipped (already wished) | browser + "
            "session s | list read s | sends s | total s |\n"
            + "|---" * 10
            + "|\n"
            + runs
            + "\n\n| after message | RSS MB | Python RSS | browser + driver RSS | PSS MB | "
            "processes | PSS by process type, MB |\n|---|---|---|---|---|---|---|\n" + memory
        )
    return "\n\n".join(parts)


def _cli_start(data: dict[str, Any]) -> str:
    lines = [
        "| command | wall ms | CPU ms | wall / `python -c pass` | CPU / `python -c pass` |",
        "|---|---|---|---|---|",
    ]
    when = ""
    for _backend, scenario in _all_scenarios(data):
        if scenario["name"] != "cli_start":
            continue
        details = scenario["details"]
        load = details.get("loadavg", [None])[0]
        when = f"Measured {details.get('measured_at', '?')}" + (
            f", load average {load:.1f} at the end." if load is not None else "."
        )
        for label, row in details["commands"].items():
            cpu = "—" if row["cpu_ratio"] is None else f"{row['cpu_ratio']:.1f}x"
            lines.append(
                f"| `{label}` | {row['wall_ms']:.0f} | {row['cpu_ms']:.0f} | "
                f"{row['wall_ratio']:.1f}x | {cpu} |"
            )
    return f"{when}\n\n" + "\n".join(lines) if len(lines) > 2 else ""


def markdown(data: dict[str, Any]) -> str:
    target = f"target p95 < {P95_TARGET_MS:g} ms: ✓ met, ✗ missed"
    sections = [
        "# linkedin-bot benchmark",
        _setup(data),
        "## Targets (issue 7)",
        targets_table(data),
        f"## HTTP latency, concurrency 1 (client side; {target})",
        latency_table(data, "http", 1),
    ]
    for concurrency in data["config"]["concurrency"]:
        if concurrency != 1:
            table = latency_table(data, "http", concurrency, marked=False)
            why = (
                f"{concurrency} clients at once share one uvicorn worker on this machine's "
                "cores with the load generator: each request waits for those ahead of it, so "
                f"p50 is about {concurrency} times a request's own time (the concurrency-1 "
                "figures). This shows throughput, not the latency the target is about."
            )
            sections += [
                f"## HTTP latency, concurrency {concurrency} (a measurement, not a target row)",
                f"{why}\n\n{table}" if table else "",
            ]
    sections += [
        "## Query functions in-process (database + ORM, no HTTP)",
        latency_table(data, "sql", 1),
        "## Birthday query",
        _birthdays(data),
        "## Quota ledger",
        _ledger(data),
        "## Birthday campaign against the simulator",
        _campaign(data),
        "## CLI start-up (medians, the same interpreter)",
        _cli_start(data),
    ]
    kept = [(a, b) for a, b in zip(sections[::2], sections[1::2], strict=True) if b]
    return "\n\n".join(part for pair in kept for part in pair) + "\n"


def write(data: dict[str, Any], results_dir: Path) -> tuple[Path, Path]:
    results_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = results_dir / "latest.json", results_dir / "latest.md"
    json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(markdown(data), encoding="utf-8")
    return json_path, md_path
