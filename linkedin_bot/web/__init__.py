"""The web dashboard: server-rendered pages (Jinja2) served by ``linkedin-bot serve`` at
``/``, beside the JSON API, for people who do not use curl.

Layout: :mod:`.security` (cookie, CSRF, failed sign-in limit), :mod:`.i18n` (English and
French), :mod:`.pages` (rendering, the signed-in viewer, forms, the HTML error pages),
:mod:`.routes` (one module per page). Pages call the services, like the API and the CLI:
nothing here talks to the database or LinkedIn directly.
"""
