#!/usr/bin/env bash
# Installs, with apt, everything dtx's build, tests and demo need on Debian 12. Idempotent, and
# quick when everything is already there (no apt-get update unless a package is missing).
set -euo pipefail

packages=(
    # build
    g++ cmake ninja-build pkg-config git
    libcli11-dev libyaml-cpp-dev libcurl4-openssl-dev nlohmann-json3-dev libfmt-dev libspdlog-dev
    libpq-dev libmysqlcppconn-dev libhiredis-dev catch2
    # engine and test images
    docker.io debootstrap ca-certificates
    # clients used by the examples, tests and benchmarks
    postgresql-client redis-tools mariadb-client docker-compose curl
    # engine integration tests: a local registry with htpasswd auth, a TLS proxy to the engine
    docker-registry apache2-utils socat openssl
    # code hygiene
    clang-format clang-tidy
    # fuzzing (scripts/fuzz.sh): libFuzzer's engine
    libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages present"
    exit 0
fi

sudo=""
if [ "$(id -u)" != 0 ]; then
    sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
