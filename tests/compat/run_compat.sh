#!/bin/sh
# CTest's entry for the docker-compose 1.29 compatibility test: run_compat.py does the work (see
# it and README.md). This wrapper only makes a missing python a skip rather than a crash:
# exit 77 (skipped) when the reference is unavailable, or 1 when CI=true.
#
#   DTX_BINARY=/path/to/dtx tests/compat/run_compat.sh
python=/usr/bin/python3  # Debian's, with PyYAML (python3-yaml comes with docker-compose)
if ! "$python" -c 'import yaml' 2>/dev/null; then
    if [ "${CI:-}" = true ]; then
        echo "compat: FAIL: $python with PyYAML not found (CI=true, so the reference is required)"
        exit 1
    fi
    echo "compat: SKIP: $python with PyYAML not found (scripts/install-deps.sh installs docker-compose 1.29.2 and it)"
    exit 77
fi
exec "$python" "$(dirname "$0")/run_compat.py" "$@"
