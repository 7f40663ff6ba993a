#!/usr/bin/env bash
# N parallel runs of PostgreSQL + Redis (default 8; the product promise: "8 runs in parallel on a 2-core
# machine: all pass, zero port clashes, zero leaks"): the wall time of N `dtx run -- true` of
# bench/pg-redis.yaml started at once, against N copies of the hand-written docker CLI script of
# bench/run_vs_docker.sh (lib.sh's docker_script) started at once. Rounds alternate so both see the
# same machine; medians of the batch times, their ratio, failed runs, and a leak check: the
# containers, networks and volumes labelled with this benchmark's project must be 0 afterwards.
#
# Usage: bench/parallel.sh [ROUNDS] [N]   (defaults 3 and 8; DTX=path/to/dtx to pick the binary)
# Exits 1 when a dtx run failed or left something behind.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
n="${2:-8}"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
dtx="$(dtx_binary parallel)"
spec="$root/bench/pg-redis.yaml"
project="bench-par-$$"  # every dtx run of this sitting carries dev.dtx.project=$project
work="$(mktemp -d)"

# The docker scripts' own leftovers (a copy that failed half-way), found by their name prefix.
cleanup() {
    local ids
    mapfile -t ids < <(docker ps -aq --filter "name=$project-docker-")
    [ "${#ids[@]}" -eq 0 ] || docker rm -f -v "${ids[@]}" >/dev/null
    mapfile -t ids < <(docker network ls -q --filter "name=$project-docker-")
    [ "${#ids[@]}" -eq 0 ] || docker network rm "${ids[@]}" >/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# batch SIDE: starts N copies of SIDE (dtx or docker) at once, waits for all; prints
# "WALL_MS FAILED". A failed dtx run's last stderr lines go to stderr.
batch() {
    local side="$1" pids=() failed=0 t0 t1 i
    t0=$(now_ms)
    for i in $(seq 1 "$n"); do
        if [ "$side" = dtx ]; then
            "$dtx" -q -p "$project" -f "$spec" run -- true 2>"$work/$side.$i.err" &
        else
            docker_script "$project-docker" 2>"$work/$side.$i.err" &
        fi
        pids+=($!)
    done
    for i in "${!pids[@]}"; do
        if ! wait "${pids[$i]}"; then
            failed=$((failed + 1))
            { echo "parallel: a $side run failed:"; tail -n 5 "$work/$side.$((i + 1)).err"; } >&2
        fi
    done
    t1=$(now_ms)
    echo "$((t1 - t0)) $failed"
}

# How many containers, networks and volumes carry this sitting's project label.
leaks() {
    local label="dev.dtx.project=$project" c v w
    c=$(docker ps -aq --filter "label=$label" | wc -l)
    w=$(docker network ls -q --filter "label=$label" | wc -l)
    v=$(docker volume ls -q --filter "label=$label" | wc -l)
    echo "$c $w $v"
}

echo "parallel: $n runs at once, $rounds round(s), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)," \
    "engine $(docker version --format '{{.Server.Version}}')" >&2
# One warm-up of each, not counted: first container starts pay for page cache and image layers.
"$dtx" -q -p "$project" -f "$spec" run -- true
docker_script "$project-docker"

dtx_times=()
docker_times=()
dtx_failed=0
docker_failed=0
for r in $(seq 1 "$rounds"); do
    read -r d df < <(batch dtx)
    read -r c cf < <(batch docker)
    dtx_times+=("$d")
    docker_times+=("$c")
    dtx_failed=$((dtx_failed + df))
    docker_failed=$((docker_failed + cf))
    echo "round $r: $n x dtx $d ms ($df failed), $n x docker script $c ms ($cf failed)" >&2
done

read -r dm dmin dmax < <(printf '%s\n' "${dtx_times[@]}" | stats)
read -r cm cmin cmax < <(printf '%s\n' "${docker_times[@]}" | stats)
read -r lc lw lv < <(leaks)
printf '%-28s %8s %8s %8s %8s\n' "$n runs at once (wall)" median min max failed
printf '%-28s %6d ms %5d ms %5d ms %8d\n' "dtx run -- true" "$dm" "$dmin" "$dmax" "$dtx_failed"
printf '%-28s %6d ms %5d ms %5d ms %8d\n' "docker CLI script" "$cm" "$cmin" "$cmax" "$docker_failed"
awk -v a="$dm" -v b="$cm" 'BEGIN { printf "ratio dtx/docker (median): %.2f\n", a / b }'
echo "left behind by dtx (label dev.dtx.project=$project): $lc containers, $lw networks, $lv volumes"
if [ "$dtx_failed" -ne 0 ] || [ "$((lc + lw + lv))" -ne 0 ]; then
    echo "parallel: FAILED (target: all pass, zero leaks)" >&2
    exit 1
fi
