#!/usr/bin/env bash
# Makes Debian's chromium available at /usr/bin/chromium for the browser tests (Playwright drives it headless).
# Installed from Debian's packages only: Playwright's own browser download is never used. Idempotent.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
/usr/bin/chromium --version
