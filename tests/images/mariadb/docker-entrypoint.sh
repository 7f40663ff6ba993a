#!/usr/bin/env bash
# Entrypoint modelled on the official mariadb image (same env vars, MYSQL_* accepted as aliases of
# MARIADB_*, same init-script conventions), tuned for fast start-up in tests:
#   - accounts and the database are created by the same `mariadbd --bootstrap` run that
#     mariadb-install-db does (its --extra-file), so without init scripts no server is started
#     before the real one;
#   - with init scripts they run against a temporary server started with --skip-networking
#     (unix socket only), so nothing accepts TCP connections before initialisation is done.
# No `set -u`: init scripts are sourced and, as with the official image, may use unset variables.
set -Eeo pipefail

DATADIR=/var/lib/mysql
SOCKET=/run/mysqld/mysqld.sock

# `docker run IMAGE --character-set-server=utf8mb4` means `mariadbd --character-set-server=...`.
case "${1:-}" in
    -*) set -- mariadbd "$@" ;;
esac

# Anything but the server, or the server just asked for information: run it as is.
if [ "${1:-}" != 'mariadbd' ] && [ "${1:-}" != 'mysqld' ]; then
    exec "$@"
fi
for arg; do
    case "$arg" in
        -'?' | --help | -V | --version | --print-defaults) exec "$@" ;;
    esac
done

# As root: prepare directories, then run this script again as the mysql user.
if [ "$(id -u)" = '0' ]; then
    mkdir -p "$DATADIR" /run/mysqld
    find "$DATADIR" /run/mysqld \! -user mysql -exec chown mysql:mysql '{}' +
    export HOME=/var/lib/mysql
    exec setpriv --reuid=mysql --regid=mysql --init-groups "${BASH_SOURCE[0]}" "$@"
fi

# mariadb_env NAME [DEFAULT]: sets MARIADB_NAME from MARIADB_NAME, MYSQL_NAME, or the file named
# by MARIADB_NAME_FILE / MYSQL_NAME_FILE (Docker secrets), in that order.
mariadb_env() {
    local name="$1" def="${2:-}" v
    for v in "MARIADB_$name" "MYSQL_$name"; do
        if [ -n "${!v:-}" ]; then
            export "MARIADB_$name"="${!v}"
            return
        fi
    done
    for v in "MARIADB_${name}_FILE" "MYSQL_${name}_FILE"; do
        if [ -n "${!v:-}" ]; then
            export "MARIADB_$name"="$(<"${!v}")"
            return
        fi
    done
    export "MARIADB_$name"="$def"
}

# SQL string literal / identifier quoting.
sql_str() {
    local s="${1//\\/\\\\}"
    printf "'%s'" "${s//\'/\\\'}"
}
# shellcheck disable=SC2016 # backticks are SQL quoting here
sql_ident() { printf '`%s`' "${1//\`/\`\`}"; }

# The client as root on the socket; the password goes through a defaults file on a pipe, not
# the command line (where ps would show it).
docker_process_sql() {
    local pw="${MARIADB_ROOT_PASSWORD//\\/\\\\}"
    pw="${pw//\"/\\\"}"
    mariadb --defaults-extra-file=<(printf '[client]\npassword="%s"\n' "$pw") \
        --protocol=socket --socket="$SOCKET" -uroot ${MARIADB_DATABASE:+--database="$MARIADB_DATABASE"} "$@"
}

# Runs /docker-entrypoint-initdb.d/* in sorted order: *.sh executed (if executable) or sourced,
# *.sql and compressed *.sql.{gz,xz,zst,bz2} piped to the client.
docker_process_init_files() {
    local f
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
            *.sql) echo "$0: running $f"; docker_process_sql <"$f" ;;
            *.sql.gz) echo "$0: running $f"; gunzip -c "$f" | docker_process_sql ;;
            *.sql.xz) echo "$0: running $f"; xzcat "$f" | docker_process_sql ;;
            *.sql.zst) echo "$0: running $f"; zstd -dc "$f" | docker_process_sql ;;
            *.sql.bz2) echo "$0: running $f"; bunzip2 -c "$f" | docker_process_sql ;;
            *) echo "$0: ignoring $f" ;;
        esac
    done
}

# The account/database set-up, executed at the end of mariadb-install-db's bootstrap run.
setup_sql() {
    local rootpw
    rootpw="$(sql_str "$MARIADB_ROOT_PASSWORD")"
    # Bootstrap mode starts without the privilege system; FLUSH PRIVILEGES loads it so that
    # CREATE USER / GRANT work.
    echo "FLUSH PRIVILEGES;"
    echo "SET @@SESSION.SQL_MODE=REPLACE(@@SESSION.SQL_MODE, 'NO_BACKSLASH_ESCAPES', '');"
    # As the official image: root only as root@localhost (socket) and root@MARIADB_ROOT_HOST.
    echo "DROP USER IF EXISTS root@'127.0.0.1', root@'::1';"
    echo "ALTER USER root@localhost IDENTIFIED BY $rootpw;"
    if [ "$MARIADB_ROOT_HOST" != 'localhost' ]; then
        echo "CREATE USER root@$(sql_str "$MARIADB_ROOT_HOST") IDENTIFIED BY $rootpw;"
        echo "GRANT ALL ON *.* TO root@$(sql_str "$MARIADB_ROOT_HOST") WITH GRANT OPTION;"
        # GRANT PROXY is refused in bootstrap mode; write the row it would write.
        echo "INSERT INTO mysql.proxies_priv (Host, User, Proxied_host, Proxied_user, With_grant)" \
            "VALUES ($(sql_str "$MARIADB_ROOT_HOST"), 'root', '', '', 1);"
    fi
    if [ -n "$MARIADB_DATABASE" ]; then
        echo "CREATE DATABASE IF NOT EXISTS $(sql_ident "$MARIADB_DATABASE");"
    fi
    if [ -n "$MARIADB_USER" ]; then
        echo "CREATE USER $(sql_str "$MARIADB_USER")@'%' IDENTIFIED BY $(sql_str "$MARIADB_PASSWORD");"
        if [ -n "$MARIADB_DATABASE" ]; then
            echo "GRANT ALL ON $(sql_ident "$MARIADB_DATABASE").* TO $(sql_str "$MARIADB_USER")@'%';"
        fi
    fi
    echo "FLUSH PRIVILEGES;"
}

if [ ! -d "$DATADIR/mysql" ]; then
    mariadb_env ROOT_PASSWORD
    mariadb_env ALLOW_EMPTY_ROOT_PASSWORD
    mariadb_env RANDOM_ROOT_PASSWORD
    mariadb_env ROOT_HOST '%'
    mariadb_env DATABASE
    mariadb_env USER
    mariadb_env PASSWORD
    # MYSQL_ALLOW_EMPTY_PASSWORD is the old name of MARIADB_ALLOW_EMPTY_ROOT_PASSWORD.
    : "${MARIADB_ALLOW_EMPTY_ROOT_PASSWORD:=${MYSQL_ALLOW_EMPTY_PASSWORD:-}}"

    if [ -z "$MARIADB_ROOT_PASSWORD" ] && [ -z "$MARIADB_ALLOW_EMPTY_ROOT_PASSWORD" ] &&
        [ -z "$MARIADB_RANDOM_ROOT_PASSWORD" ]; then
        cat >&2 <<'MSG'
error: Database is uninitialized and password option is not specified
	You need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD
	(or their MYSQL_* aliases: MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_RANDOM_ROOT_PASSWORD)
MSG
        exit 1
    fi
    if [ -n "$MARIADB_USER" ] && [ -z "$MARIADB_PASSWORD" ]; then
        echo >&2 "error: MARIADB_USER/MYSQL_USER is set but MARIADB_PASSWORD/MYSQL_PASSWORD is not"
        exit 1
    fi
    if [ "$MARIADB_USER" = 'root' ]; then
        echo >&2 "error: MARIADB_USER/MYSQL_USER=root is not allowed; set MARIADB_ROOT_PASSWORD/MYSQL_ROOT_PASSWORD instead"
        exit 1
    fi
    if [ -z "$MARIADB_ROOT_PASSWORD" ] && [ -n "$MARIADB_RANDOM_ROOT_PASSWORD" ]; then
        # Finite pipeline: a `tr </dev/urandom | head` would die of SIGPIPE under pipefail.
        MARIADB_ROOT_PASSWORD="$(head -c 48 /dev/urandom | base64 -w0 | tr -dc '[:alnum:]')"
        echo "GENERATED ROOT PASSWORD: $MARIADB_ROOT_PASSWORD"
    fi

    echo 'Initializing database files'
    # mariadb-install-db wants a regular file for --extra-file; keep it private and short-lived.
    setup_file="$(mktemp)"
    trap 'rm -f "$setup_file"' EXIT
    setup_sql >"$setup_file"
    mariadb-install-db --datadir="$DATADIR" --rpm --auth-root-authentication-method=normal \
        --skip-test-db --skip-name-resolve --cross-bootstrap --skip-log-bin --expire-logs-days=0 \
        --loose-innodb_buffer_pool_load_at_startup=0 --loose-innodb_buffer_pool_dump_at_shutdown=0 \
        --default-time-zone=SYSTEM --extra-file="$setup_file" "${@:2}"
    rm -f "$setup_file"
    trap - EXIT

    shopt -s nullglob
    init_files=(/docker-entrypoint-initdb.d/*)
    shopt -u nullglob
    if [ ${#init_files[@]} -gt 0 ]; then
        echo 'Starting temporary server (socket only)'
        "$@" --skip-networking --socket="$SOCKET" --default-time-zone=SYSTEM --wsrep_on=OFF \
            --expire-logs-days=0 --skip-slave-start --loose-innodb_buffer_pool_load_at_startup=0 \
            --loose-innodb_buffer_pool_dump_at_shutdown=0 &
        pid=$!
        for i in $(seq 1 600); do
            if docker_process_sql --database=mysql -e 'SELECT 1' >/dev/null 2>&1; then
                break
            fi
            if ! kill -0 "$pid" 2>/dev/null || [ "$i" = 600 ]; then
                echo >&2 'error: temporary server did not start'
                exit 1
            fi
            sleep 0.05
        done
        docker_process_init_files "${init_files[@]}"
        # SIGTERM = normal shutdown; quicker than mariadb-admin shutdown, which polls once a second.
        kill -TERM "$pid"
        wait "$pid"
        echo 'Temporary server stopped'
    fi

    echo
    echo 'MariaDB init process done. Ready for start up.'
    echo
fi

exec "$@"
