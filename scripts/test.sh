#!/usr/bin/env bash
# Everything on a fresh Debian 12 machine: dependencies, engine, test images, build, whole test
# suite through ctest. With CI=true the docker-labelled tests must run: no engine is a failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/install-deps.sh
# shellcheck source=engine.sh
source scripts/engine.sh
have_engine=1
if ! ensure_engine; then
    have_engine=0
    if [ "${CI:-}" = "true" ]; then
        echo "test.sh: no Docker engine, and CI=true requires the docker tests to run" >&2
        exit 1
    fi
    echo "test.sh: no Docker engine; the docker-labelled tests will be skipped" >&2
fi
if [ "$have_engine" = 1 ]; then
    bash tests/images/build.sh
fi
bash scripts/build.sh

# Bounded fuzzing of the spec reader (tests/fuzz/): on by default in CI, off otherwise.
fuzz_seconds="${DTX_FUZZ_SECONDS:-$([ "${CI:-}" = "true" ] && echo 60 || echo 0)}"
if [ "$fuzz_seconds" != 0 ]; then
    echo "test.sh: fuzzing each spec target for ${fuzz_seconds}s (DTX_FUZZ_SECONDS)"
    bash scripts/fuzz.sh "$fuzz_seconds"
else
    echo "test.sh: fuzzing skipped (DTX_FUZZ_SECONDS=0; it defaults to 60 when CI=true)"
fi

cd build
ctest --output-on-failure -j2 "$@"

if [ "$have_engine" = 1 ] && [ "${CI:-}" = "true" ]; then
    left="$(docker ps -aq --filter label=dev.dtx.run; docker network ls -q --filter label=dev.dtx.run
        docker volume ls -q --filter label=dev.dtx.run)"
    if [ -n "$left" ]; then
        echo "test.sh: the tests left dtx resources behind:" >&2
        docker ps -a --filter label=dev.dtx.run >&2
        docker network ls --filter label=dev.dtx.run >&2
        docker volume ls --filter label=dev.dtx.run >&2
        exit 1
    fi
fi

