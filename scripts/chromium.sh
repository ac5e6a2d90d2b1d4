#!/usr/bin/env bash
# Makes Debian's chromium available at /usr/bin/chromium for the browser tests (Playwright drives it headless).
# Installed from Debian's packages only: Playwright's own browser download is never used. Idempotent.
# Without recommended packages: on Debian 12 that is 25 libraries and chromium, none upgraded; with them it would be
# 130 packages, 15 installed ones upgraded, and daemons (systemd, udev, avahi-daemon, upower) the tests never use.
# `install` upgrades an installed package only when chromium needs a newer version of it; nothing else is touched.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
/usr/bin/chromium --version
