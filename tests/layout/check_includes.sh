#!/bin/sh
# Checks every #include in src/ against the rules in docs/ARCHITECTURE.md: a folder includes only
# itself and the folders its rule lists, and a third-party header only from the folders listed for
# that library. Prints each broken include as file:line and exits 1; 0 when all hold.
set -eu
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
doc="$root/docs/ARCHITECTURE.md"
[ -r "$doc" ] || { echo "check_includes: cannot read $doc" >&2; exit 1; }

block() {  # the lines between <!-- $1:begin --> and <!-- $1:end -->
    sed -n "/<!-- $1:begin -->/,/<!-- $1:end -->/p" "$doc" | sed '1d;$d'
}
rules=$(block include-rules)
libs=$(block library-rules)
[ -n "$rules" ] && [ -n "$libs" ] || { echo "check_includes: no rule blocks in $doc" >&2; exit 1; }

violations() {
    for dir in "$root"/src/*/; do
        folder=$(basename "$dir")
        if ! rule=$(printf '%s\n' "$rules" | awk -v f="$folder:" '$1 == f { $1 = ""; print; found = 1 } END { exit !found }'); then
            echo "src/$folder/: no rule in docs/ARCHITECTURE.md; add one"
            continue
        fi
        allowed=" $folder $rule "
        grep -Hn '^#include "[a-z_]*/' "$dir"*.cpp "$dir"*.hpp 2>/dev/null |
            sed 's|^\([^:]*:[0-9]*\):#include "\([a-z_]*\)/.*|\1 \2|' |
            while read -r where target; do
                case "$allowed" in
                *" $target "*) ;;
                *) echo "${where#"$root"/}: $folder/ may not include $target/" ;;
                esac
            done
        printf '%s\n' "$libs" | while read -r lib folders; do
            case " $folders " in *" $folder "*) continue ;; esac
            grep -Hn "^#include <${lib%:}" "$dir"*.cpp "$dir"*.hpp 2>/dev/null | cut -d: -f1,2 |
                while read -r where; do
                    echo "${where#"$root"/}: $folder/ may not use ${lib%:} (only $folders)"
                done
        done
    done
}

found=$(violations)
if [ -n "$found" ]; then
    printf '%s\n' "$found"
    echo "the include rules are in docs/ARCHITECTURE.md; move the code or change the rule there"
    exit 1
fi
