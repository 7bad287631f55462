"""``python -m bench [--contacts N --interactions N --requests N --backends sqlite,postgres]``."""

from __future__ import annotations

from bench.config import parse_args
from bench.runner import run


def main() -> None:
    run(parse_args())


if __name__ == "__main__":
    main()
