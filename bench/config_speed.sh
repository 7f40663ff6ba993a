#!/usr/bin/env bash
# `dtx config` and `dtx run --dry-run` of generated 100-, 1,000- and 10,000-service Compose files
# against `docker-compose config` (1.29) of the same files: medians of several runs each,
# alternating, in one sitting. Targets: dtx config of 100 services under 50 ms; both dtx verbs
# near-linear in the number of services (10,000 no more than ~10x 1,000, plus fixed costs).
#
# Usage: bench/config_speed.sh [ROUNDS] [SIZES]
#   ROUNDS  rounds for the 100-service file (default 10); 1,000 gets ROUNDS/2, 10,000 gets 3
#   SIZES   which files (default "100 1000 10000")
#   DTX=path/to/dtx picks the binary; NO_COMPOSE=1 skips docker-compose (it takes minutes at 10,000)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-10}"
sizes="${2:-100 1000 10000}"
dtx="${DTX:-$root/build/dtx}"
[ -x "$dtx" ] || { echo "config_speed: no dtx binary at $dtx; run scripts/build.sh" >&2; exit 1; }
compose=1
[ "${NO_COMPOSE:-0}" = 1 ] && compose=0
if [ "$compose" = 1 ] && ! command -v docker-compose >/dev/null; then
    echo "config_speed: docker-compose (1.29) is not installed; run scripts/install-deps.sh (or NO_COMPOSE=1)" >&2
    exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# generate N FILE: N services of the shape real test files have: image, environment, ports,
# healthcheck, depends_on, tmpfs, labels, volumes — every tenth a database the others depend on.
generate() {
    local n="$1"
    {
        echo 'version: "3.9"'
        echo 'x-common: &common'
        echo '  labels: {team: bench, tier: test}'
        echo '  tmpfs: [/tmp]'
        echo 'services:'
        for i in $(seq 0 $((n - 1))); do
            echo "  svc$i:"
            echo "    <<: *common"
            echo "    image: \"registry.example/app$i:\${TAG:-1.$i}\""
            echo "    command: [\"serve\", \"--port\", \"80$((i % 10))\"]"
            echo "    environment:"
            echo "      SERVICE_NAME: svc$i"
            echo "      DATABASE_URL: postgres://app:secret@db$((i / 10 * 10)):5432/app"
            echo "      LOG_LEVEL: \${LOG_LEVEL:-info}"
            echo "    ports: [\"127.0.0.1::80$((i % 10))\", \"$((9000 + i % 50000)):9000\"]"
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
    } >"$2"
}

now_ns() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m }'; }

# The dry run needs no engine; pointing it at none keeps the figure the planner's own.
dry_run() { DOCKER_HOST=unix://$work/no-engine.sock "$dtx" -q -f "$1" run --dry-run >/dev/null; }

for n in $sizes; do
    spec="$work/compose-$n.yaml"
    generate "$n" "$spec"
    r="$rounds"
    [ "$n" -ge 1000 ] && r=$(( rounds / 2 > 1 ? rounds / 2 : 1 ))
    [ "$n" -ge 10000 ] && r=3
    "$dtx" -q -f "$spec" config --format json >/dev/null   # warm-up, and proof the file is valid
    dry_run "$spec"
    [ "$compose" = 1 ] && docker-compose -p bench -f "$spec" config >/dev/null
    config_us=()
    dry_us=()
    compose_us=()
    for _ in $(seq 1 "$r"); do
        t0=$(now_ns); "$dtx" -q -f "$spec" config --format json >/dev/null; t1=$(now_ns)
        dry_run "$spec"; t2=$(now_ns)
        config_us+=("$(( (t1 - t0) / 1000 ))")
        dry_us+=("$(( (t2 - t1) / 1000 ))")
        if [ "$compose" = 1 ]; then
            docker-compose -p bench -f "$spec" config >/dev/null; t3=$(now_ns)
            compose_us+=("$(( (t3 - t2) / 1000 ))")
        fi
    done
    d=$(printf '%s\n' "${config_us[@]}" | median)
    p=$(printf '%s\n' "${dry_us[@]}" | median)
    c=0
    [ "$compose" = 1 ] && c=$(printf '%s\n' "${compose_us[@]}" | median)
    awk -v n="$n" -v d="$d" -v p="$p" -v c="$c" -v r="$r" 'BEGIN {
        printf "%d services, median of %d\n", n, r
        printf "  dtx config --format json   %10.1f ms\n", d / 1000
        printf "  dtx run --dry-run          %10.1f ms\n", p / 1000
        if (c > 0) {
            printf "  docker-compose config      %10.1f ms\n", c / 1000
            printf "  ratio dtx config/compose   %10.3f\n", d / c
        }
        if (n == 100) printf "  target: dtx config under 50 ms: %s\n", (d / 1000 < 50) ? "met" : "NOT met"
    }'
done
