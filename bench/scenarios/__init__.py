"""The scenarios, in the order they run. Add a module here to add a measurement.

``SCENARIOS`` run once per backend, on its seeded database; ``GLOBAL_SCENARIOS`` run once,
after the backends, and bring their own database.
"""

from __future__ import annotations

from bench.scenarios import (
    api_lists,
    birthday_sql,
    campaign,
    cli_start,
    cold_start,
    dashboard_memory,
    ledger,
    post_campaign,
    query_lists,
)
from bench.scenarios.base import GlobalScenario, Scenario

SCENARIOS: list[Scenario] = [
    birthday_sql,
    query_lists,
    ledger,
    post_campaign,
    cold_start,
    dashboard_memory,
    api_lists,
]
GLOBAL_SCENARIOS: list[GlobalScenario] = [cli_start, campaign]
