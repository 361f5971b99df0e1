#!/usr/bin/env bash
# Debian packages kehoach needs, installed only when missing (quick when all are present).
#   run:  pango and harfbuzz for WeasyPrint (PDF), fonts with every Vietnamese letter
#         (Liberation Serif 2 — never fonts-liberation 1.x — and DejaVu)
#   test: the above, plus LibreOffice headless (recalculates the XLSX, opens every file),
#         poppler (pdftotext, pdftoppm) and Debian's Chromium for the browser journeys (never a
#         browser downloaded by a test tool)
set -euo pipefail
RUN=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core
     fonts-liberation2)
TEST=(poppler-utils libreoffice-calc-nogui libreoffice-writer-nogui chromium)
wanted=("${RUN[@]}")
[ "${1:-run}" = "test" ] && wanted+=("${TEST[@]}")
missing=()
for pkg in "${wanted[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "kehoach: please install these Debian packages: ${missing[*]}" >&2
  exit 0  # the tests that need them say so and skip
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
