#!/usr/bin/env bash
# Source this file, then call ensure_engine: starts Debian's dockerd in the background when no
# engine answers, and waits until it does. Does nothing when an engine is already running.
# The dockerd log goes to ${DTX_DOCKERD_LOG:-/tmp/dtx-dockerd.log}.

ensure_engine() {
    if docker info >/dev/null 2>&1; then
        return 0
    fi
    if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST#unix://}" = "$DOCKER_HOST" ]; then
        echo "engine.sh: DOCKER_HOST=$DOCKER_HOST does not answer and is not a local socket; start that engine first" >&2
        return 1
    fi
    if ! command -v dockerd >/dev/null 2>&1; then
        echo "engine.sh: no Docker engine answers and dockerd is not installed; run scripts/install-deps.sh" >&2
        return 1
    fi
    if [ "$(id -u)" != 0 ]; then
        echo "engine.sh: no Docker engine answers and starting dockerd needs root; run 'sudo dockerd &' or start the docker service" >&2
        return 1
    fi
    local log="${DTX_DOCKERD_LOG:-/tmp/dtx-dockerd.log}"
    echo "engine.sh: starting dockerd (log: $log)" >&2
    nohup dockerd >"$log" 2>&1 </dev/null &
    local pid=$!
    local i
    for i in $(seq 1 120); do
        if docker info >/dev/null 2>&1; then
            echo "engine.sh: dockerd (pid $pid) is up" >&2
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "engine.sh: dockerd exited at start; last lines of $log:" >&2
            tail -n 20 "$log" >&2
            return 1
        fi
        sleep 0.25
    done
    echo "engine.sh: dockerd (pid $pid) did not answer within 30s; see $log" >&2
    return 1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    ensure_engine
fi
