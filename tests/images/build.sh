#!/usr/bin/env bash
# Builds the local test images (no registry needed):
#   dtx-test/base:bookworm      debootstrap --variant=minbase rootfs, imported with `docker import`
#   dtx-test/postgres:15, dtx-test/mariadb:10.11, dtx-test/redis:7, dtx-test/memcached:1.6,
#   dtx-test/http:1             FROM the base, with Debian's packages (http: busybox httpd)
#
# Usage: tests/images/build.sh [postgres|mariadb|redis|memcached|http|base ...]   (default: all)
#
# Each image carries the label dev.dtx.recipe-hash; when it matches the current recipe the build
# is skipped, so repeated runs take seconds.
#
# Environment:
#   DTX_DEBIAN_MIRROR  Debian mirror for debootstrap (default: the first URI in this machine's apt
#                      sources that serves bookworm/main)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The legacy builder: it talks to old engines directly and does not need buildx, which a newer
# client (e.g. 28.x against engine 20.10) would otherwise look for.
export DOCKER_BUILDKIT=0

suite=bookworm
variant=minbase
base_image="dtx-test/base:$suite"
label=dev.dtx.recipe-hash
derived=(postgres mariadb redis memcached http)
declare -A tag=([postgres]=15 [mariadb]=10.11 [redis]=7 [memcached]=1.6 [http]=1)

log() { printf '%s\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

# Prints "URI<TAB>SUITES<TAB>COMPONENTS" for every enabled `deb` entry in the apt sources,
# deb822 (*.sources) first, then one-line style (sources.list, *.list).
apt_source_entries() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] || continue
        awk '
            function flush(   n, i, u) {
                if (types ~ /(^| )deb( |$)/ && tolower(enabled) != "no") {
                    n = split(uris, u, " ")
                    for (i = 1; i <= n; i++) printf "%s\t%s\t%s\n", u[i], suites, comps
                }
                types = uris = suites = comps = enabled = ""; field = ""
            }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { flush(); next }
            /^[ \t]/ { val = $0; sub(/^[ \t]+/, "", val); append(field, val); next }
            {
                field = tolower(substr($0, 1, index($0, ":") - 1))
                val = substr($0, index($0, ":") + 1); sub(/^[ \t]+/, "", val); sub(/[ \t]+$/, "", val)
                append(field, val)
            }
            function append(f, v) {
                if (f == "types") types = types " " v
                else if (f == "uris") uris = uris " " v
                else if (f == "suites") suites = suites " " v
                else if (f == "components") comps = comps " " v
                else if (f == "enabled") enabled = v
            }
            END { flush() }
        ' "$f" | sed -E 's/\t +/\t/g; s/^ +//'
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -r "$f" ] || continue
        # deb [options] URI suite component...
        sed -E 's/#.*//; s/\[[^]]*\]//' "$f" |
            awk '$1 == "deb" && NF >= 3 { c = ""; for (i = 4; i <= NF; i++) c = c " " $i
                                          sub(/^ /, "", c); printf "%s\t%s\t%s\n", $2, $3, c }'
    done
}

# The mirror comes from this machine's apt configuration, never a hard-coded host: the best
# entry serving suite bookworm + component main, preferring plain http and paths ending in
# /debian (third-party repos such as nodesource or cloud-sdk never list suite "bookworm").
# Falls back to any .../debian URI with main (e.g. on a host running another release).
detect_mirror() {
    apt_source_entries | awk -F'\t' -v suite="$suite" '
        function has(list, word) { return (" " list " ") ~ (" " word " ") }
        $1 !~ /^https?:\/\// { next }
        !has($3, "main") { next }
        {
            uri = $1; sub(/\/+$/, "", uri)
            score = (uri ~ /\/debian$/ ? 2 : 0) + (uri ~ /^http:/ ? 1 : 0)
            if (has($2, suite)) score += 10
            else if (uri !~ /\/debian$/) next
            if (score > best) { best = score; pick = uri }
        }
        END { if (pick != "") print pick }
    '
}

# sha256 over every file's relative path, executable bit and content, plus extra strings (the
# parameters that are not in files). Other mode bits are left out: they follow the checkout's umask.
recipe_hash() {
    local dir="$1" f; shift
    {
        while IFS= read -r -d '' f; do
            printf '%s %s %s\n' "$f" "$([ -x "$dir/$f" ] && echo x || echo -)" \
                "$(sha256sum <"$dir/$f" | cut -d' ' -f1)"
        done < <(cd "$dir" && find . -type f -print0 | LC_ALL=C sort -z)
        printf '%s\n' "$@"
    } | sha256sum | cut -d' ' -f1
}

current_hash() {
    docker image inspect -f "{{index .Config.Labels \"$label\"}}" "$1" 2>/dev/null || true
}

image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }

# A rebuilt tag leaves its previous image dangling; drop it unless something still uses it.
drop_old() {
    local old="$1" ref="$2"
    if [ -n "$old" ] && [ "$old" != "$(image_id "$ref")" ]; then
        docker image rm "$old" >/dev/null 2>&1 || true
    fi
}

base_hash=""
tmp=""

# debootstrap mounts /proc and /sys inside the target; unmount anything left there (e.g. after a
# failure or Ctrl-C) before deleting, and never let rm cross into a mount.
cleanup() {
    [ -n "$tmp" ] && [ -d "$tmp" ] || return 0
    awk -v t="$tmp/" 'index($2, t) == 1 { print $2 }' /proc/mounts | sort -r |
        while read -r m; do umount -l "$m" 2>/dev/null || true; done
    rm -rf --one-file-system "$tmp"
    tmp=""
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_base() {
    local mirror include="" hash old
    mirror="${DTX_DEBIAN_MIRROR:-$(detect_mirror)}"
    mirror="${mirror%/}"
    [ -n "$mirror" ] || die "no Debian mirror serving '$suite main' found in /etc/apt/sources.list{,.d/*}; set DTX_DEBIAN_MIRROR"
    # apt inside the image needs CA certificates to keep using an https mirror.
    case "$mirror" in https://*) include=ca-certificates ;; esac
    hash="$(recipe_hash "$here/base" "suite=$suite" "variant=$variant" "mirror=$mirror" \
        "include=$include" "arch=$(dpkg --print-architecture 2>/dev/null || uname -m)")"
    base_hash="$hash"
    if [ "$(current_hash "$base_image")" = "$hash" ]; then
        log "$base_image: up to date"
        return 0
    fi
    command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
    [ "$(id -u)" = 0 ] || die "building $base_image needs root (debootstrap)"
    log "$base_image: debootstrap $suite from $mirror"
    old="$(image_id "$base_image")"
    tmp="$(mktemp -d "${TMPDIR:-/tmp}/dtx-base.XXXXXX")"
    debootstrap --variant="$variant" ${include:+--include="$include"} "$suite" "$tmp/rootfs" "$mirror" \
        >"$tmp/debootstrap.log" 2>&1 || {
        tail -n 30 "$tmp/debootstrap.log" >&2
        die "debootstrap failed"
    }
    bash "$here/base/finalize.sh" "$tmp/rootfs"
    tar --numeric-owner -C "$tmp/rootfs" -c . |
        docker import \
            --change "LABEL $label=$hash" \
            --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
            --change 'CMD ["bash"]' \
            - "$base_image" >/dev/null
    cleanup
    drop_old "$old" "$base_image"
    log "$base_image: built"
}

build_derived() {
    local name="$1" ref hash old out
    ref="dtx-test/$name:${tag[$name]}"
    hash="$(recipe_hash "$here/$name" "base=$base_hash")"
    if [ "$(current_hash "$ref")" = "$hash" ]; then
        log "$ref: up to date"
        return 0
    fi
    log "$ref: building"
    old="$(image_id "$ref")"
    # --network host: apt reaches the mirror exactly as the host does. With -q the legacy builder
    # prints the build log only on failure; on success stderr holds just its deprecation notice.
    if ! out="$(docker build --network host --rm --force-rm --pull=false -q \
        --label "$label=$hash" -t "$ref" "$here/$name" 2>&1 >/dev/null)"; then
        printf '%s\n' "$out" >&2
        die "building $ref failed"
    fi
    drop_old "$old" "$ref"
    log "$ref: built"
}

want=()
for arg in "$@"; do
    case "$arg" in
        base) ;;
        postgres | mariadb | redis | memcached | http) want+=("$arg") ;;
        -h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "unknown image '$arg' (expected: base ${derived[*]})" ;;
    esac
done
[ $# -gt 0 ] || want=("${derived[@]}")

docker info >/dev/null 2>&1 || die "no Docker engine answers (try: bash scripts/engine.sh)"
build_base
for name in ${want[@]+"${want[@]}"}; do
    build_derived "$name"
done
