#!/usr/bin/env bash
# One-time (idempotent) set-up on Debian 12 / Ubuntu 24.04: system libraries Qt, PDF checks
# and the test PostgreSQL need, then a virtual environment in .venv with sbpdesk installed.
# Run as root or with sudo available. Usage: bash packaging/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

APT_PACKAGES="python3 python3-venv python3-pip libglib2.0-0 libgl1 libegl1 libfontconfig1
 libxkbcommon0 libdbus-1-3 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4
 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0
 libxcb-xkb1 xvfb xauth poppler-utils libcups2 postgresql"

missing=""
for p in $APT_PACKAGES; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "== apt: installing$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# The distribution's interpreter: the one the apt step installs with its venv module (an
# earlier python3 on PATH, such as pyenv's, may lack that module; the distribution's build
# is also the faster one — decision 0047). PYTHON=/path/to/python chooses another.
if [ -n "${PYTHON:-}" ]; then PY=$PYTHON
elif [ -x /usr/bin/python3 ]; then PY=/usr/bin/python3
else PY=python3
fi
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  "$PY" -m venv .venv
fi
echo "== pip: installing sbpdesk and its test tools"
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
# `encryption`: SQLCipher for encrypted books (decision 0200); its tests run in CI
.venv/bin/python -m pip install -q -e ".[dev,office,encryption]"
echo "== translations: resources/i18n/*.qm from the .ts (pyside6-lrelease)"
.venv/bin/python -c 'from sbpdesk.ui import i18n; i18n.run_lrelease(i18n.ts_path("en"), i18n.qm_path("en"))'
echo "== ready: .venv/bin/sbpdesk"
