#!/usr/bin/env bash
# Wall time of a whole `dtx run -- true` (network, postgres + redis with ephemeral ports, ready,
# command, teardown) against a hand-written docker CLI script doing the same work and polling
# readiness every 10 ms with psql / redis-cli. Rounds alternate so both see the same machine.
#
# Usage: bench/run_vs_docker.sh [ROUNDS]   (default 7; DTX=path/to/dtx to pick the binary)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-7}"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
dtx="$(dtx_binary run_vs_docker)"
spec="$root/bench/pg-redis.yaml"

# The floor, what a careful engineer would write by hand, is docker_script in lib.sh.
dtx_run() { "$dtx" -q -f "$spec" run -- true; }

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
