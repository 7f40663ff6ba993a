#!/usr/bin/env bash
# `dtx config` of a generated 100-service Compose file against `docker-compose config` (1.29) of
# the same file: medians of ROUNDS runs each, alternating, in one sitting. Target: dtx under 50 ms.
#
# Usage: bench/config_speed.sh [ROUNDS]   (default 10; DTX=path/to/dtx to pick the binary)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-10}"
dtx="${DTX:-$root/build/dtx}"
[ -x "$dtx" ] || { echo "config_speed: no dtx binary at $dtx; run scripts/build.sh" >&2; exit 1; }
command -v docker-compose >/dev/null || { echo "config_speed: docker-compose (1.29) is not installed; run scripts/install-deps.sh" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
spec="$work/compose.yaml"

# 100 services of the shape real test files have: image, environment, ports, healthcheck,
# depends_on, tmpfs, labels, volumes — every tenth a database the others depend on.
{
    echo 'version: "3.9"'
    echo 'x-common: &common'
    echo '  labels: {team: bench, tier: test}'
    echo '  tmpfs: [/tmp]'
    echo 'services:'
    for i in $(seq 0 99); do
        echo "  svc$i:"
        echo "    <<: *common"
        echo "    image: \"registry.example/app$i:\${TAG:-1.$i}\""
        echo "    command: [\"serve\", \"--port\", \"80$((i % 10))\"]"
        echo "    environment:"
        echo "      SERVICE_NAME: svc$i"
        echo "      DATABASE_URL: postgres://app:secret@db$((i / 10 * 10)):5432/app"
        echo "      LOG_LEVEL: \${LOG_LEVEL:-info}"
        echo "    ports: [\"127.0.0.1::80$((i % 10))\", \"$((9000 + i)):9000\"]"
        echo "    healthcheck:"
        echo "      test: [\"CMD\", \"wget\", \"-q\", \"-O-\", \"http://localhost/health\"]"
        echo "      interval: 5s"
        echo "      timeout: 2s"
        echo "      retries: 3"
        echo "    volumes: [\"./data/svc$i:/data:ro\"]"
        if [ $((i % 10)) -ne 0 ]; then
            echo "    depends_on: [svc$((i / 10 * 10))]"
        fi
    done
} >"$spec"

now_ns() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m }'; }

"$dtx" -q -f "$spec" config --format json >/dev/null   # warm-up, and proof the file is valid
docker-compose -p bench -f "$spec" config >/dev/null

dtx_ms=()
compose_ms=()
for _ in $(seq 1 "$rounds"); do
    t0=$(now_ns); "$dtx" -q -f "$spec" config --format json >/dev/null; t1=$(now_ns)
    docker-compose -p bench -f "$spec" config >/dev/null; t2=$(now_ns)
    dtx_ms+=("$(( (t1 - t0) / 1000 ))")
    compose_ms+=("$(( (t2 - t1) / 1000 ))")
done

d=$(printf '%s\n' "${dtx_ms[@]}" | median)
c=$(printf '%s\n' "${compose_ms[@]}" | median)
awk -v d="$d" -v c="$c" -v n="$rounds" 'BEGIN {
    printf "config of a 100-service file, median of %d\n", n
    printf "  dtx config --format json   %8.1f ms\n", d / 1000
    printf "  docker-compose config      %8.1f ms\n", c / 1000
    printf "  ratio dtx/docker-compose   %8.3f\n", d / c
    printf "  target: dtx under 50 ms    %s\n", (d / 1000 < 50) ? "met" : "NOT met"
}'
