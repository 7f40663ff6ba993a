#!/usr/bin/env bash
# Configures (once) and builds dtx and its tests into build/; with CI=true a compiler warning is an
# error (DTX_WERROR).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -f "$root/build/build.ninja" ]; then
    werror=OFF
    if [ "${CI:-}" = "true" ]; then
        werror=ON
    fi
    cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDTX_WERROR="$werror"
fi
cmake --build "$root/build"
