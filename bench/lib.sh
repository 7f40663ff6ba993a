# shellcheck shell=bash
# Shell functions shared by the benchmarks; source it after setting `root` (the checkout):
#   source "$root/bench/lib.sh"
# Needs bash, the docker CLI, psql and redis-cli.

now_ms() { date +%s%3N; }

# stats: prints "median min max" of the integers on stdin.
stats() {
    sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%d %d %d\n", m, v[1], v[NR] }'
}

# dtx_binary NAME: the dtx to measure ($DTX, else build/dtx); exits naming the script when missing.
dtx_binary() {
    local bin="${DTX:-$root/build/dtx}"
    [ -x "$bin" ] || { echo "$1: no dtx binary at $bin; run scripts/build.sh" >&2; exit 1; }
    echo "$bin"
}

# The hand-written floor: a bridge network, postgres and redis with ephemeral ports on 127.0.0.1,
# readiness polled every 10 ms with psql / redis-cli. docker_pg_redis_up ID sets pg, rd, net.
docker_pg_redis_up() {
    local id="$1" pg_port rd_port
    net="$id"
    docker network create "$net" >/dev/null
    pg=$(docker run -d --network "$net" --name "$id-db" -e POSTGRES_PASSWORD=bench -p 127.0.0.1::5432 dtx-test/postgres:15)
    rd=$(docker run -d --network "$net" --name "$id-cache" -p 127.0.0.1::6379 dtx-test/redis:7)
    pg_port=$(docker port "$pg" 5432/tcp | head -n1 | sed 's/.*://')
    rd_port=$(docker port "$rd" 6379/tcp | head -n1 | sed 's/.*://')
    wait_postgres "$pg_port"
    until [ "$(redis-cli -h 127.0.0.1 -p "$rd_port" ping 2>/dev/null)" = PONG ]; do
        sleep 0.01
    done
}

# wait_postgres PORT: polls 127.0.0.1:PORT every 10 ms until `select 1` answers (password bench).
wait_postgres() {
    until PGPASSWORD=bench PGCONNECT_TIMEOUT=2 psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; do
        sleep 0.01
    done
}

# The whole hand-written run: up, ready, the "test command", removal. ID prefix: $1 (default bench-docker).
# shellcheck disable=SC2120  # the prefix is optional
docker_script() {
    local pg rd net
    docker_pg_redis_up "${1:-bench-docker}-$$-$RANDOM-$BASHPID"
    true  # the "test command"
    docker rm -f -v "$pg" "$rd" >/dev/null
    docker network rm "$net" >/dev/null
}
