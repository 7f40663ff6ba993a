#!/usr/bin/env bash
# Wall time of a whole `dtx run -- true` (network, postgres + redis with ephemeral ports, ready,
# command, teardown) against a hand-written docker CLI script doing the same work and polling
# readiness every 10 ms with psql / redis-cli. Rounds alternate so both see the same machine.
#
# Usage: bench/run_vs_docker.sh [ROUNDS]   (default 7; DTX=path/to/dtx to pick the binary)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-7}"
dtx="${DTX:-$root/build/dtx}"
spec="$root/bench/pg-redis.yaml"
[ -x "$dtx" ] || { echo "run_vs_docker: no dtx binary at $dtx; run scripts/build.sh" >&2; exit 1; }

now_ms() { date +%s%3N; }

# The floor: what a careful engineer would write by hand.
docker_script() {
    local id net pg rd pg_port rd_port
    id="bench-docker-$$-$RANDOM"
    net="$id"
    docker network create "$net" >/dev/null
    pg=$(docker run -d --network "$net" --name "$id-db" -e POSTGRES_PASSWORD=bench -p 127.0.0.1::5432 dtx-test/postgres:15)
    rd=$(docker run -d --network "$net" --name "$id-cache" -p 127.0.0.1::6379 dtx-test/redis:7)
    pg_port=$(docker port "$pg" 5432/tcp | head -n1 | sed 's/.*://')
    rd_port=$(docker port "$rd" 6379/tcp | head -n1 | sed 's/.*://')
    until PGPASSWORD=bench PGCONNECT_TIMEOUT=2 psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; do
        sleep 0.01
    done
    until [ "$(redis-cli -h 127.0.0.1 -p "$rd_port" ping 2>/dev/null)" = PONG ]; do
        sleep 0.01
    done
    true  # the "test command"
    docker rm -f -v "$pg" "$rd" >/dev/null
    docker network rm "$net" >/dev/null
}

dtx_run() { "$dtx" -q -f "$spec" run -- true; }

stats() {  # prints "median min max" of the numbers on stdin
    sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%d %d %d\n", m, v[1], v[NR] }'
}

dtx_times=()
docker_times=()
# One warm-up of each, not counted: first container starts pay for page cache and image layers.
dtx_run >/dev/null
docker_script
for i in $(seq 1 "$rounds"); do
    t0=$(now_ms); dtx_run; t1=$(now_ms)
    docker_script; t2=$(now_ms)
    dtx_times+=($((t1 - t0)))
    docker_times+=($((t2 - t1)))
    echo "round $i: dtx $((t1 - t0)) ms, docker script $((t2 - t1)) ms" >&2
done

read -r dm dmin dmax < <(printf '%s\n' "${dtx_times[@]}" | stats)
read -r cm cmin cmax < <(printf '%s\n' "${docker_times[@]}" | stats)
printf '%-24s %8s %8s %8s\n' "" median min max
printf '%-24s %6d ms %5d ms %5d ms\n' "dtx run -- true" "$dm" "$dmin" "$dmax"
printf '%-24s %6d ms %5d ms %5d ms\n' "docker CLI script" "$cm" "$cmin" "$cmax"
awk -v a="$dm" -v b="$cm" 'BEGIN { printf "ratio dtx/docker (median): %.2f\n", a / b }'
