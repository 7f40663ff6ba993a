#!/bin/sh
# Checks that the verbs and flags `dtx --help` and `dtx VERB --help` print are all in the bash and
# zsh completions and in the man page: a verb or flag added to the CLI without them fails here.
# Usage: check_cli_docs.sh DTX_BINARY [SOURCE_DIR]
set -eu
dtx=$1
root=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
bash_completion="$root/completions/dtx.bash"
zsh_completion="$root/completions/_dtx"
man="$root/man/dtx.1"

# The section of CLI11's help after the line "$1:", up to the next blank line.
section() {
    awk -v title="$1:" '$0 == title { on = 1; next } on && /^$/ { exit } on { print }'
}
# The flags of a help text's Options section, -h/--help and --version left out ("-d --detach --x").
flags_of() {
    section Options | grep -o '^  [-a-zA-Z, ]*[a-z]' | tr ',' ' ' | tr -s ' ' '\n' |
        grep '^-' | grep -v -x -e '-h' -e '--help' -e '--version' || true
}
# "--dry-run" as groff writes it: "\-\-dry\-run".
groff() {
    printf '%s' "$1" | sed 's/-/\\-/g'
}

missing=""
miss() { missing="$missing$1
"; }

help=$("$dtx" --help)
verbs=$(printf '%s\n' "$help" | section Subcommands | awk '{ print $1 }')
[ -n "$verbs" ] || { echo "check_cli_docs: $dtx --help lists no subcommands" >&2; exit 1; }

for flag in $(printf '%s\n' "$help" | flags_of); do
    grep -q -- "$flag" "$bash_completion" || miss "completions/dtx.bash: global flag $flag"
    grep -q -- "$flag" "$zsh_completion" || miss "completions/_dtx: global flag $flag"
    grep -q -F -- "$(groff "$flag")" "$man" || miss "man/dtx.1: global flag $flag"
done

for verb in $verbs; do
    bash_line=$(grep -E "^ *$verb\) COMPREPLY=" "$bash_completion" || true)
    zsh_line=$(grep -E "^ *$verb\) _arguments" "$zsh_completion" || true)
    [ -n "$bash_line" ] || miss "completions/dtx.bash: verb $verb (a '$verb) COMPREPLY=' line)"
    grep -q "'$verb:" "$zsh_completion" || miss "completions/_dtx: verb $verb (in verbs=)"
    grep -q -E "^\.B (dtx )?$verb( |\$)" "$man" || miss "man/dtx.1: verb $verb (a .B $verb line)"
    for flag in $("$dtx" "$verb" --help | flags_of); do
        printf '%s' "$bash_line" | grep -q -E -- "[\" ]$flag[\" ]" || miss "completions/dtx.bash: $verb $flag"
        if [ "$verb" != version ]; then
            printf '%s' "$zsh_line" | grep -q -E -- "['{,)]$flag([],}[ ']|\$)" || miss "completions/_dtx: $verb $flag"
        fi
        grep -q -F -- "$(groff "$flag")" "$man" || miss "man/dtx.1: $verb $flag"
    done
done

if [ -n "$missing" ]; then
    printf 'not documented (add each where it says):\n%s' "$missing"
    exit 1
fi
