#!/usr/bin/env bash
# Entrypoint modelled on the official postgres image (same env vars and init-script conventions),
# tuned for fast start-up in tests:
#   - initdb --no-sync: durability across host crashes does not matter for throwaway test data;
#   - without init scripts the database is created in single-user mode (no server start/stop);
#   - with init scripts they run against a temporary server on the unix socket only
#     (listen_addresses=''), so nothing accepts TCP connections before initialisation is done.
# No `set -u`: init scripts are sourced and, as with the official image, may use unset variables.
set -Eeo pipefail

# file_env VAR [DEFAULT]: VAR may also come from the file named by VAR_FILE (Docker secrets).
file_env() {
    local var="$1" def="${2:-}" fvar="${1}_FILE" val
    if [ -n "${!var:-}" ] && [ -n "${!fvar:-}" ]; then
        echo >&2 "error: both $var and $fvar are set (but are exclusive)"
        exit 1
    fi
    val="$def"
    if [ -n "${!var:-}" ]; then
        val="${!var}"
    elif [ -n "${!fvar:-}" ]; then
        val="$(<"${!fvar}")"
    fi
    export "$var"="$val"
    unset "$fvar"
}

# `docker run IMAGE -c fsync=off` means `postgres -c fsync=off`.
case "${1:-}" in
    -*) set -- postgres "$@" ;;
esac

# Anything but the server, or the server just asked for information: run it as is.
if [ "${1:-}" != 'postgres' ]; then
    exec "$@"
fi
for arg; do
    case "$arg" in
        -'?' | --help | -V | --version | --describe-config | -C) exec "$@" ;;
    esac
done

: "${PGDATA:=/var/lib/postgresql/data}"
export PGDATA

# As root: prepare directories, then run this script again as the postgres user.
if [ "$(id -u)" = '0' ]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chmod 00700 "$PGDATA"
    chmod 03777 /var/run/postgresql || :
    find "$PGDATA" /var/run/postgresql \! -user postgres -exec chown postgres:postgres '{}' +
    export HOME=/var/lib/postgresql
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

# Runs SQL from stdin against the temporary server (as the official image's docker_process_sql).
docker_process_sql() {
    PGHOST='' PGHOSTADDR='' psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc \
        --dbname "$POSTGRES_DB" "$@"
}

# Runs /docker-entrypoint-initdb.d/* in sorted order: *.sh executed (if executable) or sourced,
# *.sql, *.sql.gz, *.sql.xz, *.sql.zst piped to psql.
docker_process_init_files() {
    local f
    # shellcheck disable=SC2034 # for sourced scripts, as in the official image
    psql=(docker_process_sql)
    for f; do
        case "$f" in
            *.sh)
                if [ -x "$f" ]; then
                    echo "$0: running $f"
                    "$f"
                else
                    echo "$0: sourcing $f"
                    # shellcheck disable=SC1090
                    . "$f"
                fi
                ;;
            *.sql) echo "$0: running $f"; docker_process_sql -f "$f" ;;
            *.sql.gz) echo "$0: running $f"; gunzip -c "$f" | docker_process_sql ;;
            *.sql.xz) echo "$0: running $f"; xzcat "$f" | docker_process_sql ;;
            *.sql.zst) echo "$0: running $f"; zstd -dc "$f" | docker_process_sql ;;
            *) echo "$0: ignoring $f" ;;
        esac
    done
}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    file_env POSTGRES_PASSWORD
    file_env POSTGRES_USER postgres
    file_env POSTGRES_DB "$POSTGRES_USER"
    file_env POSTGRES_INITDB_ARGS
    if [ -n "${POSTGRES_INITDB_WALDIR:-}" ]; then
        POSTGRES_INITDB_ARGS="--waldir=$POSTGRES_INITDB_WALDIR $POSTGRES_INITDB_ARGS"
    fi
    : "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"

    if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != 'trust' ]; then
        cat >&2 <<'MSG'
Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
       connections without a password. This is *not* recommended.

       See PostgreSQL documentation about "trust":
       https://www.postgresql.org/docs/current/auth-trust.html
MSG
        exit 1
    fi

    # POSTGRES_INITDB_ARGS is word-split on purpose, like the official image.
    # shellcheck disable=SC2086
    if [ -n "$POSTGRES_PASSWORD" ]; then
        initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
            --no-sync --no-instructions $POSTGRES_INITDB_ARGS
    else
        initdb --username="$POSTGRES_USER" --no-sync --no-instructions $POSTGRES_INITDB_ARGS
    fi

    # Local (socket) connections stay "trust" as set by initdb; everything else needs the method.
    printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >>"$PGDATA/pg_hba.conf"

    if [ "$POSTGRES_DB" != 'postgres' ]; then
        # Single-user mode: no listener, no start/stop handshake. exit_on_error turns an SQL
        # error into a non-zero exit status; fsync=off (this run only) spares the shutdown
        # checkpoint's syncs, in the spirit of initdb --no-sync.
        printf 'CREATE DATABASE "%s";\n' "${POSTGRES_DB//\"/\"\"}" |
            postgres --single -D "$PGDATA" -c exit_on_error=true -c fsync=off -c log_checkpoints=off \
                postgres >/dev/null
    fi

    shopt -s nullglob
    init_files=(/docker-entrypoint-initdb.d/*)
    shopt -u nullglob
    if [ ${#init_files[@]} -gt 0 ]; then
        export PGPASSWORD="${PGPASSWORD:-$POSTGRES_PASSWORD}"
        # The server's own arguments too (e.g. -c shared_preload_libraries=…), as the official image.
        pg_ctl -D "$PGDATA" -o "$(printf '%q ' "${@:2}" -c listen_addresses='' -p "${PGPORT:-5432}")" \
            -w -t 60 start
        docker_process_init_files "${init_files[@]}"
        pg_ctl -D "$PGDATA" -m fast -w stop
        unset PGPASSWORD
    fi

    echo
    echo 'PostgreSQL init process complete; ready for start up.'
    echo
fi

exec "$@"
