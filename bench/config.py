"""What a benchmark run measures and at what size (the command-line flags)."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
BENCH_DATABASE = "linkedin_bot_bench"
API_KEY = "bench-api-key-0123456789abcdef"
RESULTS_DIR = Path(__file__).parent / "results"
BACKENDS = ("sqlite", "postgres")
P95_TARGET_MS = 10.0
# The scenarios' names (bench.scenarios imports this module: the names are listed here).
SCENARIO_NAMES = (
    "birthday_sql",
    "query_lists",
    "ledger",
    "post_campaign",
    "cold_start",
    "api_lists",
    "campaign",
    "cli_start",
)


@dataclass(frozen=True)
class BenchConfig:
    contacts: int = 100_000
    interactions: int = 1_000_000
    requests: int = 300
    warmup: int = 30
    concurrency: tuple[int, ...] = (1, 8)
    backends: tuple[str, ...] = BACKENDS
    birthday_runs: int = 200
    campaign_contacts: int = 1000
    post_requests: int = 100
    ledger_reservations: int = 1000
    ledger_processes: int = 8
    cold_starts: int = 3
    dashboard_rounds: int = 20
    cli_starts: int = 10
    skip: tuple[str, ...] = ()
    seed: int = 20_261_121
    postgres_url: str = DEFAULT_POSTGRES_URL
    results_dir: Path = RESULTS_DIR


def _csv(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def parse_args(argv: list[str] | None = None) -> BenchConfig:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Seed, serve and load the linkedin-bot API."
    )
    parser.add_argument("--contacts", type=int, default=BenchConfig.contacts)
    parser.add_argument("--interactions", type=int, default=BenchConfig.interactions)
    parser.add_argument("--requests", type=int, default=BenchConfig.requests, help="per scenario")
    parser.add_argument("--warmup", type=int, default=BenchConfig.warmup, help="per scenario")
    parser.add_argument(
        "--concurrency", default="1,8", help="comma-separated client concurrencies (default 1,8)"
    )
    parser.add_argument("--backends", default=",".join(BACKENDS), help="sqlite,postgres")
    parser.add_argument("--birthday-runs", type=int, default=BenchConfig.birthday_runs)
    parser.add_argument(
        "--campaign-contacts",
        type=int,
        default=BenchConfig.campaign_contacts,
        help="birthdays of the campaign scenario (runs of at most 500)",
    )
    parser.add_argument(
        "--post-requests",
        type=int,
        default=BenchConfig.post_requests,
        help="concurrent POST /campaigns/birthday",
    )
    parser.add_argument(
        "--ledger-reservations",
        type=int,
        default=BenchConfig.ledger_reservations,
        help="reservations per throughput phase (shared by its processes)",
    )
    parser.add_argument("--ledger-processes", type=int, default=BenchConfig.ledger_processes)
    parser.add_argument("--cold-starts", type=int, default=BenchConfig.cold_starts)
    parser.add_argument(
        "--dashboard-rounds",
        type=int,
        default=BenchConfig.dashboard_rounds,
        help="times every dashboard page is opened before its memory is read",
    )
    parser.add_argument(
        "--cli-starts",
        type=int,
        default=BenchConfig.cli_starts,
        help="measured runs of each CLI command (cli_start)",
    )
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated scenarios to leave out: " + ", ".join(SCENARIO_NAMES),
    )
    parser.add_argument("--seed", type=int, default=BenchConfig.seed, help="random seed of data")
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    args = parser.parse_args(argv)
    backends = _csv(args.backends)
    unknown = set(backends) - set(BACKENDS)
    if unknown:
        parser.error(f"--backends: unknown {sorted(unknown)}; choose from {BACKENDS}")
    skip = _csv(args.skip)
    unknown = set(skip) - set(SCENARIO_NAMES)
    if unknown:
        parser.error(f"--skip: unknown {sorted(unknown)}; choose from {SCENARIO_NAMES}")
    if (
        args.campaign_contacts < 1
        or args.post_requests < 2
        or min(args.cold_starts, args.cli_starts, args.dashboard_rounds) < 1
    ):
        parser.error(
            "--campaign-contacts >= 1, --post-requests >= 2, --cold-starts >= 1, --cli-starts >= 1"
        )
    if args.contacts < 200 or args.interactions < 1000:
        parser.error("--contacts must be >= 200 and --interactions >= 1000 (deep pages need data)")
    return BenchConfig(
        contacts=args.contacts,
        interactions=args.interactions,
        requests=args.requests,
        warmup=args.warmup,
        concurrency=tuple(int(c) for c in _csv(args.concurrency)),
        backends=backends,
        birthday_runs=args.birthday_runs,
        campaign_contacts=args.campaign_contacts,
        post_requests=args.post_requests,
        ledger_reservations=args.ledger_reservations,
        ledger_processes=args.ledger_processes,
        cold_starts=args.cold_starts,
        dashboard_rounds=args.dashboard_rounds,
        cli_starts=args.cli_starts,
        skip=skip,
        seed=args.seed,
        postgres_url=os.environ.get("LINKEDIN_BOT_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL),
        results_dir=args.results_dir,
    )
