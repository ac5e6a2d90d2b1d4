#!/usr/bin/env bash
# Installs Redocly's CLI (npm package @redocly/cli, pinned) into .tools/redocly, for the test that lints the served
# OpenAPI document with `redocly lint` (the recommended rules). Uses the machine's Node.js and npm; idempotent.
# Lint by hand: .tools/redocly/node_modules/.bin/redocly lint http://localhost:5080/openapi/v1.json
set -euo pipefail
cd "$(dirname "$0")/.."
version=2.77.0
tools=.tools/redocly
bin="$tools/node_modules/.bin/redocly"
if [ ! -x "$bin" ] || [ "$("$bin" --version)" != "$version" ]; then
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "@redocly/cli@$version" >/dev/null
fi
"$bin" --version
