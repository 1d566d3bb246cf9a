#!/usr/bin/env bash
# Install what carrousel needs on a fresh Debian/Ubuntu machine, into ./.venv.
#   bash scripts/setup.sh          runtime only
#   bash scripts/setup.sh --test   plus what the test suite needs
set -euo pipefail
cd "$(dirname "$0")/.."

apt_pkgs=(libharfbuzz-subset0)          # HarfBuzz subsetter: write_pdf 2.4 s -> 0.15 s
# Fallback fonts, pinned (carrousel/fonts.py checks the installed fonts' versions): CJK (56 MB download),
# Hebrew, maths and symbols (12 MB). fontconfig is pointed at these files only during a build.
apt_pkgs+=("fonts-noto-cjk=1:20220127+repack1-1" "fonts-noto-core=20201225-1")
if [ "${1:-}" = "--test" ]; then
  apt_pkgs+=(poppler-utils)              # pdffonts / pdfinfo in tests
  apt_pkgs+=(chromium)                   # browser tests of the preview (Playwright drives it; it downloads nothing)
fi
missing=()
for pkg in "${apt_pkgs[@]}"; do
  name="${pkg%%=*}"; want="${pkg#*=}"
  have="$(dpkg-query -W -f='${Status} ${Version}' "$name" 2>/dev/null || true)"
  if [ "$name" = "$pkg" ]; then
    [[ "$have" == "install ok installed"* ]] || missing+=("$pkg")
  else
    [ "$have" = "install ok installed $want" ] || missing+=("$pkg")
  fi
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
