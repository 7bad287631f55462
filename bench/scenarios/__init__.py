"""The scenarios, in the order they run. Add a module here to add a measurement."""

from __future__ import annotations

from bench.scenarios import api_lists, birthday_sql, query_lists
from bench.scenarios.base import Scenario

SCENARIOS: list[Scenario] = [birthday_sql, query_lists, api_lists]
