#!/usr/bin/env bash
# Teardown time of a 3-service run (postgres, redis, memcached and their network): dtx's own figure
# ("removed … in N ms", measured around its teardown) against the docker CLI removing the same set
# (`docker rm -f -v` of the three containers, then `docker network rm`), timed by wall clock around
# those two commands. Both sides tear down containers that are up and ready. Rounds alternate.
#
# Usage: bench/teardown.sh [ROUNDS]   (default 7; DTX=path/to/dtx to pick the binary)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-7}"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
dtx="$(dtx_binary teardown)"
spec="$root/bench/pg-redis-memcached.yaml"

# The same three containers and network by hand; prints the wall time of removing them.
docker_teardown() {
    local id net pg rd mc
    id="bench-teardown-$$-$RANDOM"
    net="$id"
    docker network create "$net" >/dev/null
    pg=$(docker run -d --network "$net" --name "$id-db" -e POSTGRES_PASSWORD=bench -p 127.0.0.1::5432 dtx-test/postgres:15)
    rd=$(docker run -d --network "$net" --name "$id-cache" -p 127.0.0.1::6379 dtx-test/redis:7)
    mc=$(docker run -d --network "$net" --name "$id-sessions" -p 127.0.0.1::11211 dtx-test/memcached:1.6)
    local port
    port=$(docker port "$pg" 5432/tcp | head -n1 | sed 's/.*://')
    wait_postgres "$port"
    local t0 t1
    t0=$(now_ms)
    docker rm -f -v "$pg" "$rd" "$mc" >/dev/null
    docker network rm "$net" >/dev/null
    t1=$(now_ms)
    echo $((t1 - t0))
}

# dtx's own measurement of its teardown, from its progress output.
dtx_teardown() {
    "$dtx" -f "$spec" run -- true 2>&1 | sed -n 's/.*removed .* in \([0-9]*\) ms.*/\1/p' | tail -n1
}

dtx_times=()
docker_times=()
dtx_teardown >/dev/null  # warm-up, not counted
docker_teardown >/dev/null
for i in $(seq 1 "$rounds"); do
    d=$(dtx_teardown)
    c=$(docker_teardown)
    [ -n "$d" ] || { echo "teardown: dtx printed no teardown time" >&2; exit 1; }
    dtx_times+=("$d")
    docker_times+=("$c")
    echo "round $i: dtx $d ms, docker CLI $c ms" >&2
done

read -r dm dmin dmax < <(printf '%s\n' "${dtx_times[@]}" | stats)
read -r cm cmin cmax < <(printf '%s\n' "${docker_times[@]}" | stats)
printf '%-28s %8s %8s %8s\n' "teardown of 3 services" median min max
printf '%-28s %6d ms %5d ms %5d ms\n' "dtx" "$dm" "$dmin" "$dmax"
printf '%-28s %6d ms %5d ms %5d ms\n' "docker rm -f + network rm" "$cm" "$cmin" "$cmax"
awk -v a="$dm" -v b="$cm" 'BEGIN { printf "ratio dtx/docker (median): %.2f   (target: dtx under 350 ms and faster)\n", a / b }'
