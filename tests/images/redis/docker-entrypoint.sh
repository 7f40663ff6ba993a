#!/bin/sh
# Entrypoint modelled on the official redis image.
set -e

# `docker run IMAGE --maxmemory 1mb` or `docker run IMAGE /path/redis.conf` run redis-server.
case "$1" in
    -* | *.conf) set -- redis-server "$@" ;;
esac

# As root: hand /data to redis and run this script again as that user.
if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
    find . \! -user redis -exec chown redis '{}' +
    exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi

# redis-server only recognises these as its first argument: leave such calls alone.
case "$1 ${2:-}" in
    'redis-server -v' | 'redis-server --version' | 'redis-server -h' | 'redis-server --help' | \
        'redis-server --test-memory' | 'redis-server --check-system') exec "$@" ;;
esac

if [ "$1" = 'redis-server' ]; then
    shift
    # The official image compiles protected mode off, so a password-less server answers clients
    # from other hosts (the published port). Our options go after the config file (redis wants
    # it first) and before the user's options, which therefore still win; a config file that
    # sets protected-mode itself is respected. Binding is redis' default without a config file:
    # all IPv4 and IPv6 interfaces ("* -::*").
    conf=
    case "${1:-}" in
        '' | -*) ;;
        *) conf="$1"; shift ;;
    esac
    if [ -n "$conf" ] && [ -r "$conf" ] && grep -Eqi '^[[:space:]]*protected-mode[[:space:]]' "$conf"; then
        set -- redis-server "$conf" "$@"
    else
        set -- redis-server ${conf:+"$conf"} --protected-mode no "$@"
    fi

    # Same as the official image: private files unless the caller chose a umask.
    if [ "$(umask)" = '0022' ]; then
        umask 0077
    fi
fi

exec "$@"
