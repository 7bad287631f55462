"""Prometheus metrics, defined once at module level (``linkedin_<noun>_<unit>``).

Counters and histograms are recorded where things happen. Gauges that describe shared state
(quotas left, messages in doubt, session validity, breaker state, last successful run) are
computed from the database at scrape time by ``services/metrics_state.py``, so every
process serving /metrics reports the same, true value; with several server processes
(``PROMETHEUS_MULTIPROC_DIR`` set) the most recent value of a live process is reported.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

HTTP_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
BROWSER_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
DB_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)
RUN_BUCKETS = (1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200)

# --- the production plan's metrics, under the plan's names ---------------------------------
BIRTHDAY_MESSAGES_SENT = Counter(
    "linkedin_birthday_messages_sent_total",
    "Birthday messages by outcome (sent, failed, in_doubt, dry_run).",
    ["status"],
)
API_REQUEST_DURATION = Histogram(
    "linkedin_api_request_duration_seconds",
    "HTTP API request latency, by route template.",
    ["method", "route", "status"],
    buckets=HTTP_BUCKETS,
)
RATE_LIMIT_REMAINING = Gauge(
    "linkedin_rate_limit_remaining",
    "Birthday messages left in each quota window (daily, weekly).",
    ["period"],
    multiprocess_mode="livemostrecent",
)
CONTACTS_PROCESSED = Counter(
    "linkedin_contacts_processed_total",
    "Contacts processed by a campaign, by source (birthday, sourcing) and outcome.",
    ["source", "outcome"],
)
ERRORS = Counter(
    "linkedin_errors_total",
    "Errors, by type and service.",
    ["type", "service"],
)

# --- ours -----------------------------------------------------------------------------------
CIRCUIT_BREAKER_STATE = Gauge(
    "linkedin_circuit_breaker_state",
    "Circuit breaker state: 0 closed, 1 half-open, 2 open.",
    multiprocess_mode="livemostrecent",
)
CIRCUIT_BREAKER_TRIPS = Counter(
    "linkedin_circuit_breaker_trips_total",
    "Times the circuit breaker opened, by reason (failures, restriction).",
    ["reason"],
)
RESTRICTIONS_DETECTED = Counter(
    "linkedin_restrictions_detected_total",
    "LinkedIn restriction signals seen (http_999, http_429, checkpoint, limit_page).",
    ["signal"],
)
PAGE_CHANGED = Counter(
    "linkedin_page_changed_total",
    "LinkedIn pages that no longer read as the driver knows them (drift canary), by page.",
    ["page"],
)
CAMPAIGN_RUNS = Counter(
    "linkedin_campaign_runs_total",
    "Finished campaign runs, by kind and final status.",
    ["kind", "status"],
)
CAMPAIGN_RUN_DURATION = Histogram(
    "linkedin_campaign_run_duration_seconds",
    "Duration of campaign runs, by kind.",
    ["kind"],
    buckets=RUN_BUCKETS,
)
LAST_SUCCESSFUL_RUN = Gauge(
    "linkedin_last_successful_run_timestamp_seconds",
    "Unix time of the last successful run, by kind.",
    ["kind"],
    multiprocess_mode="livemostrecent",
)
PROFILE_VISITS = Counter(
    "linkedin_profile_visits_total",
    "Profile visits, by outcome (visited, failed, skipped).",
    ["outcome"],
)
VISITS_REMAINING = Gauge(
    "linkedin_profile_visits_remaining",
    "Profile visits left in today's quota.",
    multiprocess_mode="livemostrecent",
)
SELECTOR_FALLBACKS = Counter(
    "linkedin_selector_fallbacks_total",
    "Elements found only by a fallback selector, by element.",
    ["element"],
)
BROWSER_ACTION_DURATION = Histogram(
    "linkedin_browser_action_duration_seconds",
    "Duration of browser actions, by action.",
    ["action"],
    buckets=BROWSER_BUCKETS,
)
MESSAGES_IN_DOUBT = Gauge(
    "linkedin_messages_in_doubt",
    "Messages that may have been sent and are not confirmed (status unknown).",
    multiprocess_mode="livemostrecent",
)
QUOTA_EXHAUSTED = Counter(
    "linkedin_quota_exhausted_total",
    "Runs stopped by a full quota window, by kind and window.",
    ["kind", "window"],
)
SESSION_VALID = Gauge(
    "linkedin_session_valid",
    "1 when the saved LinkedIn session passed its last check, 0 otherwise.",
    multiprocess_mode="livemostrecent",
)
SESSION_EXPIRES = Gauge(
    "linkedin_session_expiry_timestamp_seconds",
    "Unix time the saved li_at cookie expires (0 when none).",
    multiprocess_mode="livemostrecent",
)
DB_QUERY_DURATION = Histogram(
    "linkedin_db_query_duration_seconds",
    "Database statement durations, by statement kind (select, insert, update, delete).",
    ["operation"],
    buckets=DB_BUCKETS,
)
ACTIVE_RUNS = Gauge(
    "linkedin_active_runs",
    "Campaign runs queued or running for the account.",
    multiprocess_mode="livemostrecent",
)
COOLDOWN_ACTIVE = Gauge(
    "linkedin_cooldown_active",
    "1 while a cool-down forbids any request to LinkedIn, by kind (restriction: timed; "
    "session_expired: until a new session is imported).",
    ["kind"],
    multiprocess_mode="livemostrecent",
)
COOLDOWN_UNTIL = Gauge(
    "linkedin_cooldown_until_timestamp_seconds",
    "Unix time the restriction cool-down in force ends (0 when none, or none timed).",
    multiprocess_mode="livemostrecent",
)
DASHBOARD_SIGN_INS = Counter(
    "linkedin_dashboard_sign_ins_total",
    "Dashboard sign-in attempts, by result (signed_in, refused, limited).",
    ["result"],
)
