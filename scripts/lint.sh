#!/usr/bin/env bash
# Usage: scripts/lint.sh [BUILD_DIR]   (default build/)
# Runs clang-tidy 14 (.clang-tidy at the root) on every src/**/*.cpp with BUILD_DIR's
# compile_commands.json, two files at a time (DTX_LINT_JOBS). Headers of src/ are checked through the
# files that include them. Prints every diagnostic and exits 1 if there is any.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
jobs="${DTX_LINT_JOBS:-2}"
tidy="${DTX_CLANG_TIDY:-clang-tidy-14}"

if ! command -v "$tidy" >/dev/null 2>&1; then
    echo "lint.sh: $tidy not found; install clang-tidy (scripts/install-deps.sh)" >&2
    exit 1
fi
if [ ! -f "$build/compile_commands.json" ]; then
    echo "lint.sh: no $build/compile_commands.json; configure the build first (scripts/build.sh)" >&2
    exit 1
fi

mapfile -t files < <(find "$root/src" -name '*.cpp' | sort)
# A source the build does not compile would be linted without its flags: refuse it instead.
missing=0
for f in "${files[@]}"; do
    if ! grep -qF "\"$f\"" "$build/compile_commands.json"; then
        echo "lint.sh: ${f#"$root"/} is not in $build/compile_commands.json (re-run cmake)" >&2
        missing=1
    fi
done
[ "$missing" = 0 ] || exit 1

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
printf '%s\0' "${files[@]}" |
    xargs -0 -n 1 -P "$jobs" "$tidy" -p "$build" --quiet >"$log" 2>&1 || status=$?

# With WarningsAsErrors: '*' any diagnostic fails clang-tidy; the grep also catches one that would not.
if [ "$status" != 0 ] || grep -qE '(warning|error): ' "$log"; then
    grep -vE '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter|^Use -system-headers' "$log" >&2 || true
    count="$(grep -cE '(warning|error): ' "$log" || true)"
    echo "lint.sh: FAILED: $count clang-tidy diagnostic(s) in ${#files[@]} files" >&2
    exit 1
fi
echo "lint.sh: ${#files[@]} files clean"
