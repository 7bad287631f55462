"""Write ``latest.json`` and ``latest.md``: every figure, and the table a person reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.config import P95_TARGET_MS


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _cell(row: dict[str, Any] | None) -> str:
    if row is None:
        return "n/a"
    if row["errors"]:
        return f"✗ {row['errors']} errors"
    mark = "✓" if row["p95_ms"] is not None and row["p95_ms"] < P95_TARGET_MS else "✗"
    return f"{_ms(row['p50_ms'])} / {_ms(row['p95_ms'])} / {_ms(row['p99_ms'])} {mark}"


def latency_table(data: dict[str, Any], kind: str, concurrency: int) -> str:
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
        cells = " | ".join(_cell(by_backend.get(b)) for b in backends)
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
        seed = info["seed"]
        lines.append(
            f"- {backend} {info['version']}: seed {seed['total_s']:.1f} s "
            f"(contacts {seed['contacts_s']:.1f} s, interactions {seed['interactions_s']:.1f} s, "
            f"indexes {seed['indexes_s']:.1f} s, analyze {seed['analyze_s']:.1f} s); "
            f"cold start to /ready {info.get('cold_start_s', 0):.2f} s; load average "
            f"{info['loadavg_before'][0]:.1f} before, {info['loadavg_after'][0]:.1f} after"
        )
    lines.append(f"- total wall time: {data['wall_time_s']:.0f} s")
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


def markdown(data: dict[str, Any]) -> str:
    target = f"target p95 < {P95_TARGET_MS:g} ms: ✓ met, ✗ missed"
    sections = [
        "# linkedin-bot API benchmark",
        _setup(data),
        f"## HTTP latency, concurrency 1 (client side; {target})",
        latency_table(data, "http", 1),
    ]
    for concurrency in data["config"]["concurrency"]:
        if concurrency != 1:
            sections += [
                f"## HTTP latency, concurrency {concurrency}",
                latency_table(data, "http", concurrency),
            ]
    sections += [
        "## Query functions in-process (database + ORM, no HTTP)",
        latency_table(data, "sql", 1),
        "## Birthday query",
        _birthdays(data),
    ]
    return "\n\n".join(s for s in sections if s) + "\n"


def write(data: dict[str, Any], results_dir: Path) -> tuple[Path, Path]:
    results_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = results_dir / "latest.json", results_dir / "latest.md"
    json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(markdown(data), encoding="utf-8")
    return json_path, md_path
