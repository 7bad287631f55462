# syntax=docker/dockerfile:1
# linkedin-bot: the service and Debian's Chromium in one image, for amd64 and arm64
# (a Raspberry Pi 4 on a 64-bit OS). Build both with:
#   docker buildx build --platform linux/amd64,linux/arm64 -t linkedin-bot .
# or just `docker compose build` on the machine that runs it.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---- build: the locked dependencies, then the package itself, into /opt/venv ----------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# Exactly the locked versions, each checked against its hash (a layer that changes only
# when the lock file does).
COPY requirements/main.txt requirements/main.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/main.txt
COPY pyproject.toml README.md ./
COPY linkedin_bot ./linkedin_bot
COPY sim ./sim
# The package alone: its dependencies are the locked ones above.
RUN pip install --no-cache-dir --no-deps .

# ---- runtime ----------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE}
# Debian's Chromium headless shell (amd64 and arm64 alike) instead of Playwright's download,
# which has no arm64 Linux build of Chromium: the container never shows a window, and the
# shell takes a third less memory than the full browser. Versions are not pinned:
# bookworm's security updates replace chromium's version, and a pinned one would stop
# building.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium-headless-shell fonts-liberation \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 linkedin \
    && useradd --system --uid 10001 --gid linkedin --home-dir /data --no-create-home \
       --shell /usr/sbin/nologin linkedin \
    && mkdir -p /data \
    && chown linkedin:linkedin /data \
    && chmod 0700 /data
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    LINKEDIN_BOT_DATA_DIR=/data \
    LINKEDIN_BOT_HOST=0.0.0.0 \
    LINKEDIN_BOT_PORT=8000 \
    LINKEDIN_BOT_BROWSER_EXECUTABLE=/usr/bin/chromium-headless-shell
WORKDIR /app
USER 10001:10001
# The SQLite database, the generated API and encryption keys, the encrypted LinkedIn session.
VOLUME ["/data"]
EXPOSE 8000
# Liveness through /health (no I/O, no API key), with the Python already in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('LINKEDIN_BOT_PORT', '8000'), timeout=4)"]
CMD ["linkedin-bot", "serve"]
