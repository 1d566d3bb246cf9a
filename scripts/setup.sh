#!/usr/bin/env bash
# Install what carrousel needs on a fresh Debian/Ubuntu machine, into ./.venv.
#   bash scripts/setup.sh          runtime only
#   bash scripts/setup.sh --test   plus what the test suite needs
set -euo pipefail
cd "$(dirname "$0")/.."

apt_pkgs=(libharfbuzz-subset0)          # HarfBuzz subsetter: write_pdf 2.4 s -> 0.15 s
if [ "${1:-}" = "--test" ]; then
  apt_pkgs+=(poppler-utils)              # pdffonts / pdfinfo in tests
  apt_pkgs+=(chromium)                   # browser tests of the preview (Playwright drives it; it downloads nothing)
fi
missing=()
for pkg in "${apt_pkgs[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = "--test" ]; then
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  .venv/bin/python -m pip install -q -e ".[test]"
else
  .venv/bin/python -m pip install -q -e .
fi
