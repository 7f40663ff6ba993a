#!/usr/bin/env bash
# The demo on a fresh Debian 12 machine: installs what is missing, starts an engine if needed,
# builds the test images and dtx, then runs examples/quickstart through `dtx run`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/install-deps.sh
# shellcheck source=engine.sh
source scripts/engine.sh
ensure_engine
bash tests/images/build.sh postgres redis
bash scripts/build.sh

echo
echo "+ dtx run -f examples/quickstart/compose.yaml -- examples/quickstart/check.sh"
exec build/dtx run -f examples/quickstart/compose.yaml -- examples/quickstart/check.sh
