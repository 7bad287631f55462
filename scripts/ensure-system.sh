#!/usr/bin/env bash
# Installs the Debian packages a make target needs, when they are missing.
# Usage: scripts/ensure-system.sh PACKAGE:COMMAND [PACKAGE:COMMAND ...]
# A pair is satisfied when COMMAND is on the PATH (or is an existing file).
# As root it installs the missing packages with apt-get; otherwise it says what to install.
set -euo pipefail

missing=()
for pair in "$@"; do
  pkg=${pair%%:*}
  cmd=${pair#*:}
  if [ "$cmd" = "python3-venv" ]; then
    python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=("$pkg")
  elif ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "$cmd" ]; then
    missing+=("$pkg")
  fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
