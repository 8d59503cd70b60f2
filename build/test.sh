#!/usr/bin/env bash
# The README's test command: installs what the tests need on a fresh machine, then runs every test.
#   build/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The experiment report's HTML is checked in headless Chromium (Debian's package; the tests never download a browser).
if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM_PATH:-}" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "build/test.sh: Chromium is needed by the report tests; install Debian's 'chromium' package (or set CHROMIUM_PATH) and rerun." >&2
    exit 1
  fi
fi

exec dotnet test Microsoft.ML.SemanticContext.sln -c Release "$@"
