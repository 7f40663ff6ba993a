#!/usr/bin/env bash
# Usage: scripts/fuzz.sh [SECONDS]   (default 60; 0 = replay regressions and seeds only)
# Builds the libFuzzer targets of tests/fuzz/ (ASan + UBSan) into build-fuzz/, then for
# each target in turn: replays tests/fuzz/regressions/<target>/, and fuzzes for SECONDS from the
# corpus kept in build-fuzz/corpus/<target>/ (it grows run after run; never commit it) plus seeds
# taken from the spec fixtures. Exits 1 on any crash, timeout, leak or OOM, naming the input that
# caused it (saved under build-fuzz/artifacts/<target>/). DTX_FUZZ_TARGETS="a b" runs only those;
# DTX_FUZZ_FLAGS adds libFuzzer flags; DTX_FUZZ_CXX picks the compiler (default g++).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
    echo "fuzz.sh: SECONDS must be a whole number, not \"$seconds\"" >&2
    exit 2
fi
build="$root/build-fuzz"
# GCC by default: no Debian clang (14, 16, 19) compiles src/compose/ against libstdc++ 12 in C++20 mode
# yet (tests/fuzz/README.md). DTX_FUZZ_CXX=clang++-14 builds with -fsanitize=fuzzer instead.
cxx="${DTX_FUZZ_CXX:-g++}"
read -r -a targets <<<"${DTX_FUZZ_TARGETS:-fuzz_loader fuzz_interpolate fuzz_yaml_tree}"
dict="$root/tests/fuzz/compose.dict"
flags=(-timeout=10 -rss_limit_mb=2048 -max_len=65536 "-dict=$dict" -print_final_stats=1)
read -r -a extra_flags <<<"${DTX_FUZZ_FLAGS:-}"  # more libFuzzer flags, e.g. "-only_ascii=1"
flags+=("${extra_flags[@]}")

# --- toolchain and build ---------------------------------------------------------------------
if ! command -v "$cxx" >/dev/null 2>&1; then
    echo "fuzz.sh: $cxx not found (DTX_FUZZ_CXX); install it, or run scripts/install-deps.sh" >&2
    exit 1
fi
if "$cxx" --version | grep -qi clang; then
    probe_dir="$(mktemp -d)"
    trap 'rm -rf "$probe_dir"' EXIT
    echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' >"$probe_dir/p.cpp"
    if ! "$cxx" -fsanitize=fuzzer,address,undefined "$probe_dir/p.cpp" -o "$probe_dir/p" 2>"$probe_dir/err"; then
        cat "$probe_dir/err" >&2
        echo "fuzz.sh: $cxx cannot link libFuzzer; install libclang-rt-14-dev (scripts/install-deps.sh)" >&2
        exit 1
    fi
elif ! compgen -G '/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a' >/dev/null; then
    echo "fuzz.sh: libFuzzer's archive is missing; install libclang-rt-14-dev (scripts/install-deps.sh)" >&2
    exit 1
fi
cmake_dir="$build/$(basename "$cxx")"  # one CMake tree per compiler; corpora are shared
if [ ! -f "$cmake_dir/build.ninja" ]; then
    CXX="$cxx" cmake -S "$root" -B "$cmake_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDTX_FUZZ=ON \
        -DBUILD_TESTING=OFF
fi
echo "=== building ${targets[*]} with $cxx in ${cmake_dir#"$root"/} ==="
cmake --build "$cmake_dir" --target "${targets[@]}"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:check_initialization_order=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
if command -v llvm-symbolizer-14 >/dev/null 2>&1; then
    export ASAN_SYMBOLIZER_PATH="${ASAN_SYMBOLIZER_PATH:-$(command -v llvm-symbolizer-14)}"
fi

# --- seeds -----------------------------------------------------------------------------------
# Copies FILES into DIR, each named after its path in the repository.
copy_seeds() {
    local dir="$1"
    shift
    local f
    for f in "$@"; do
        local rel="${f#"$root"/}"
        cp "$f" "$dir/${rel//\//_}"
    done
}

mapfile -t spec_files < <(find "$root/tests/fixtures/spec" "$root/tests/compat/cases" \
    "$root/tests/integration/fixtures" "$root/examples" -type f \( -name '*.yaml' -o -name '*.yml' \) | sort)
mapfile -t env_files < <(find "$root/tests/fixtures/spec" "$root/tests/compat/cases" -type f \
    \( -name '.env' -o -name 'env' -o -name '*.env' \) | sort)

# --- one target ------------------------------------------------------------------------------
failures=()
summary=()

# Prints what libFuzzer saved for a failure, and the head of the report.
report_failure() {
    local log="$1" what="$2"
    echo "fuzz.sh: $what" >&2
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error:|ALARM|fuzz_interpolate:)' "$log" | head -5 >&2 || true
    grep -E '^ +#[0-9]+ 0x' "$log" | head -12 >&2 || true
    local artifact
    artifact="$(grep -oE 'Test unit written to .*' "$log" | head -1 | sed 's/^Test unit written to //' || true)"
    if [ -n "$artifact" ]; then
        echo "fuzz.sh: the input is saved at $artifact (full log: $log)" >&2
    else
        echo "fuzz.sh: full log: $log" >&2
    fi
}

run_target() {
    local t="$1"
    local bin="$cmake_dir/tests/fuzz/$t"
    local seeds="$build/seeds/$t" corpus="$build/corpus/$t" artifacts="$build/artifacts/$t/"
    local regressions="$root/tests/fuzz/regressions/$t" logs="$build/logs"
    local tmp="$build/tmp/$t"
    rm -rf "$seeds" "$tmp"
    mkdir -p "$seeds" "$corpus" "$artifacts" "$logs" "$tmp"
    copy_seeds "$seeds" "${spec_files[@]}"
    if [ "$t" = fuzz_interpolate ]; then
        copy_seeds "$seeds" "${env_files[@]}"
    fi

    echo "=== $t: replaying regressions ==="
    local failed=0 f
    local -a inputs=()
    if [ -d "$regressions" ]; then
        mapfile -t inputs < <(find "$regressions" -type f ! -name '.*' ! -name '*.md' | sort)
    fi
    for f in "${inputs[@]}"; do
        local log
        log="$logs/$t.replay.$(basename "$f").log"
        local status=0
        TMPDIR="$tmp" "$bin" "${flags[@]}" "-artifact_prefix=$artifacts" "$f" </dev/null >"$log" 2>&1 || status=$?
        if [ "$status" = 0 ]; then
            echo "  pass  ${f#"$root"/}"
        else
            echo "  FAIL  ${f#"$root"/}"
            report_failure "$log" "$t fails on the regression input ${f#"$root"/} (exit $status)"
            failed=1
        fi
    done
    echo "  ${#inputs[@]} regression input(s) replayed"

    local log="$logs/$t.log"
    if [ "$failed" = 1 ]; then
        echo "=== $t: not fuzzed, a regression input fails (fix it first) ==="
        failures+=("$t (regressions)")
        summary+=("$t: regression input(s) fail")
    else
        local status=0
        if [ "$seconds" = 0 ]; then
            echo "=== $t: replaying $(find "$corpus" "$seeds" -type f | wc -l) corpus and seed inputs (SECONDS=0) ==="
            TMPDIR="$tmp" "$bin" "${flags[@]}" "-artifact_prefix=$artifacts" -runs=0 "$corpus" "$seeds" \
                </dev/null >"$log" 2>&1 || status=$?
        else
            echo "=== $t: fuzzing for ${seconds}s (corpus ${corpus#"$root"/}, log ${log#"$root"/}) ==="
            TMPDIR="$tmp" "$bin" "${flags[@]}" "-artifact_prefix=$artifacts" "-max_total_time=$seconds" \
                "$corpus" "$seeds" </dev/null >"$log" 2>&1 || status=$?
        fi
        local last
        last="$(grep -E '^#[0-9]+' "$log" | tail -1 || true)"
        echo "  ${last:-no libFuzzer status line}"
        grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" | sed 's/^/  /' || true
        if [ "$status" != 0 ]; then
            report_failure "$log" "$t found a crash, timeout, leak or OOM (exit $status)"
            failures+=("$t")
            summary+=("$t: FAILED: ${last:-see $log}")
        else
            summary+=("$t: ok: ${last}")
        fi
    fi
    rm -rf "$tmp"
}

for t in "${targets[@]}"; do
    run_target "$t"
done

echo "=== fuzz.sh summary (${seconds}s per target) ==="
printf '  %s\n' "${summary[@]}"
if [ ${#failures[@]} -gt 0 ]; then
    echo "fuzz.sh: FAILED: ${failures[*]}" >&2
    exit 1
fi
echo "fuzz.sh: all targets clean"
