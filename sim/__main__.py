"""`python -m sim --port 8100 --seed 1 --variant sdui`: run the simulator standalone.

It prints `base_url=...` and `li_at=...` (the simulator's own throw-away session cookie)
once it listens, then serves until interrupted.
"""

from __future__ import annotations

import argparse
import socket
import sys
from datetime import date

import uvicorn

from sim.app import create_app
from sim.server import teach_uvicorn_status_999
from sim.state import SimState
from sim.variants import VARIANTS, parse_variant


def _variant(value: str) -> str:
    try:
        return parse_variant(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sim", description="Local LinkedIn simulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100, help="0 picks a free port")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--birthdays-today", type=int, default=5)
    parser.add_argument("--birthdays-late", type=int, default=3)
    parser.add_argument(
        "--unnamed-birthdays",
        type=int,
        default=0,
        help="birthdays today whose displayed name tells no first name (the bot must skip)",
    )
    parser.add_argument("--work-anniversaries", type=int, default=2)
    parser.add_argument("--job-changes", type=int, default=2)
    parser.add_argument("--prospects", type=int, default=100)
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
    parser.add_argument("--li-at", default=None, help="the valid li_at cookie (random by default)")
    parser.add_argument(
        "--variant",
        type=_variant,
        default="A",
        metavar="{" + ",".join(VARIANTS) + "}",
        help="DOM variant served (default: A)",
    )
    parser.add_argument(
        "--class-salt",
        default=None,
        help="salt of the sdui variant's hashed class names (random by default)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    state = SimState(
        today=args.today, valid_li_at=args.li_at, variant=args.variant, class_salt=args.class_salt
    )
    try:
        state.reset(
            args.seed,
            connections=args.connections,
            birthdays_today=args.birthdays_today,
            birthdays_late=args.birthdays_late,
            prospects=args.prospects,
            unnamed_birthdays=args.unnamed_birthdays,
            work_anniversaries=args.work_anniversaries,
            job_changes=args.job_changes,
        )
    except ValueError as error:
        sys.exit(f"python -m sim: error: {error}")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
        sock.listen(128)  # connections made right after the URL is printed wait for uvicorn
    except OSError as error:
        sys.exit(f"python -m sim: error: cannot listen on {args.host}:{args.port}: {error}")
    port = sock.getsockname()[1]
    sys.stdout.write(f"base_url=http://{args.host}:{port}\n")
    sys.stdout.write(f"li_at={state.valid_li_at}\n")
    sys.stdout.write(f"variant={state.faults.variant}\n")
    sys.stdout.flush()
    teach_uvicorn_status_999()
    config = uvicorn.Config(create_app(state), log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    main()
