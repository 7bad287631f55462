"""Benchmarks of the HTTP API and its queries on SQLite and PostgreSQL (``python -m bench``).

Layout: ``runner`` prepares each backend (seed, migrate, serve) and runs the scenario
modules of ``bench.scenarios`` against it; ``report`` writes ``bench/results/latest.*``.
A new scenario is a new module in ``bench/scenarios/`` added to its ``SCENARIOS`` list.
"""
