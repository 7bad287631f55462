"""`python -m sim --port 8100 --seed 1`: run the simulator standalone."""

from __future__ import annotations

import argparse
from datetime import date

import uvicorn

from sim.app import create_app
from sim.state import SimState


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sim", description="Local LinkedIn simulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--birthdays-today", type=int, default=5)
    parser.add_argument("--birthdays-late", type=int, default=3)
    parser.add_argument("--prospects", type=int, default=100)
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
    parser.add_argument("--li-at", default=None, help="the valid li_at cookie (random by default)")
    parser.add_argument("--variant", choices=("A", "B"), default="A")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    state = SimState(today=args.today, valid_li_at=args.li_at)
    state.reset(
        args.seed,
        connections=args.connections,
        birthdays_today=args.birthdays_today,
        birthdays_late=args.birthdays_late,
        prospects=args.prospects,
    )
    state.set_faults(variant=args.variant)
    uvicorn.run(create_app(state), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
