#!/usr/bin/env bash
# Time-to-command of a PostgreSQL + Redis environment: from launching the tool until the test
# command starts, for `dtx run`, the hand-written docker CLI floor (docker_pg_redis_up in lib.sh)
# and docker-compose 1.29 with 1 s healthchecks (bench/ready-compose.yaml). Teardown follows every
# round but is not counted. Rounds alternate so all three see the same machine.
#
# Usage: bench/ready.sh [ROUNDS]   (default 7; DTX=path/to/dtx to pick the binary)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-7}"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
dtx="$(dtx_binary ready)"
spec="$root/bench/pg-redis.yaml"
compose_file="$root/bench/ready-compose.yaml"

# Every name of this sitting starts with $prefix, so the exit trap and the leak check find them all.
prefix="bench-ready-$$"
BENCH_OUT="$(mktemp -d)"
export BENCH_OUT
stamp="$BENCH_OUT/t"

# Removes whatever a failed round left; normally nothing.
cleanup() {
    docker ps -aq --filter "name=$prefix" | xargs -r docker rm -f -v >/dev/null
    docker network ls -q --filter "name=$prefix" | xargs -r docker network rm >/dev/null
    docker volume ls -q --filter "name=$prefix" | xargs -r docker volume rm >/dev/null
    rm -rf "$BENCH_OUT"
}
trap cleanup EXIT

# Each *_ttc sets ttc (ms). The end point is always `date +%s%3N`: inside a container it reads the
# same kernel realtime clock as on the host, so the three figures are comparable.
dtx_ttc() {
    local t0
    rm -f "$stamp"
    t0=$(now_ms)
    # shellcheck disable=SC2016  # $1 is expanded by the command's sh
    "$dtx" -q -p "$prefix-dtx" -f "$spec" run -- sh -c 'date +%s%3N > "$1"' sh "$stamp"
    ttc=$(($(cat "$stamp") - t0))
}

floor_ttc() {
    local pg rd net t0
    t0=$(now_ms)
    docker_pg_redis_up "$prefix-cli-$1"
    ttc=$(($(now_ms) - t0))  # where the script would start the test command
    docker rm -f -v "$pg" "$rd" >/dev/null
    docker network rm "$net" >/dev/null
}

# `run --rm test` starts db and cache first and, in 1.29, waits for them to be healthy.
compose_ttc() {
    local project="$prefix-compose-$1" t0
    rm -f "$stamp"
    t0=$(now_ms)
    docker-compose -p "$project" -f "$compose_file" run --rm test 2>"$BENCH_OUT/log" ||
        { cat "$BENCH_OUT/log" >&2; return 1; }
    ttc=$(($(cat "$stamp") - t0))
    docker-compose -p "$project" -f "$compose_file" down -v -t 0 2>"$BENCH_OUT/log" ||
        { cat "$BENCH_OUT/log" >&2; return 1; }
}

dtx_times=() floor_times=() compose_times=()
# One warm-up of each, not counted: first container starts pay for page cache and image layers.
dtx_ttc; floor_ttc warmup; compose_ttc warmup
for i in $(seq 1 "$rounds"); do
    dtx_ttc; dtx_times+=("$ttc")
    floor_ttc "$i"; floor_times+=("$ttc")
    compose_ttc "$i"; compose_times+=("$ttc")
    echo "round $i: dtx ${dtx_times[-1]} ms, docker CLI ${floor_times[-1]} ms, docker-compose ${compose_times[-1]} ms" >&2
done

read -r dm dmin dmax < <(printf '%s\n' "${dtx_times[@]}" | stats)
read -r fm fmin fmax < <(printf '%s\n' "${floor_times[@]}" | stats)
read -r cm cmin cmax < <(printf '%s\n' "${compose_times[@]}" | stats)
echo "time-to-command, PostgreSQL + Redis: $rounds round(s), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-30s %8s %8s %8s\n' "" median min max
printf '%-30s %6d ms %5d ms %5d ms\n' "dtx run" "$dm" "$dmin" "$dmax"
printf '%-30s %6d ms %5d ms %5d ms\n' "docker CLI script (floor)" "$fm" "$fmin" "$fmax"
printf '%-30s %6d ms %5d ms %5d ms\n' "docker-compose, 1 s health" "$cm" "$cmin" "$cmax"
# The script reports, it does not judge: exit 0 whether or not the targets are met.
awk -v d="$dm" -v f="$fm" -v c="$cm" 'BEGIN {
    printf "ratio dtx/floor (median):     %.2f   target <= 1.05: %s\n", d / f, (d / f <= 1.05) ? "met" : "NOT met"
    printf "ratio compose/dtx (median):   %.2f   target >= 2:    %s\n", c / d, (c / d >= 2) ? "met" : "NOT met"
}'

count() { docker "$@" -q --filter "name=$prefix" | wc -l; }
echo "left behind (names with $prefix): $(count ps -a) containers, $(count network ls) networks, $(count volume ls) volumes"
