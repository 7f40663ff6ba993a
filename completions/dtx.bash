# bash completion for dtx
_dtx() {
    local cur prev words cword
    _init_completion -n = 2>/dev/null || {
        cur="${COMP_WORDS[COMP_CWORD]}"
        prev="${COMP_WORDS[COMP_CWORD-1]}"
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    }
    local i
    for ((i = 1; i < cword; i++)); do
        if [ "${words[i]}" = "--" ]; then
            # After --: complete the test command like any command line.
            COMPREPLY=($(compgen -c -- "$cur") $(compgen -f -- "$cur"))
            return
        fi
    done
    case "$prev" in
        --env-file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        -f|--file) COMPREPLY=($(compgen -f -X '!*.y*ml' -- "$cur") $(compgen -d -- "$cur")); return ;;
        -p|--project-name|--timeout|--profile|--run|--subnet-pool) return ;;
        --format)
            # config takes yaml|json, env sh|dotenv|json|github.
            local formats="yaml json"
            for ((i = 1; i < cword; i++)); do [ "${words[i]}" = env ] && formats="sh dotenv json github"; done
            COMPREPLY=($(compgen -W "$formats" -- "$cur")); return ;;
    esac
    local verb=""
    for ((i = 1; i < cword; i++)); do
        case "${words[i]}" in run|up|config|validate|version|down|prune|env) verb="${words[i]}" ;; esac
    done
    case "$verb" in
        run) COMPREPLY=($(compgen -W "--timeout --dry-run --build --no-build --keep-host-ports --keep --keep-on-failure --subnet-pool --timings --exit-code-from --abort-on-container-exit --help --" -- "$cur")) ;;
        up) COMPREPLY=($(compgen -W "-d --detach --force-recreate --build --no-build --timeout --subnet-pool --timings --exit-code-from --abort-on-container-exit --help" -- "$cur")) ;;
        config) COMPREPLY=($(compgen -W "--format --services --profiles --images --no-mask -q --quiet --help" -- "$cur")) ;;
        validate) COMPREPLY=($(compgen -W "-q --quiet --help" -- "$cur")) ;;
        version) COMPREPLY=($(compgen -W "--help" -- "$cur")) ;;
        down) COMPREPLY=($(compgen -W "--run --all -v --volumes --help" -- "$cur")) ;;
        prune) COMPREPLY=($(compgen -W "--all --dry-run --help" -- "$cur")) ;;
        env) COMPREPLY=($(compgen -W "--format --help" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "run up config validate version down prune env -f --file -p --project-name --profile --env-file -v --verbose -q --quiet --help --version" -- "$cur")) ;;
    esac
}
complete -F _dtx dtx
